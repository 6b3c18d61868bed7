package dev.pymirror.sync.tree;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Runs many small file writes at once. Each published file is forced to disk; one at a time that
 * costs a disk flush each (milliseconds on a virtual disk), while flushes issued together are
 * committed together by the file system's journal, so a tree of hundreds of pages is written in a
 * fraction of the time.
 */
final class ParallelWrites {

    /** How many writes are in flight at once. */
    static final int WIDTH = 16;

    /** One write. */
    @FunctionalInterface
    interface Write<T> {
        T run() throws IOException;
    }

    private ParallelWrites() {}

    /**
     * Runs every write and returns their results in order.
     *
     * @throws IOException the first failure, in order, after all writes have finished
     */
    static <T> List<T> run(List<Write<T>> writes) throws IOException {
        if (writes.size() <= 1) {
            List<T> results = new ArrayList<>();
            for (Write<T> w : writes) {
                results.add(w.run());
            }
            return results;
        }
        Semaphore width = new Semaphore(WIDTH);
        List<Future<T>> futures = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Write<T> write : writes) {
                futures.add(executor.submit(() -> {
                    width.acquire();
                    try {
                        return write.run();
                    } finally {
                        width.release();
                    }
                }));
            }
        }
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            try {
                results.add(f.get());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IOException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while writing the tree", e);
            }
        }
        return results;
    }
}
