package dev.pymirror.server.hosted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.server.config.HostedConfig;
import dev.pymirror.server.index.RenderableProjectPage;
import dev.pymirror.server.index.Unavailable;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.server.index.Upload;
import dev.pymirror.server.index.WritableIndex.Stored;
import dev.pymirror.server.index.WriteRefused;
import dev.pymirror.store.blob.BlobStore;
import dev.pymirror.store.blob.LocalBlobStore;
import dev.pymirror.testing.ForwardingBlobStore;
import dev.pymirror.testing.Wheel;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files carried from one index into a hosted one (what {@code bundle import --into-index} does with
 * a bundle's tree): stored as uploads, keeping their upload times and yanks; the same bytes again
 * change nothing; a name held with other bytes refuses the whole copy before anything is stored; an
 * import's files are seen only with its commit, so a copy stopped midway shows nothing, and the same
 * bundle again finishes it.
 */
class HostedImportTest {

    @TempDir
    Path dir;

    final Clock then = Clock.fixed(Instant.parse("2026-01-02T03:04:05.123456Z"), ZoneOffset.UTC);
    final Clock now = Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC);
    final Wheel app = Wheel.of("acme-app", "1.0").build();
    final Wheel tool = Wheel.of("acme-tool", "1.0").build();
    static final String MANIFEST = "ab".repeat(32);

    HostedIndex source() throws Exception {
        HostedIndex source = new HostedIndex(HostedConfig.defaults("source"), dir.resolve("source"), then);
        upload(source, app, "acme-app", "alice");
        upload(source, tool, "acme-tool", "alice");
        source.yank(ProjectName.of("acme-app"), app.filename(), "broken");
        return source;
    }

    @Test
    void filesKeepTheirUploadTimesAndYanksAndTheSameBytesAgainChangeNothing() throws Exception {
        HostedIndex into = new HostedIndex(HostedConfig.defaults("local"), dir.resolve("local"), now);
        HostedIndex source = source();

        assertThat(HostedImport.copy(source, into, "bundle abc", MANIFEST)).isEqualTo(new HostedImport.Report(2, 0));
        HostedFile carried = into.files(ProjectName.of("acme-app")).getFirst();
        assertThat(carried.uploaded()).isEqualTo(then.instant());
        assertThat(carried.yanked()).isEqualTo("broken");
        assertThat(carried.sha256()).isEqualTo(app.sha256());
        assertThat(carried.uploader()).isEqualTo("bundle abc");
        assertThat(carried.metadataSha256()).isEqualTo(app.metadataSha256());
        assertThat(into.files(ProjectName.of("acme-tool")).getFirst().yanked()).isNull();

        assertThat(HostedImport.copy(source, into, "bundle abc", MANIFEST)).isEqualTo(new HostedImport.Report(0, 2));
        assertThat(into.files(ProjectName.of("acme-app"))).containsExactly(carried);
    }

    @Test
    void aNameHeldWithOtherBytesRefusesTheWholeCopyNamingIt() throws Exception {
        HostedIndex into = new HostedIndex(HostedConfig.defaults("local"), dir.resolve("local"), now);
        Wheel rival = Wheel.of("acme-app", "1.0").payload(2_000, 7).build();
        upload(into, rival, "acme-app", "bob");
        HostedIndex source = source();

        assertThatThrownBy(() -> HostedImport.copy(source, into, "bundle abc", MANIFEST)).isInstanceOf(WriteRefused.class)
                .hasMessageStartingWith("'" + app.filename() + "' already exists in index 'local' with other bytes"
                        + " (sha256 " + rival.sha256() + ")")
                .hasMessageEndingWith("nothing was imported into index 'local'");
        // acme-tool, which alone could have gone in, did not.
        assertThat(into.projectNames()).containsExactly(ProjectName.of("acme-app"));
        assertThat(into.files(ProjectName.of("acme-app"))).extracting(HostedFile::sha256).containsExactly(rival.sha256());

        // A deleted name keeps its bytes too.
        into.delete(ProjectName.of("acme-app"), rival.filename());
        assertThat(into.conflict(ProjectName.of("acme-app"), app.filename(), app.sha256())).get().asString()
                .contains("was deleted from index 'local'");
        assertThat(into.conflict(ProjectName.of("acme-app"), app.filename(), rival.sha256())).isEmpty();
        assertThat(into.conflict(ProjectName.of("acme-tool"), tool.filename(), tool.sha256())).isEmpty();
    }

    @Test
    void aCopyStoppedMidwayShowsNothingAndRunningItAgainFinishesIt() throws Exception {
        Wheel big = Wheel.of("acme-tool", "1.0").payload(50_000, 3).build();
        HostedIndex source = new HostedIndex(HostedConfig.defaults("source"), dir.resolve("source"), then);
        upload(source, app, "acme-app", "alice");
        upload(source, big, "acme-tool", "alice");
        // A limit that only acme-tool's wheel (the second file carried) exceeds stops the copy there.
        HostedIndex small = new HostedIndex(HostedConfig.defaults("local").withMaxUploadBytes(10_000),
                dir.resolve("local"), now);
        assertThatThrownBy(() -> HostedImport.copy(source, small, "bundle abc", MANIFEST))
                .isInstanceOf(WriteRefused.class).hasMessageContaining("too large")
                .hasMessageEndingWith("nothing was imported into index 'local' (the same bundle imported again goes"
                        + " on from the files stored)");
        // acme-app's wheel is stored and logged, but no reader sees it.
        assertThat(small.projectNames()).isEmpty();
        assertThat(small.files(ProjectName.of("acme-app"))).isEmpty();
        assertThatThrownBy(() -> small.page(ProjectName.of("acme-app"))).isInstanceOf(Unavailable.class);
        assertThat(small.history(ProjectName.of("acme-app"))).isEmpty();

        HostedIndex larger = new HostedIndex(HostedConfig.defaults("local"), dir.resolve("local"), now);
        assertThat(HostedImport.copy(source, larger, "bundle abc", MANIFEST)).isEqualTo(new HostedImport.Report(2, 0));
        assertThat(larger.files(ProjectName.of("acme-tool"))).extracting(HostedFile::sha256).containsExactly(big.sha256());
        assertThat(larger.files(ProjectName.of("acme-app"))).hasSize(1);
        // The index that saw the stopped copy sees its commit too (its log was read before it).
        assertThat(small.projectNames()).containsExactly(ProjectName.of("acme-app"), ProjectName.of("acme-tool"));
        assertThat(small.page(ProjectName.of("acme-app")).page()).isNotNull();
    }

    @Test
    void anImportsFilesShowOnlyWithItsCommitOnEveryInstanceOfTheIndex() throws Exception {
        HostedIndex importer = new HostedIndex(HostedConfig.defaults("local"), dir.resolve("local"), now);
        HostedIndex reader = new HostedIndex(HostedConfig.defaults("local"), dir.resolve("local"), now);
        Wheel older = Wheel.of("acme-app", "0.9").build();
        upload(reader, older, "acme-app", "bob");
        String id = importer.openImport(MANIFEST);
        assertThat(importer.carry(form(app, "acme-app", "bundle abc"), new ByteArrayInputStream(app.bytes()), null,
                "broken", id)).isEqualTo(Stored.NEW);
        assertThat(filesOnPage(reader, "acme-app")).containsExactly(older.filename());
        assertThat(importer.files(ProjectName.of("acme-app"))).extracting(HostedFile::filename)
                .containsExactly(older.filename());
        // The same import again (a resumed run) finds what it stored, and adds no second entry.
        assertThat(importer.openImport(MANIFEST)).isEqualTo(id);
        assertThat(importer.carry(form(app, "acme-app", "bundle abc"), new ByteArrayInputStream(app.bytes()), null,
                "broken", id)).isEqualTo(Stored.IDENTICAL);
        // Nothing unseen can be yanked or deleted.
        assertThatThrownBy(() -> reader.yank(ProjectName.of("acme-app"), app.filename(), "no"))
                .isInstanceOf(WriteRefused.class).hasMessageContaining("has no file");
        // Meanwhile an upload of the same name: other bytes are refused (the name is the import's), the
        // same bytes are stored and served at once.
        Wheel rival = Wheel.of("acme-app", "1.0").payload(2_000, 7).build();
        assertThat(reader.conflict(ProjectName.of("acme-app"), app.filename(), rival.sha256())).get().asString()
                .contains("already exists in index 'local' with other bytes (sha256 " + app.sha256() + ")");
        assertThatThrownBy(() -> upload(reader, rival, "acme-app", "bob")).isInstanceOf(WriteRefused.class)
                .hasMessageContaining("with other bytes");
        upload(reader, tool, "acme-tool", "bob");
        assertThat(importer.projectNames()).containsExactly(ProjectName.of("acme-app"), ProjectName.of("acme-tool"));

        importer.commitImport(id);
        // The reader's log has no new entry, yet its page shows the commit.
        assertThat(filesOnPage(reader, "acme-app")).containsExactly(older.filename(), app.filename());
        assertThat(reader.files(ProjectName.of("acme-app"))).extracting(HostedFile::yanked).containsExactly(null,
                "broken");
        assertThat(reader.projectNames()).containsExactly(ProjectName.of("acme-app"), ProjectName.of("acme-tool"));
        // A committed import is done: the same bundle again is a new import, unseen until its own commit.
        reader.delete(ProjectName.of("acme-app"), app.filename());
        reader.delete(ProjectName.of("acme-app"), older.filename());
        String next = importer.openImport(MANIFEST);
        assertThat(next).isNotEqualTo(id);
        importer.carry(form(app, "acme-app", "bundle abc"), new ByteArrayInputStream(app.bytes()), null, null, next);
        assertThat(reader.files(ProjectName.of("acme-app"))).isEmpty();
        importer.commitImport(next);
        assertThat(reader.files(ProjectName.of("acme-app"))).extracting(HostedFile::generation).containsExactly(1);
    }

    @Test
    void anUploadOfTheSameBytesDuringAnImportIsServedAtOnceAndTheCommitKeepsIt() throws Exception {
        HostedIndex importer = new HostedIndex(HostedConfig.defaults("local"), dir.resolve("local"), now);
        HostedIndex reader = new HostedIndex(HostedConfig.defaults("local"), dir.resolve("local"), then);
        String id = importer.openImport(MANIFEST);
        importer.carry(form(app, "acme-app", "bundle abc"), new ByteArrayInputStream(app.bytes()), null, "broken", id);
        assertThat(reader.conflict(ProjectName.of("acme-app"), app.filename(), app.sha256())).isEmpty();
        assertThat(reader.upload(form(app, "acme-app", "bob"), new ByteArrayInputStream(app.bytes())))
                .isEqualTo(Stored.NEW);
        assertThat(filesOnPage(reader, "acme-app")).containsExactly(app.filename());

        importer.commitImport(id);
        // The upload's entry came after the import's: its record is the one served.
        assertThat(reader.files(ProjectName.of("acme-app"))).extracting(HostedFile::uploader, HostedFile::yanked)
                .containsExactly(tuple("bob", null));
        assertThat(importer.carry(form(app, "acme-app", "bundle abc"), new ByteArrayInputStream(app.bytes()), null,
                "broken", importer.openImport(MANIFEST))).isEqualTo(Stored.IDENTICAL);
    }

    @Test
    void aNodeOnABucketSeesAnotherNodesCommitWithinFresh() throws Exception {
        HostedIndexHealthTest.StepClock clock = new HostedIndexHealthTest.StepClock();
        // Read as over a network: pages answered from memory within FRESH, as a node on a bucket does.
        BlobStore bucket = new ForwardingBlobStore(new LocalBlobStore(dir.resolve("bucket"))) {
            @Override
            public boolean readsLocally() {
                return false;
            }
        };
        HostedIndex nodeA = new HostedIndex(HostedConfig.defaults("local"), bucket, "local/", dir.resolve("a"), clock);
        HostedIndex nodeB = new HostedIndex(HostedConfig.defaults("local"), bucket, "local/", dir.resolve("b"), clock);
        Wheel older = Wheel.of("acme-app", "0.9").build();
        upload(nodeB, older, "acme-app", "bob");
        String id = nodeA.openImport(MANIFEST);
        nodeA.carry(form(app, "acme-app", "bundle abc"), new ByteArrayInputStream(app.bytes()), null, null, id);
        assertThat(filesOnPage(nodeB, "acme-app")).containsExactly(older.filename());

        nodeA.commitImport(id);
        clock.now = clock.now.plus(HostedIndex.FRESH);
        assertThat(nodeB.readyPage(ProjectName.of("acme-app"))).isEmpty(); // past FRESH: read again
        assertThat(filesOnPage(nodeB, "acme-app")).containsExactly(older.filename(), app.filename());
    }

    static List<String> filesOnPage(HostedIndex index, String project) throws Exception {
        return ((RenderableProjectPage) index.page(ProjectName.of(project)).page()).page().files().stream()
                .map(ProjectFile::filename).toList();
    }

    static Upload form(Wheel w, String project, String user) {
        return new Upload(w.filename(), Map.of(":action", List.of("file_upload"), "name", List.of(project),
                "version", List.of(w.filename().split("-")[1])), user);
    }

    static void upload(HostedIndex index, Wheel w, String project, String user) throws Exception {
        index.upload(form(w, project, user), new ByteArrayInputStream(w.bytes()));
    }
}
