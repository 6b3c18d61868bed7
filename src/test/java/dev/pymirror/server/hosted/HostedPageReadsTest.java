package dev.pymirror.server.hosted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.server.config.HostedConfig;
import dev.pymirror.server.index.RenderedProjectList;
import dev.pymirror.server.index.RenderedProjectPage;
import dev.pymirror.server.index.Unavailable;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.store.blob.BlobStore;
import dev.pymirror.store.blob.LocalBlobStore;
import dev.pymirror.testing.CountingBlobStore;
import dev.pymirror.testing.Wheel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hosted page on the data directory: answered from memory while its log is as it was (one stat
 * of the log's folder, no read of the store), and read again as soon as any writer, this process or
 * another over the same directory, adds an entry.
 */
class HostedPageReadsTest {

    @TempDir
    Path dir;

    final ProjectName project = ProjectName.of("acme-pages");

    HostedIndex index(BlobStore store) throws IOException {
        return new HostedIndex(HostedConfig.defaults("internal"), store, "", dir.resolve("internal"), Clock.systemUTC());
    }

    /** As if the log's last change were long past: the file system's clock has ticked since. */
    void settle(Duration ago) throws IOException {
        Files.setLastModifiedTime(dir.resolve("internal/projects").resolve(project.normalized()),
                FileTime.from(Instant.now().minus(ago)));
    }

    List<String> served(HostedIndex index) throws Exception {
        return ((RenderedProjectPage) index.page(project).page()).page().files().stream().map(ProjectFile::filename).toList();
    }

    /** One wheel uploaded and its page read, its log folder then as if long unchanged. */
    Wheel servedAndSettled(HostedIndex index) throws Exception {
        Wheel one = Wheel.of("acme-pages", "1.0").build();
        HostedIndexHealthTest.upload(index, one, "acme-pages", "1.0");
        settle(Duration.ofHours(1));
        assertThat(served(index)).containsExactly(one.filename());
        return one;
    }

    @Test
    void aPageWhoseLogDidNotChangeIsAnsweredWithoutReadingTheStore() throws Exception {
        CountingBlobStore store = new CountingBlobStore(new LocalBlobStore(dir.resolve("internal")));
        HostedIndex index = index(store);
        Wheel one = servedAndSettled(index);

        store.reads.set(0);
        for (int i = 0; i < 50; i++) {
            assertThat(index.readyPage(project)).isPresent();
            assertThat(served(index)).containsExactly(one.filename());
            assertThat(index.storedFile(project, one.filename())).isPresent();
        }
        assertThat(store.reads.get()).isZero();
    }

    @Test
    void anEntryWrittenByAnotherInstanceOverTheSameDirectoryShowsAtTheNextRequest() throws Exception {
        CountingBlobStore store = new CountingBlobStore(new LocalBlobStore(dir.resolve("internal")));
        HostedIndex server = index(store);
        Wheel one = servedAndSettled(server);

        // A second process (a `pymirror file` command, another server) over the same folder.
        HostedIndex beside = index(new LocalBlobStore(dir.resolve("internal")));
        Wheel two = Wheel.of("acme-pages", "2.0").build();
        HostedIndexHealthTest.upload(beside, two, "acme-pages", "2.0");
        assertThat(served(server)).containsExactly(one.filename(), two.filename());

        // Long after (the folder's time no longer recent), still the new state, then from memory.
        beside.yank(project, one.filename(), "broken");
        settle(Duration.ofMinutes(30));
        assertThat(((RenderedProjectPage) server.page(project).page()).page().files().getFirst().yank()).isNotNull();
        store.reads.set(0);
        assertThat(served(server)).containsExactly(one.filename(), two.filename());
        assertThat(store.reads.get()).isZero();

        // The last file deleted beside the server: the project is gone at the next request.
        beside.delete(project, one.filename());
        beside.delete(project, two.filename());
        settle(Duration.ofMinutes(20));
        assertThatThrownBy(() -> server.readyPage(project)).isInstanceOf(Unavailable.class);
    }

    @Test
    void theProjectListIsServedAgainWithoutListingOrReadingWhileNoProjectChangedAndShowsAnotherWritersChange()
            throws Exception {
        CountingBlobStore store = new CountingBlobStore(new LocalBlobStore(dir.resolve("internal")));
        HostedIndex server = index(store);
        Wheel one = Wheel.of("acme-pages", "1.0").build();
        HostedIndexHealthTest.upload(server, one, "acme-pages", "1.0");
        HostedIndexHealthTest.upload(server, Wheel.of("acme-other", "1.0").build(), "acme-other", "1.0");
        settleAll();
        assertThat(listed(server)).containsExactly("acme-other", "acme-pages");

        store.reads.set(0);
        store.lists.set(0);
        for (int i = 0; i < 20; i++) {
            assertThat(listed(server)).containsExactly("acme-other", "acme-pages");
        }
        assertThat(store.reads.get()).isZero();
        assertThat(store.lists.get()).isZero();

        // A new project, then the last file of one deleted, by another process over the same folder.
        HostedIndex beside = index(new LocalBlobStore(dir.resolve("internal")));
        HostedIndexHealthTest.upload(beside, Wheel.of("acme-new", "1.0").build(), "acme-new", "1.0");
        assertThat(listed(server)).containsExactly("acme-new", "acme-other", "acme-pages");
        settleAll();
        assertThat(listed(server)).containsExactly("acme-new", "acme-other", "acme-pages");
        beside.delete(project, one.filename());
        assertThat(listed(server)).containsExactly("acme-new", "acme-other");
        settleAll();
        assertThat(listed(server)).containsExactly("acme-new", "acme-other");
    }

    @Test
    void anImportsCommitShowsOnThePageAndTheListThoughNoLogFolderChanged() throws Exception {
        HostedIndex server = index(new LocalBlobStore(dir.resolve("internal")));
        HostedIndex importer = index(new LocalBlobStore(dir.resolve("internal")));
        Wheel one = Wheel.of("acme-pages", "1.0").build();
        Wheel two = Wheel.of("acme-pages", "2.0").build();
        Wheel fresh = Wheel.of("acme-fresh", "1.0").build();
        HostedIndexHealthTest.upload(server, one, "acme-pages", "1.0");
        String id = importer.openImport("cd".repeat(32));
        importer.carry(HostedImportTest.form(two, "acme-pages", "bundle cd"), new java.io.ByteArrayInputStream(two.bytes()),
                null, null, id);
        importer.carry(HostedImportTest.form(fresh, "acme-fresh", "bundle cd"),
                new java.io.ByteArrayInputStream(fresh.bytes()), null, null, id);
        settleAll();
        assertThat(served(server)).containsExactly(one.filename());
        assertThat(listed(server)).containsExactly("acme-pages");

        // The commit object lies outside every project's log folder: no folder's mark changes.
        importer.commitImport(id);
        assertThat(served(server)).containsExactly(one.filename(), two.filename());
        assertThat(listed(server)).containsExactly("acme-fresh", "acme-pages");
    }

    /** Every folder of the index as if its last change were long past. */
    void settleAll() throws IOException {
        Path projects = dir.resolve("internal/projects");
        Instant past = Instant.now().minus(Duration.ofHours(1)).minusSeconds(counter++);
        try (var folders = Files.list(projects)) {
            for (Path p : folders.toList()) {
                Files.setLastModifiedTime(p, FileTime.from(past));
            }
        }
        Files.setLastModifiedTime(projects, FileTime.from(past));
    }

    int counter;

    static List<String> listed(HostedIndex index) throws Exception {
        return ((RenderedProjectList) index.projectList().page()).list().names().stream().map(ProjectName::normalized)
                .toList();
    }

    @Test
    void aProjectThisIndexNeverHadIsAnsweredWithoutListingOrReading() throws Exception {
        CountingBlobStore store = new CountingBlobStore(new LocalBlobStore(dir.resolve("internal")));
        HostedIndex index = index(store);
        HostedIndexHealthTest.upload(index, Wheel.of("acme-pages", "1.0").build(), "acme-pages", "1.0");
        store.reads.set(0);
        store.lists.set(0);
        for (int i = 0; i < 10; i++) {
            // A group asks its hosted member for every project pip wants from the public index.
            assertThatThrownBy(() -> index.readyPage(ProjectName.of("requests"))).isInstanceOf(Unavailable.class);
            assertThatThrownBy(() -> index.page(ProjectName.of("requests"))).isInstanceOf(Unavailable.class);
        }
        assertThat(store.reads.get()).isZero();
        assertThat(store.lists.get()).isZero();
        // Its first upload, by another process, shows at once.
        HostedIndexHealthTest.upload(index(new LocalBlobStore(dir.resolve("internal"))),
                Wheel.of("requests", "1.0").build(), "requests", "1.0");
        assertThat(index.readyPage(ProjectName.of("requests"))).isPresent();
    }

    @Test
    void aLogChangedWithinTheFileSystemsClockTickIsReadOnEveryRequest() throws Exception {
        CountingBlobStore store = new CountingBlobStore(new LocalBlobStore(dir.resolve("internal")));
        HostedIndex index = index(store);
        HostedIndexHealthTest.upload(index, Wheel.of("acme-pages", "1.0").build(), "acme-pages", "1.0");
        settle(Duration.ZERO);
        store.reads.set(0);
        for (int i = 0; i < 5; i++) {
            served(index);
        }
        // Each request asked for the log's next entry: a second entry made in the same tick would
        // not have changed the folder's time.
        assertThat(store.reads.get()).isEqualTo(5);
    }
}
