package dev.pymirror.server.mirror.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pymirror.server.config.RetentionPolicy;
import dev.pymirror.store.blob.BlobStore;
import dev.pymirror.store.blob.Content;
import dev.pymirror.store.blob.LocalBlobStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention over the objects of a store several nodes share ({@link BucketCache}), here a
 * {@link LocalBlobStore} (the same contract as a bucket: {@code S3BlobStoreTest}); the nodes are
 * several {@link CacheRetention}s over it, each with its own reads in memory.
 */
class BucketCacheTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final String OLD = "demo/demo-1.0-py3-none-any.whl";
    private static final String NEW = "demo/demo-2.0-py3-none-any.whl";

    @TempDir
    Path root;

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    private BlobStore store() throws IOException {
        return new LocalBlobStore(root);
    }

    /** An object under the index's files, created {@code age} ago (the store's own time for it). */
    private void stored(BlobStore store, String key, int size, Duration age) throws IOException {
        store.create("pypi/files/" + key, Content.of(new byte[size]));
        Files.setLastModifiedTime(root.resolve("pypi/files/" + key), FileTime.from(NOW.minus(age)));
    }

    private CacheRetention node(BlobStore store, String name, RetentionPolicy policy, AccessTimes reads) {
        return new CacheRetention(new BucketCache(store, "pypi/files/", "pypi/reads/", name), policy, reads, clock);
    }

    @Test
    void choosesByThePolicyAndRemovesTheFileWithItsSiblings() throws IOException {
        BlobStore store = store();
        stored(store, OLD, 100, Duration.ofDays(1));
        stored(store, OLD + ".metadata", 10, Duration.ofDays(1));
        stored(store, NEW, 100, Duration.ofDays(1));
        stored(store, ".stray", 5, Duration.ofDays(1)); // not a project's file: neither counted nor removed
        List<String> evicted = new ArrayList<>();

        PruneReport r = node(store, "a", new RetentionPolicy(0, null, 1, null), new AccessTimes(clock))
                .prune(false, evicted::add);

        assertThat(evicted).containsExactly(OLD);
        assertThat(r.bytesFreed()).isEqualTo(110);
        assertThat(store.list("pypi/files/")).extracting(o -> o.key())
                .containsExactlyInAnyOrder("pypi/files/" + NEW, "pypi/files/.stray");
    }

    @Test
    void aFileNeverReadCountsFromItsCreationInTheStore() throws IOException {
        BlobStore store = store();
        stored(store, OLD, 10, Duration.ofDays(100));
        stored(store, NEW, 10, Duration.ofDays(10));

        PruneReport r = node(store, "a", new RetentionPolicy(0, Duration.ofDays(90), 0, null), new AccessTimes(clock))
                .prune(false, k -> { });

        assertThat(r.evicted()).extracting(e -> e.file().key()).containsExactly(OLD);
        assertThat(r.evicted().getFirst().reason()).contains("unread since " + NOW.minus(Duration.ofDays(100)));
    }

    @Test
    void aReadOnAnotherNodeKeepsTheFileOnceThatNodeFlushedIt() throws IOException {
        BlobStore store = store();
        stored(store, OLD, 10, Duration.ofDays(100));
        RetentionPolicy policy = new RetentionPolicy(0, Duration.ofDays(90), 0, null);
        AccessTimes readsOnB = new AccessTimes(Clock.fixed(NOW.minus(Duration.ofDays(2)), ZoneOffset.UTC));
        readsOnB.record(OLD);

        // Node B read it two days ago, and wrote so at its last prune (or stop).
        node(store, "b", policy, readsOnB).flush();
        assertThat(readsOnB.noted()).isEmpty();

        PruneReport onA = node(store, "a", policy, new AccessTimes(clock)).prune(false, k -> { });
        assertThat(onA.evicted()).isEmpty();
        assertThat(node(store, "a", RetentionPolicy.NONE, new AccessTimes(clock)).stats().leastRecentAccess())
                .contains(NOW.minus(Duration.ofDays(2)));
    }

    @Test
    void aCommandReadsTheNodesDocumentsAndWritesNone() throws IOException {
        BlobStore store = store();
        stored(store, OLD, 10, Duration.ofDays(100));
        AccessTimes readsOnB = new AccessTimes(clock);
        readsOnB.record(OLD);
        node(store, "b", RetentionPolicy.NONE, readsOnB).flush();

        CacheRetention command = node(store, null, new RetentionPolicy(0, Duration.ofDays(90), 0, null),
                new AccessTimes(clock));
        assertThat(command.prune(false, k -> { }).evicted()).isEmpty();
        assertThat(store.list("pypi/reads/")).extracting(o -> o.key()).containsExactly("pypi/reads/b.json");
    }

    @Test
    void twoNodesPruningTheSameListingRemoveEachFileOnceAndFailNothing() throws IOException {
        BlobStore store = store();
        stored(store, OLD, 10, Duration.ofDays(100));
        stored(store, OLD + ".metadata", 3, Duration.ofDays(100));
        BucketCache a = new BucketCache(store, "pypi/files/", "pypi/reads/", "a");
        BucketCache b = new BucketCache(store, "pypi/files/", "pypi/reads/", "b");
        // Both chose it from the same listing, before either removed it.
        CachedFile onA = a.scan().getFirst();
        CachedFile onB = b.scan().getFirst();

        assertThat(a.remove(onA)).isTrue();
        assertThat(b.remove(onB)).isFalse(); // gone already: no error, not counted twice by this node
        assertThat(store.list("pypi/files/")).isEmpty();
    }

    @Test
    void aNodesDocumentKeepsOnlyTheReadsOfFilesStillThere() throws Exception {
        BlobStore store = store();
        stored(store, OLD, 10, Duration.ofDays(1));
        stored(store, NEW, 10, Duration.ofDays(1));
        AccessTimes reads = new AccessTimes(clock);
        reads.record(OLD);
        reads.record(NEW);
        CacheRetention b = node(store, "b", new RetentionPolicy(0, null, 1, null), reads);
        b.flush();
        assertThat(reads(store, "b")).containsOnlyKeys(OLD, NEW);

        // keep-versions evicts 1.0 even though it was read: the prune's own flush drops its read.
        assertThat(b.prune(false, k -> { }).evicted()).extracting(e -> e.file().key()).containsExactly(OLD);
        assertThat(reads(store, "b")).containsOnlyKeys(NEW);
    }

    @Test
    void aDamagedDocumentIsTakenAsNoReads() throws IOException {
        BlobStore store = store();
        stored(store, OLD, 10, Duration.ofDays(100));
        store.writeDocument("pypi/reads/b.json", "{not json".getBytes(StandardCharsets.UTF_8));

        PruneReport r = node(store, "a", new RetentionPolicy(0, Duration.ofDays(90), 0, null), new AccessTimes(clock))
                .prune(false, k -> { });

        assertThat(r.evicted()).hasSize(1);
    }

    @Test
    void aNodeKeepsItsNameAcrossRestarts(@TempDir Path data) throws IOException {
        String first = BucketCache.nodeName(data);
        assertThat(BucketCache.nodeName(data)).isEqualTo(first);
        assertThat(BucketCache.nodeName(data.resolve("other"))).isNotEqualTo(first);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> reads(BlobStore store, String node) throws IOException {
        return new ObjectMapper().readValue(store.readDocument("pypi/reads/" + node + ".json").orElseThrow().bytes(),
                Map.class);
    }
}
