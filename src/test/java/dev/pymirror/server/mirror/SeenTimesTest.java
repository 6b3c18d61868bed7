package dev.pymirror.server.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.server.index.FileEvent;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.simple.ProjectPage;
import dev.pymirror.store.blob.LocalBlobStore;
import dev.pymirror.testing.CountingBlobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeenTimesTest {

    @TempDir
    Path dir;

    static final ProjectName ACME = ProjectName.of("acme");
    static final Instant T1 = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant T2 = Instant.parse("2026-02-01T00:00:00Z");
    static final Instant T3 = Instant.parse("2026-03-01T00:00:00Z");

    static ProjectFile file(String name) {
        return ProjectFile.builder(name, "https://up/" + name).build();
    }

    @Test
    void eachFileIsDatedWhenFirstSeenOnceAndForAllAlsoAfterARestart() throws Exception {
        SeenTimes times = new SeenTimes(new LocalBlobStore(dir), "times/");
        ProjectFile a = file("acme-1.0.tar.gz");
        ProjectFile b = file("acme-2.0.tar.gz");
        assertThat(times.observe(ACME, ProjectPage.of(ACME, List.of(a)), T1).firstSeen())
                .containsEntry(a.filename(), T1);
        assertThat(times.observe(ACME, ProjectPage.of(ACME, List.of(a, b)), T2).firstSeen())
                .containsEntry(a.filename(), T1).containsEntry(b.filename(), T2);

        SeenTimes restarted = new SeenTimes(new LocalBlobStore(dir), "times/");
        assertThat(restarted.observe(ACME, ProjectPage.of(ACME, List.of(a, b)), T3).firstSeen())
                .containsEntry(a.filename(), T1).containsEntry(b.filename(), T2);
    }

    @Test
    void onTheDataDirectoryTheEntryIsWrittenAfterTheAnswerWithTheTimesAnswered() throws Exception {
        HeldWrites store = new HeldWrites(new LocalBlobStore(dir), false);
        DeferredWrites later = DeferredWrites.onItsOwnThread("test-writes");
        SeenTimes times = new SeenTimes(store, "times/", later);
        ProjectFile a = file("acme-1.0.tar.gz");
        // Answered while the log's create is held: nobody else can record the file first.
        assertThat(times.observe(ACME, ProjectPage.of(ACME, List.of(a)), T1).firstSeen()).containsEntry(a.filename(), T1);
        assertThat(times.uploaded(ACME)).containsEntry(a.filename(), T1);
        assertThat(later.awaitIdle(java.time.Duration.ofMillis(100))).as("the entry is still being written").isFalse();
        assertThat(Files.exists(dir.resolve("times/acme/00000000000000000001"))).isFalse();

        store.release.countDown();
        assertThat(later.awaitIdle(java.time.Duration.ofSeconds(30))).isTrue();
        assertThat(new SeenTimes(new LocalBlobStore(dir), "times/").uploaded(ACME)).containsEntry(a.filename(), T1);
    }

    @Test
    void onAStoreOtherServersShareTheEntryIsWrittenBeforeTheAnswer() throws Exception {
        HeldWrites store = new HeldWrites(new LocalBlobStore(dir), true);
        store.release.countDown();
        // Busy until the end: an entry handed to it would not be written by then.
        DeferredWrites later = DeferredWrites.onItsOwnThread("test-writes");
        java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(1);
        later.submit("busy", () -> {
            try {
                busy.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            SeenTimes times = new SeenTimes(store, "times/", later);
            ProjectFile a = file("acme-1.0.tar.gz");
            times.observe(ACME, ProjectPage.of(ACME, List.of(a)), T1);
            assertThat(new SeenTimes(new LocalBlobStore(dir), "times/").uploaded(ACME)).containsEntry(a.filename(), T1);
        } finally {
            busy.countDown();
        }
    }

    @Test
    void aYankIsRecordedWhenFirstSeenAndAnUnyankToo() throws Exception {
        SeenTimes times = new SeenTimes(new LocalBlobStore(dir), "times/");
        ProjectFile a = file("acme-1.0.tar.gz");
        times.observe(ACME, ProjectPage.of(ACME, List.of(a)), T1);
        times.observe(ACME, ProjectPage.of(ACME, List.of(a.toBuilder().yanked("bad").build())), T2);
        times.observe(ACME, ProjectPage.of(ACME, List.of(a.toBuilder().yanked("bad").build())), T2.plusSeconds(5));
        times.observe(ACME, ProjectPage.of(ACME, List.of(a)), T3);
        assertThat(new SeenTimes(new LocalBlobStore(dir), "times/").history(ACME)).containsExactly(FileEvent.yank(a.filename(), T2, "bad"),
                FileEvent.unyank(a.filename(), T3));
    }

    @Test
    void aFileYankedWhenFirstSeenIsYankedFromItsUploadOn() throws Exception {
        SeenTimes times = new SeenTimes(new LocalBlobStore(dir), "times/");
        ProjectFile old = file("acme-1.0.tar.gz").toBuilder().uploadTime(T1).yanked().build();
        ProjectFile undated = file("acme-2.0.tar.gz").toBuilder().yanked().build();
        times.observe(ACME, ProjectPage.of(ACME, List.of(old, undated)), T3);
        assertThat(times.history(ACME)).containsExactly(FileEvent.yank(old.filename(), T1, ""),
                FileEvent.yank(undated.filename(), T3, ""));
    }

    @Test
    void aStatusChangeIsRecordedWhenFirstSeenAndOneOnFirstSightFromTheStart() throws Exception {
        SeenTimes times = new SeenTimes(new LocalBlobStore(dir), "times/");
        ProjectFile a = file("acme-1.0.tar.gz");
        times.observe(ACME, ProjectPage.of(ACME, List.of(a)), T1);
        times.observe(ACME, ProjectPage.of(ACME, List.of(a)).toBuilder()
                .status(dev.pymirror.simple.ProjectStatus.of("archived")).build(), T2);
        assertThat(new SeenTimes(new LocalBlobStore(dir), "times/").history(ACME)).containsExactly(FileEvent.status(T2, "archived"));

        ProjectName other = ProjectName.of("other");
        times.observe(other, ProjectPage.builder(other).status(dev.pymirror.simple.ProjectStatus.of("deprecated")).build(), T3);
        assertThat(times.history(other)).containsExactly(FileEvent.status(Instant.EPOCH, "deprecated"));
    }

    @Test
    void twoNodesRacingToRecordOneFileKeepTheFirstTimeOnBoth() throws Exception {
        ProjectFile a = file("acme-1.0.tar.gz");
        SeenTimes nodeA = new SeenTimes(new LocalBlobStore(dir), "times/");
        SeenTimes nodeB = new SeenTimes(new LocalBlobStore(dir), "times/");
        // Both have read the project's (empty) record before either saw the file.
        assertThat(nodeA.history(ACME)).isEmpty();
        assertThat(nodeB.history(ACME)).isEmpty();

        nodeA.observe(ACME, ProjectPage.of(ACME, List.of(a)), T1);
        assertThat(nodeB.observe(ACME, ProjectPage.of(ACME, List.of(a)), T2).firstSeen())
                .containsEntry(a.filename(), T1);
        assertThat(new SeenTimes(new LocalBlobStore(dir), "times/").observe(ACME, ProjectPage.of(ACME, List.of(a)), T3)
                .firstSeen()).containsEntry(a.filename(), T1);
    }

    @Test
    void aRecordKeptWholeBeforeTheLogIsItsStart() throws Exception {
        Files.createDirectories(dir.resolve("times"));
        Files.writeString(dir.resolve("times/acme.json"), """
                {"first-seen":{"acme-1.0.tar.gz":"2026-01-01T00:00:00Z"},
                 "events":[{"file":"acme-1.0.tar.gz","at":"2026-01-01T00:00:00Z","kind":"yank","reason":"bad"}]}
                """);
        ProjectFile a = file("acme-1.0.tar.gz").toBuilder().yanked("bad").build();
        ProjectFile b = file("acme-2.0.tar.gz");
        SeenTimes times = new SeenTimes(new LocalBlobStore(dir), "times/");
        assertThat(times.observe(ACME, ProjectPage.of(ACME, List.of(a, b)), T2).firstSeen())
                .containsEntry(a.filename(), T1).containsEntry(b.filename(), T2);
        assertThat(new SeenTimes(new LocalBlobStore(dir), "times/").history(ACME))
                .containsExactly(FileEvent.yank(a.filename(), T1, "bad"));
    }

    @Test
    void aFileAFetchedPageNoLongerListsIsRecordedWithItsEntryAndItsReturnToo() throws Exception {
        SeenTimes times = new SeenTimes(new LocalBlobStore(dir), "times/");
        ProjectFile a = file("acme-1.0.tar.gz").toBuilder().hash("sha256", "a".repeat(64)).size(10).yanked("old")
                .requiresPython(">=3.9").build();
        ProjectFile b = file("acme-2.0.tar.gz");
        ProjectPage both = ProjectPage.of(ACME, List.of(a, b));
        ProjectPage onlyB = ProjectPage.of(ACME, List.of(b));
        times.observe(ACME, both, T1);
        times.observe(ACME, onlyB, both, T2);
        times.observe(ACME, onlyB, onlyB, T2.plusSeconds(5)); // nothing new
        times.observe(ACME, both, onlyB, T3);

        List<FileEvent> history = new SeenTimes(new LocalBlobStore(dir), "times/").history(ACME);
        assertThat(history).containsExactly(FileEvent.yank(a.filename(), T1, "old"), FileEvent.unlisted(a, T2),
                FileEvent.listed(a.filename(), T3));
        assertThat(history.get(1).entry()).isEqualTo(a);
    }

    @Test
    void aPageObservedWithoutThePageItReplacesRecordsNoUnlisting() throws Exception {
        SeenTimes times = new SeenTimes(new LocalBlobStore(dir), "times/");
        ProjectFile a = file("acme-1.0.tar.gz");
        times.observe(ACME, ProjectPage.of(ACME, List.of(a, file("acme-2.0.tar.gz"))), T1);
        // A stored page read at start-up: what changed before it is not known to have changed now.
        times.observe(ACME, ProjectPage.of(ACME, List.of(a)), T2);
        assertThat(times.history(ACME)).isEmpty();
    }

    @Test
    void theUpstreamsUploadTimeIsKeptAsFirstGivenWhenItLaterDatesTheFileOtherwiseOrNotAtAll() throws Exception {
        SeenTimes times = new SeenTimes(new LocalBlobStore(dir), "times/");
        ProjectFile a = file("acme-1.0.tar.gz");
        times.observe(ACME, ProjectPage.of(ACME, List.of(a.toBuilder().uploadTime(T1).build())), T2);
        times.observe(ACME, ProjectPage.of(ACME, List.of(a.toBuilder().uploadTime(T2).build())), T3);
        times.observe(ACME, ProjectPage.of(ACME, List.of(a)), T3.plusSeconds(1));
        assertThat(new SeenTimes(new LocalBlobStore(dir), "times/").uploaded(ACME)).containsEntry(a.filename(), T1);
        // A file first seen undated is dated when seen, until the upstream gives it a time.
        ProjectFile b = file("acme-2.0.tar.gz");
        assertThat(times.observe(ACME, ProjectPage.of(ACME, List.of(b)), T3).uploaded()).containsEntry(b.filename(), T3);
    }

    @Test
    void recordingANewFileAsksTheStorageOnceWhetherTheLogGrewNotAgainAfterItsEntry() throws Exception {
        CountingBlobStore counted = new CountingBlobStore(new LocalBlobStore(dir));
        SeenTimes times = new SeenTimes(counted, "times/");
        ProjectFile a = file("acme-1.0.tar.gz");
        ProjectFile b = file("acme-2.0.tar.gz");
        times.observe(ACME, ProjectPage.of(ACME, List.of(a)), T1);
        counted.readKeys.clear();

        // On a bucket each read is a request on the way of the page that shows the new file.
        assertThat(times.observe(ACME, ProjectPage.of(ACME, List.of(a, b)), T2).firstSeen())
                .containsEntry(a.filename(), T1).containsEntry(b.filename(), T2);
        assertThat(counted.readKeys).as("whether another node wrote entry 2 first").containsExactly("times/acme/00000000000000000002");
        assertThat(new SeenTimes(new LocalBlobStore(dir), "times/").observe(ACME, ProjectPage.of(ACME, List.of(a, b)), T3)
                .firstSeen()).containsEntry(a.filename(), T1).containsEntry(b.filename(), T2);
    }
}
