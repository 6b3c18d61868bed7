package dev.pymirror.server.mirror;

import dev.pymirror.server.mirror.retention.PruneMarker;
import dev.pymirror.store.FileVersion;
import dev.pymirror.store.blob.BlobStore;
import dev.pymirror.store.blob.ObjectInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many files a mirror's cache holds ({@code files/}: distributions, their metadata and
 * provenance) and their bytes, for {@code /metrics}. Counted once at start-up, on a thread of its
 * own so that a large cache does not delay serving, then kept up to date as files are published:
 * a scrape reads two numbers, it never walks the disk. Counts what this node published; on a
 * shared bucket another node's files are counted at the next start.
 *
 * <p>{@code pymirror cache prune}, run beside the server, evicts files this process never hears
 * of: it rewrites the mirror's {@link PruneMarker}, which a read of the figures notices (one
 * {@code stat}), and the cache is counted again on a thread of its own, one count at a time; the
 * figures read meanwhile are the previous ones.
 *
 * <p>While a count runs, a file published or evicted meanwhile may be counted twice; the figures
 * are otherwise exact.
 */
final class CachedFiles {

    private static final Logger LOG = LoggerFactory.getLogger(CachedFiles.class);

    /** Files and bytes, replaced whole by a count. */
    private record Tally(LongAdder files, LongAdder bytes) {
        Tally() {
            this(new LongAdder(), new LongAdder());
        }

        void add(long count, long size) {
            files.add(count);
            bytes.add(size);
        }
    }

    private final BlobStore store;
    private final String prefix;
    private final String index;
    private final PruneMarker marker;
    private final Object swap = new Object();
    private volatile Tally tally = new Tally();
    /** What was published or evicted while a recount runs, added to its result; null otherwise. */
    private Tally sinceRecount;
    private final AtomicBoolean counting = new AtomicBoolean(true);
    private volatile boolean startedUp;
    private volatile CountDownLatch counted = new CountDownLatch(1);
    private volatile Optional<FileVersion> markerSeen;

    /**
     * Starts counting the objects under {@code prefix} (a listing of the store); a prune by a
     * command is noticed by the marker beside {@code filesDir}, this node's folder of the cache (a
     * command pruning a bucket writes none: each node's figures are what it published and evicted).
     */
    CachedFiles(BlobStore store, String prefix, String index, Path filesDir) {
        this.store = store;
        this.prefix = prefix;
        this.index = index;
        this.marker = new PruneMarker(filesDir);
        this.markerSeen = marker.version();
        CountDownLatch first = counted;
        Thread.ofVirtual().name("count-" + index).start(() -> {
            try {
                count(tally);
            } finally {
                startedUp = true;
                counting.set(false);
                first.countDown();
            }
        });
    }

    /** Waits for the count running now (the start-up one, or a recount after a prune). */
    void awaitCount() throws InterruptedException {
        counted.await();
    }

    private void count(Tally into) {
        try {
            for (ObjectInfo.Listed o : store.list(prefix)) {
                if (!o.key().substring(o.key().lastIndexOf('/') + 1).startsWith(".")) {
                    into.add(1, o.size());
                }
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not count the cached files in {}: {}", store.describe() + "/" + prefix, e.getMessage());
        }
    }

    /**
     * Counts the cache again if another process pruned it since the last look. At most one count
     * runs; a prune during it is noticed by the next read after it.
     */
    private void noticePrune() {
        Optional<FileVersion> now = marker.version();
        if (now.equals(markerSeen) || !counting.compareAndSet(false, true)) {
            return;
        }
        markerSeen = now;
        CountDownLatch done = new CountDownLatch(1);
        counted = done;
        synchronized (swap) {
            sinceRecount = new Tally();
        }
        Thread.ofVirtual().name("recount-" + index).start(() -> {
            try {
                Tally fresh = new Tally();
                count(fresh);
                synchronized (swap) {
                    fresh.add(sinceRecount.files().sum(), sinceRecount.bytes().sum());
                    sinceRecount = null;
                    tally = fresh;
                }
                LOG.info("the cache of {} was pruned by another process: counted again, {} files", index,
                        fresh.files().sum());
            } finally {
                counting.set(false);
                done.countDown();
            }
        });
    }

    /** A file of {@code size} bytes has been published. */
    void published(long size) {
        add(1, size);
    }

    /** Files holding {@code size} bytes in all have been evicted. */
    void removed(long count, long size) {
        add(-count, -size);
    }

    private void add(long count, long size) {
        synchronized (swap) {
            tally.add(count, size);
            if (sinceRecount != null) {
                sinceRecount.add(count, size);
            }
        }
    }

    /** True once the start-up count is done (a recount's figures are whole: the previous ones until it ends). */
    boolean counted() {
        return startedUp;
    }

    long files() {
        noticePrune();
        return tally.files().sum();
    }

    long bytes() {
        noticePrune();
        return tally.bytes().sum();
    }
}
