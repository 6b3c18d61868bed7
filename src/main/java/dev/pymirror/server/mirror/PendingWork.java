package dev.pymirror.server.mirror;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Work a mirror hands to a thread of its own, counted from the moment it is handed over (on the
 * handing thread) to its end, so that a stop that waits for it cannot look in between: a count
 * taken when the thread begins would miss work whose thread has not run yet.
 */
final class PendingWork {

    private int pending;

    /** Counts one piece of work in; call before handing it to its thread. */
    synchronized void begin() {
        pending++;
    }

    /** Counts one piece out; call once, when it has ended however it ended. */
    synchronized void end() {
        if (pending <= 0) {
            throw new IllegalStateException("more ends than begins");
        }
        if (--pending == 0) {
            notifyAll();
        }
    }

    /**
     * Waits up to {@code within} for every piece counted in to end.
     *
     * @return true when none is left
     */
    synchronized boolean awaitIdle(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (pending > 0) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }
}
