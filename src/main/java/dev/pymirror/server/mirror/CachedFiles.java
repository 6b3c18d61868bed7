package dev.pymirror.server.mirror;

import dev.pymirror.store.blob.BlobStore;
import dev.pymirror.store.blob.ObjectInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many files a mirror's cache holds ({@code files/} in its storage: distributions, their metadata and
 * provenance) and their bytes, for {@code /metrics}. Counted once at start-up, on a thread of its
 * own so that a large cache does not delay serving, then kept up to date as files are published:
 * a scrape reads two numbers, it never walks the disk. Counts what this node published; on a
 * shared bucket another node's files are counted at the next start.
 *
 * <p>While the start-up count runs, a file published or evicted meanwhile may be counted twice;
 * the figures are otherwise exact.
 */
final class CachedFiles {

    private static final Logger LOG = LoggerFactory.getLogger(CachedFiles.class);

    private final LongAdder files = new LongAdder();
    private final LongAdder bytes = new LongAdder();

    private final CountDownLatch counted = new CountDownLatch(1);

    /** Starts counting the objects under {@code prefix} (a listing of the store). */
    CachedFiles(BlobStore store, String prefix, String index) {
        Thread.ofVirtual().name("count-" + index).start(() -> {
            try {
                count(store, prefix);
            } finally {
                counted.countDown();
            }
        });
    }

    /** Waits for the start-up count, after which the figures follow every change exactly. */
    void awaitCount() throws InterruptedException {
        counted.await();
    }

    private void count(BlobStore store, String prefix) {
        try {
            for (ObjectInfo.Listed o : store.list(prefix)) {
                if (!o.key().substring(o.key().lastIndexOf('/') + 1).startsWith(".")) {
                    published(o.size());
                }
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not count the cached files in {}: {}", store.describe() + "/" + prefix, e.getMessage());
        }
    }

    /** A file of {@code size} bytes has been published. */
    void published(long size) {
        files.increment();
        bytes.add(size);
    }

    /** Files holding {@code size} bytes in all have been evicted. */
    void removed(long count, long size) {
        files.add(-count);
        bytes.add(-size);
    }

    /** True once the start-up count is done. */
    boolean counted() {
        return counted.getCount() == 0;
    }

    long files() {
        return files.sum();
    }

    long bytes() {
        return bytes.sum();
    }
}
