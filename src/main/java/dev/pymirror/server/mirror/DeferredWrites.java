package dev.pymirror.server.mirror;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writes a mirror makes after it has answered rather than before: the copy of a page it
 * fetched, and the log entry of what that page showed for the first time. A fresh page's client
 * used to wait for both (the entry with two forces): a fresh page through a warm mirror added
 * 3.0 to 3.9 ms to nginx's time before, 2.0 ms after ({@code bench/cold-cache.sh}; BENCHMARKS.md,
 * "A fresh page's writes after its answer"). Nothing the client is served depends on them: the answer is built from memory, which
 * holds the same decisions.
 *
 * <p>One thread, in the order the writes were handed over: a project's later page is written after
 * its earlier one, and its log gets entries in the order they were decided. At most
 * {@value #MOST_WAITING} wait; a caller beyond that waits for room, so that a disk slower than the
 * requests slows the requests rather than filling memory. A server that stops waits for them
 * ({@link #awaitIdle}); a crash loses those not yet written, each on its safe side: a page not kept
 * is fetched again, and a file whose first sighting was not kept is recorded as first seen when it
 * is seen next, later, which only delays it under a minimum age.
 *
 * <p>{@link #inTheCaller()} writes before {@link #submit} returns instead, for storage that other
 * servers share (see MirrorIndex).
 */
final class DeferredWrites {

    private static final Logger LOG = LoggerFactory.getLogger(DeferredWrites.class);
    static final int MOST_WAITING = 1024;

    /** A write, which says itself what went wrong when it throws. */
    interface Write {
        void run() throws IOException;
    }

    // One virtual thread at most, gone after a second of nothing to do; null: the caller writes.
    private final ThreadPoolExecutor thread;
    /** Room for writes handed over and not yet ended. */
    private final Semaphore room = new Semaphore(MOST_WAITING);
    private volatile long lastSubmit;

    private DeferredWrites(ThreadPoolExecutor thread) {
        this.thread = thread;
    }

    /** Writes on a thread of their own, {@code name} in thread dumps. */
    static DeferredWrites onItsOwnThread(String name) {
        ThreadPoolExecutor thread = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                Thread.ofVirtual().name(name).factory());
        thread.allowCoreThreadTimeOut(true);
        return new DeferredWrites(thread);
    }

    /** Writes done by the caller, before {@link #submit} returns. */
    static DeferredWrites inTheCaller() {
        return new DeferredWrites(null);
    }

    /**
     * Runs {@code write} after every write handed over before it. A failure is logged with
     * {@code what} (a phrase such as "cache the page of x") and ends nothing else.
     */
    void submit(String what, Write write) {
        if (thread == null) {
            run(what, write);
            return;
        }
        room.acquireUninterruptibly();
        lastSubmit = System.nanoTime();
        thread.execute(() -> {
            try {
                // Experiment: each write waits until nothing was handed over for 150 ms, so that
                // a burst of fresh requests does not share its CPU with their writes.
                while (System.nanoTime() - lastSubmit < 150_000_000L) {
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        break;
                    }
                }
                run(what, write);
            } finally {
                room.release();
            }
        });
    }

    private static void run(String what, Write write) {
        try {
            write.run();
        } catch (IOException | RuntimeException e) {
            LOG.error("could not {}: {}", what, e.getMessage());
        }
    }

    /**
     * Waits up to {@code within} for the writes handed over so far to end.
     *
     * @return true when they have
     */
    boolean awaitIdle(Duration within) throws InterruptedException {
        if (thread == null || room.availablePermits() == MOST_WAITING) {
            return true;
        }
        // Queued behind every write handed over so far, on the one thread: when it runs, they have.
        CompletableFuture<Void> marker = new CompletableFuture<>();
        thread.execute(() -> marker.complete(null));
        try {
            marker.get(within.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
