package dev.pymirror.store.blob;

import dev.pymirror.hash.Sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link BlobStore} promises, run against the local directory ({@link LocalBlobStoreTest})
 * and a real S3 server ({@link S3BlobStoreTest}). Racing writers are separate store instances on
 * the same storage, as separate nodes would be.
 */
abstract class BlobStoreContract {

    static final int WRITERS = 8;

    @TempDir
    Path scratch;

    private final List<BlobStore> opened = new ArrayList<>();
    BlobStore store;

    /** A new store on the storage every call of this test shares (another node's view of it). */
    abstract BlobStore open() throws IOException;

    BlobStore another() throws IOException {
        BlobStore s = open();
        opened.add(s);
        return s;
    }

    @BeforeEach
    void openStore() throws IOException {
        store = another();
    }

    @AfterEach
    void closeStores() {
        opened.forEach(BlobStore::close);
    }

    @Test
    void anObjectIsReadWholeInRangesAndStatedWithItsHash() throws IOException {
        byte[] bytes = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        BlobStore.Created created = store.create("files/demo/demo-1.0.tar.gz", Content.of(bytes));

        assertThat(created.alreadyThere()).isFalse();
        assertThat(created.object()).isEqualTo(new ObjectInfo("files/demo/demo-1.0.tar.gz", 16, sha256(bytes)));
        assertThat(store.stat("files/demo/demo-1.0.tar.gz")).contains(created.object());
        assertThat(readAll(store.read("files/demo/demo-1.0.tar.gz"))).isEqualTo(bytes);
        assertThat(readAll(store.read("files/demo/demo-1.0.tar.gz", 3, 4))).asString(StandardCharsets.US_ASCII).isEqualTo("3456");
        assertThat(readAll(store.read("files/demo/demo-1.0.tar.gz", 12, 100))).asString(StandardCharsets.US_ASCII).isEqualTo("cdef");
        assertThat(readAll(store.read("files/demo/demo-1.0.tar.gz", 16, 10))).isEmpty();
        assertThat(readAll(store.read("files/demo/demo-1.0.tar.gz", 5, 0))).isEmpty();
        Path local = store.localFile("files/demo/demo-1.0.tar.gz").orElseThrow();
        assertThat(local).hasBinaryContent(bytes);
        assertThat(another().stat("files/demo/demo-1.0.tar.gz")).contains(created.object());
    }

    @Test
    void whatThisNodeStoredOrFetchedIsOnItsDiskWithoutAskingAgain() throws IOException {
        byte[] bytes = "stored here".getBytes(StandardCharsets.UTF_8);
        store.create("files/here", Content.of(bytes));
        BlobStore other = another();

        assertThat(store.localCopy("files/here").orElseThrow()).hasBinaryContent(bytes);
        assertThat(other.localFile("files/here").orElseThrow()).hasBinaryContent(bytes);
        assertThat(other.localCopy("files/here").orElseThrow()).hasBinaryContent(bytes);
        assertThat(store.localCopy("no/such")).isEmpty();
    }

    @Test
    void aFileIsStoredWithTheHashItWasOfferedWith() throws IOException {
        Path file = scratch.resolve("upload.whl");
        byte[] bytes = new byte[300_000];
        new java.util.Random(7).nextBytes(bytes);
        Files.write(file, bytes);

        ObjectInfo stored = store.create("files/x/x-1-py3-none-any.whl", Content.ofFile(file)).object();

        assertThat(stored.sha256()).isEqualTo(sha256(bytes));
        assertThat(readAll(store.read("files/x/x-1-py3-none-any.whl"))).isEqualTo(bytes);
        assertThat(file).exists(); // the caller's file is the caller's
    }

    @Test
    void theSameBytesAgainAreSuccessOtherBytesAConflictThatChangesNothing() throws IOException {
        byte[] first = "first".getBytes(StandardCharsets.UTF_8);
        store.create("k", Content.of(first));

        BlobStore.Created again = another().create("k", Content.of(first));
        assertThat(again.alreadyThere()).isTrue();
        assertThat(again.object().sha256()).isEqualTo(sha256(first));

        assertThatThrownBy(() -> another().create("k", Content.of("second".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOfSatisfying(ObjectConflictException.class, e -> {
                    assertThat(e.key()).isEqualTo("k");
                    assertThat(e.storedSha256()).isEqualTo(sha256(first));
                });
        assertThat(readAll(store.read("k"))).isEqualTo(first);
    }

    @Test
    void racingWritersOfTheSameBytesAllSucceedAndOneStoredThem() throws Exception {
        byte[] bytes = "same bytes from every node".getBytes(StandardCharsets.UTF_8);
        List<BlobStore.Created> results = race(w -> w.create("race/same", Content.of(bytes)));

        assertThat(results).allSatisfy(r -> assertThat(r.object().sha256()).isEqualTo(sha256(bytes)));
        assertThat(results).filteredOn(r -> !r.alreadyThere()).hasSize(1);
        assertThat(readAll(store.read("race/same"))).isEqualTo(bytes);
    }

    @Test
    void ofRacingWritersOfOtherBytesExactlyOneWinsAndTheOthersSeeItsHash() throws Exception {
        List<Object> outcomes = race(w -> {
            byte[] mine = ("bytes of writer " + Thread.currentThread().getName()).getBytes(StandardCharsets.UTF_8);
            try {
                return (Object) w.create("race/other", Content.of(mine));
            } catch (ObjectConflictException e) {
                return e;
            }
        });

        List<BlobStore.Created> won = outcomes.stream().filter(o -> o instanceof BlobStore.Created)
                .map(o -> (BlobStore.Created) o).toList();
        assertThat(won).hasSize(1);
        String winner = won.get(0).object().sha256();
        assertThat(outcomes).filteredOn(o -> o instanceof ObjectConflictException).hasSize(WRITERS - 1)
                .allSatisfy(o -> assertThat(((ObjectConflictException) o).storedSha256()).isEqualTo(winner));
        assertThat(sha256(readAll(store.read("race/other")))).isEqualTo(winner);
        assertThat(store.stat("race/other").orElseThrow().sha256()).isEqualTo(winner);
    }

    @Test
    void whatIsNotThereIsEmptyNotAnError() throws IOException {
        assertThat(store.stat("no/such")).isEmpty();
        assertThat(store.read("no/such")).isEmpty();
        assertThat(store.read("no/such", 0, 10)).isEmpty();
        assertThat(store.localFile("no/such")).isEmpty();
        assertThat(store.readDocument("no/such")).isEmpty();
        assertThat(store.delete("no/such")).isFalse();
        assertThat(store.list("no/")).isEmpty();
    }

    @Test
    void listingGivesEveryKeyUnderAPrefixInOrderWithSizes() throws IOException {
        // S3 states times to the second: a margin either side.
        Instant before = Instant.now().minusSeconds(2);
        for (String key : List.of("a/b/2", "a/b/1", "a/c", "ab", "b/a")) {
            store.create(key, Content.of(key.getBytes(StandardCharsets.UTF_8)));
        }
        store.writeDocument("a/doc", "d".getBytes(StandardCharsets.UTF_8));

        assertThat(store.list("a/")).extracting(ObjectInfo.Listed::key).containsExactly("a/b/1", "a/b/2", "a/c", "a/doc");
        assertThat(store.list("a/b")).extracting(ObjectInfo.Listed::key, ObjectInfo.Listed::size)
                .containsExactly(tuple("a/b/1", 5L), tuple("a/b/2", 5L));
        assertThat(store.list("a/b")).allSatisfy(o -> assertThat(o.modified()).isBetween(before, Instant.now().plusSeconds(2)));
        assertThat(store.list("a")).extracting(ObjectInfo.Listed::key).containsExactly("a/b/1", "a/b/2", "a/c", "a/doc", "ab");
        assertThat(store.list("")).extracting(ObjectInfo.Listed::key).containsExactly("a/b/1", "a/b/2", "a/c", "a/doc", "ab", "b/a");
    }

    @Test
    void aDeletedObjectIsGoneEverywhereAndItsKeyFreeAgain() throws IOException {
        store.create("gone", Content.of(new byte[] {1}));
        store.localFile("gone").orElseThrow();

        assertThat(store.delete("gone")).isTrue();

        assertThat(store.stat("gone")).isEmpty();
        assertThat(another().read("gone")).isEmpty();
        assertThat(store.localFile("gone")).isEmpty();
        assertThat(store.create("gone", Content.of(new byte[] {2})).alreadyThere()).isFalse();
        assertThat(readAll(store.read("gone"))).containsExactly(2);
    }

    @Test
    void aDocumentIsReadAgainOnlyWhenAnotherWriterChangedIt() throws IOException {
        Document written = store.writeDocument("pages/demo.json", "v1".getBytes(StandardCharsets.UTF_8));
        Document read = store.readDocument("pages/demo.json").orElseThrow();
        assertThat(read.bytes()).asString(StandardCharsets.UTF_8).isEqualTo("v1");
        assertThat(read.validator()).isEqualTo(written.validator());

        assertThat(store.readDocumentIfChanged("pages/demo.json", read)).containsSame(read);
        assertThat(store.stat("pages/demo.json").orElseThrow().sha256()).isEqualTo(sha256(read.bytes()));

        another().writeDocument("pages/demo.json", "v2, from another node".getBytes(StandardCharsets.UTF_8));
        Document changed = store.readDocumentIfChanged("pages/demo.json", read).orElseThrow();
        assertThat(changed).isNotSameAs(read);
        assertThat(changed.bytes()).asString(StandardCharsets.UTF_8).isEqualTo("v2, from another node");
        assertThat(changed.validator()).isNotEqualTo(read.validator());
        assertThat(store.readDocumentIfChanged("pages/demo.json", changed)).containsSame(changed);
        assertThat(store.stat("pages/demo.json").orElseThrow().sha256()).isEqualTo(sha256(changed.bytes()));

        store.delete("pages/demo.json");
        assertThat(store.readDocumentIfChanged("pages/demo.json", changed)).isEmpty();
    }

    @Test
    void racingLogWritersLoseNoEntry() throws Exception {
        int each = 10;
        race(w -> {
            // Checkpoints every 7 entries, written by whoever appended the 7th: a reader from the
            // newest one must still find every entry.
            VersionLog log = new VersionLog(w, "logs/demo", 7);
            for (int i = 0; i < each; i++) {
                String entry = Thread.currentThread().getName() + " #" + i;
                log.append(entries -> Optional.of(entry.getBytes(StandardCharsets.UTF_8)));
            }
            return null;
        });

        List<LogEntry> entries = new VersionLog(another(), "logs/demo").entries();
        assertThat(entries).extracting(LogEntry::version)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, WRITERS * each).boxed().toList());
        List<String> texts = entries.stream().map(e -> new String(e.payload(), StandardCharsets.UTF_8)).toList();
        for (int w = 0; w < WRITERS; w++) {
            for (int i = 0; i < each; i++) {
                assertThat(texts).containsOnlyOnce("writer-" + w + " #" + i);
            }
        }
    }

    @Test
    void aLogWriterThatLostARaceDecidesAgainFromTheEntriesItMissed() throws Exception {
        // Each entry is the count before it plus one: a loser that re-applied its change on stale
        // state would write a number twice.
        int each = 6;
        race(w -> {
            VersionLog log = new VersionLog(w, "logs/counter");
            for (int i = 0; i < each; i++) {
                log.append(entries -> Optional.of(Integer.toString(
                        entries.isEmpty() ? 1 : Integer.parseInt(new String(entries.get(entries.size() - 1).payload(),
                                StandardCharsets.US_ASCII)) + 1).getBytes(StandardCharsets.US_ASCII)));
            }
            return null;
        });

        List<String> counts = new VersionLog(another(), "logs/counter").entries().stream()
                .map(e -> new String(e.payload(), StandardCharsets.US_ASCII)).toList();
        assertThat(counts).containsExactlyElementsOf(
                java.util.stream.IntStream.rangeClosed(1, WRITERS * each).mapToObj(Integer::toString).toList());
    }

    @Test
    void aFirstReadStartsFromTheNewestCheckpointAndSkipsADamagedOne() throws IOException {
        VersionLog log = new VersionLog(store, "logs/long", 10);
        for (int i = 1; i <= 25; i++) {
            String text = "change " + i;
            log.append(entries -> Optional.of(text.getBytes(StandardCharsets.UTF_8)));
        }
        assertThat(store.list("logs/long/checkpoints/")).extracting(ObjectInfo.Listed::key)
                .containsExactly("logs/long/checkpoints/00000000000000000010", "logs/long/checkpoints/00000000000000000020");
        // Entry 5 made unreadable: a reader that read it (not the checkpoint) would fail.
        store.delete("logs/long/00000000000000000005");
        store.create("logs/long/00000000000000000005", Content.of("not an entry".getBytes(StandardCharsets.UTF_8)));
        List<String> expected = java.util.stream.IntStream.rangeClosed(1, 25).mapToObj(i -> "change " + i).toList();

        assertThat(new VersionLog(another(), "logs/long", 10).entries())
                .extracting(e -> e.version() + " " + new String(e.payload(), StandardCharsets.UTF_8))
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 25)
                        .mapToObj(i -> i + " change " + i).toList());

        // The newest checkpoint damaged: the one before it serves, then entries 11 to 25.
        store.delete("logs/long/checkpoints/00000000000000000020");
        store.create("logs/long/checkpoints/00000000000000000020",
                Content.of("pymirror-log-checkpoint 20\n3\nabc".getBytes(StandardCharsets.US_ASCII)));
        assertThat(new VersionLog(another(), "logs/long", 10).entries())
                .extracting(e -> new String(e.payload(), StandardCharsets.UTF_8)).containsExactlyElementsOf(expected);

        // Without checkpoints the damaged entry is found and said.
        store.delete("logs/long/checkpoints/00000000000000000010");
        store.delete("logs/long/checkpoints/00000000000000000020");
        assertThatThrownBy(() -> new VersionLog(another(), "logs/long", 10).entries())
                .hasMessageContaining("entry 5 is not a log entry");
    }

    @Test
    void aChangeThatNoLongerAppliesAddsNothing() throws IOException {
        VersionLog log = new VersionLog(store, "logs/names");
        log.append(entries -> Optional.of("demo-1.0.tar.gz".getBytes(StandardCharsets.UTF_8)));
        VersionLog elsewhere = new VersionLog(another(), "logs/names");

        Optional<LogEntry> second = elsewhere.append(entries -> entries.stream()
                .anyMatch(e -> new String(e.payload(), StandardCharsets.UTF_8).equals("demo-1.0.tar.gz"))
                        ? Optional.empty() : Optional.of("demo-1.0.tar.gz".getBytes(StandardCharsets.UTF_8)));

        assertThat(second).isEmpty();
        assertThat(log.entries()).hasSize(1);
    }

    @Test
    void keysThatCouldLeaveTheStoreAreRefused() {
        for (String key : List.of("../x", "a/../../x", "/abs", "a//b", "a/", "", ".~staged-1", "a/.~sha256/b", "a\nb")) {
            assertThatThrownBy(() -> store.create(key, Content.of(new byte[] {1})))
                    .as(key).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** Runs {@code work} on {@value #WRITERS} threads released at once, each with its own store. */
    <T> List<T> race(Writer<T> work) throws Exception {
        List<BlobStore> stores = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            stores.add(another());
        }
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            CountDownLatch ready = new CountDownLatch(WRITERS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                BlobStore s = stores.get(i);
                String name = "writer-" + i;
                futures.add(pool.submit((Callable<T>) () -> {
                    Thread.currentThread().setName(name);
                    ready.countDown();
                    go.await();
                    return work.run(s);
                }));
            }
            ready.await();
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(120, java.util.concurrent.TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    interface Writer<T> {
        T run(BlobStore store) throws Exception;
    }

    static byte[] readAll(Optional<InputStream> in) throws IOException {
        try (InputStream s = in.orElseThrow()) {
            return s.readAllBytes();
        }
    }

    static String sha256(byte[] bytes) {
        return Sha256.hex(bytes);
    }
}
