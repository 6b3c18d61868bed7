package dev.pymirror.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Waits for what a server does after it has answered (a write kept after the response, a fetch in
 * the background): polled every 20 ms up to a bound, so that a test asserts on the outcome rather
 * than on a sleep.
 */
public final class Eventually {

    private static final long POLL_MILLIS = 20;

    /** Something read that may throw (an HTTP request). */
    public interface Read<T> {
        T read() throws Exception;
    }

    private Eventually() {}

    /** Reads until {@code done} holds of what was read, or {@code bound} has passed; the last read. */
    public static <T> T value(Read<T> read, Predicate<T> done, Duration bound) throws Exception {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            T got = read.read();
            if (done.test(got) || System.nanoTime() > deadline) {
                return got;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** Whether {@code condition} held within {@code bound}. */
    public static boolean holds(BooleanSupplier condition, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return condition.getAsBoolean();
    }
}
