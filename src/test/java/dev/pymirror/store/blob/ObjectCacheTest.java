package dev.pymirror.store.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pymirror.store.ContentMismatchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's bounded disk copy of a bucket's immutable objects, filled from a local store here. */
class ObjectCacheTest {

    @TempDir
    Path dir;

    private final AtomicInteger loads = new AtomicInteger();

    /** Loads from a local store, checked against its hash, as the S3 store loads from the bucket. */
    private ObjectCache.Loader from(BlobStore source, String key) {
        return staged -> {
            loads.incrementAndGet();
            Optional<ObjectInfo> info = source.stat(key);
            if (info.isEmpty()) {
                return false;
            }
            try (var in = source.read(key).orElseThrow()) {
                in.transferTo(staged.outputStream());
            }
            staged.publish(info.get().sha256(), info.get().size());
            return true;
        };
    }

    private BlobStore sourceWith(String... keysOfTenBytes) throws IOException {
        BlobStore source = new LocalBlobStore(dir.resolve("bucket"));
        for (String key : keysOfTenBytes) {
            source.create(key, Content.of((key + "0123456789").substring(0, 10).getBytes()));
        }
        return source;
    }

    @Test
    void aCopyIsFetchedOnceThenServedFromDisk() throws IOException {
        BlobStore source = sourceWith("files/a");
        ObjectCache cache = new ObjectCache(dir.resolve("cache"), 100);

        Path first = cache.file("files/a", from(source, "files/a")).orElseThrow();
        Path again = cache.file("files/a", from(source, "files/a")).orElseThrow();

        assertThat(first).isEqualTo(again).hasContent("files/a012");
        assertThat(loads).hasValue(1);
        assertThat(cache.bytes()).isEqualTo(10);
    }

    @Test
    void pastItsSizeTheLeastRecentlyUsedCopiesGoFirst() throws IOException {
        BlobStore source = sourceWith("a", "b", "c", "d");
        ObjectCache cache = new ObjectCache(dir.resolve("cache"), 30);
        for (String key : List.of("a", "b", "c")) {
            cache.file(key, from(source, key));
        }
        cache.file("a", from(source, "a")); // a is used again: b is now the least recent

        cache.file("d", from(source, "d"));

        assertThat(cache.keys()).containsExactly("c", "a", "d");
        assertThat(cache.bytes()).isEqualTo(30);
        assertThat(dir.resolve("cache/b")).doesNotExist();
        assertThat(dir.resolve("cache/a")).exists();
    }

    @Test
    void anObjectLargerThanTheCacheIsStillServedWhileItIsTheNewest() throws IOException {
        BlobStore source = new LocalBlobStore(dir.resolve("bucket"));
        source.create("big", Content.of(new byte[50]));
        source.create("small", Content.of(new byte[5]));
        ObjectCache cache = new ObjectCache(dir.resolve("cache"), 20);
        cache.file("small", from(source, "small"));

        assertThat(cache.file("big", from(source, "big")).orElseThrow()).hasSize(50);
        assertThat(cache.keys()).containsExactly("big");
    }

    @Test
    void manyAskingAtOnceShareOneFetch() throws Exception {
        BlobStore source = sourceWith("shared");
        ObjectCache cache = new ObjectCache(dir.resolve("cache"), 100);
        CountDownLatch release = new CountDownLatch(1);
        ObjectCache.Loader slow = staged -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            }
            return from(source, "shared").load(staged);
        };
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Optional<Path>>> asked = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                asked.add(pool.submit(() -> cache.file("shared", slow)));
            }
            Thread.sleep(200); // let them all ask before the one fetch ends
            release.countDown();
            for (Future<Optional<Path>> f : asked) {
                assertThat(f.get().orElseThrow()).hasContent("shared0123");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(loads).hasValue(1);
    }

    @Test
    void bytesThatDoNotMatchTheirHashAreNeverPublished() throws IOException {
        ObjectCache cache = new ObjectCache(dir.resolve("cache"), 100);

        assertThatThrownBy(() -> cache.file("k", staged -> {
            staged.write("wrong".getBytes(), 0, 5);
            staged.publish(BlobStoreContract.sha256("right".getBytes()), 5);
            return true;
        })).isInstanceOf(ContentMismatchException.class);

        assertThat(dir.resolve("cache/k")).doesNotExist();
        assertThat(cache.keys()).isEmpty();
        try (var files = Files.list(dir.resolve("cache"))) {
            assertThat(files).isEmpty(); // no staging file either
        }
    }

    @Test
    void aMissingObjectIsEmptyAndLeavesNothing() throws IOException {
        BlobStore source = sourceWith();
        ObjectCache cache = new ObjectCache(dir.resolve("cache"), 100);

        assertThat(cache.file("none", from(source, "none"))).isEmpty();
        assertThat(cache.keys()).isEmpty();
    }

    @Test
    void copiesOnDiskAreTakenBackAtStartUpWithinTheSize() throws IOException {
        BlobStore source = sourceWith("a", "b", "c");
        ObjectCache before = new ObjectCache(dir.resolve("cache"), 100);
        for (String key : List.of("a", "b", "c")) {
            before.file(key, from(source, key));
        }
        Files.setLastModifiedTime(dir.resolve("cache/a"), java.nio.file.attribute.FileTime.fromMillis(1000));

        ObjectCache after = new ObjectCache(dir.resolve("cache"), 20);

        assertThat(after.keys()).hasSize(2).doesNotContain("a"); // the oldest went to fit
        assertThat(after.bytes()).isEqualTo(20);
        int loadsBefore = loads.get();
        after.file("b", from(source, "b"));
        assertThat(loads).hasValue(loadsBefore); // served from what was on disk
    }

    @Test
    void aCopyRemovedByHandIsFetchedAgainAndAnEvictedOneForgotten() throws IOException {
        BlobStore source = sourceWith("a");
        ObjectCache cache = new ObjectCache(dir.resolve("cache"), 100);
        cache.file("a", from(source, "a"));

        Files.delete(dir.resolve("cache/a"));
        assertThat(cache.file("a", from(source, "a")).orElseThrow()).exists();
        assertThat(loads).hasValue(2);

        cache.evict("a");
        assertThat(cache.keys()).isEmpty();
        assertThat(cache.bytes()).isZero();
        assertThat(dir.resolve("cache/a")).doesNotExist();
    }
}
