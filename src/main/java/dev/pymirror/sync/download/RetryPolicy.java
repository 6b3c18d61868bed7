package dev.pymirror.sync.download;

import dev.pymirror.upstream.UpstreamException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how patiently to ask the upstream again after a failure that may pass: exponential
 * back-off from {@code firstDelay}, doubled each time up to {@code maxDelay}, with up to a quarter
 * of random jitter so that parallel downloads do not retry in lock-step.
 *
 * @param attempts how many times to try in all (1 means no retry)
 * @param firstDelay the wait before the second attempt
 * @param maxDelay the longest wait between attempts
 */
public record RetryPolicy(int attempts, Duration firstDelay, Duration maxDelay) {

    /** Four attempts, waiting about 0.5s, 1s and 2s between them. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(8));

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
        }
        if (firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("delays must be 0 <= first <= max");
        }
    }

    /** The wait before attempt {@code attempt + 1}, after {@code attempt} (1-based) failed. */
    public Duration delayAfter(int attempt) {
        long base = firstDelay.toMillis() << Math.min(20, attempt - 1);
        long capped = Math.min(base, maxDelay.toMillis());
        long jitter = capped <= 0 ? 0 : ThreadLocalRandom.current().nextLong(capped / 4 + 1);
        return Duration.ofMillis(capped - jitter);
    }

    /**
     * Whether a failure may pass if asked again: refusals, timeouts, failure statuses, broken or
     * corrupted transfers. Malformed and oversized answers, and a certificate not trusted, will not change.
     */
    public static boolean isTransient(UpstreamException e) {
        return switch (e.kind()) {
            case REFUSED, UNREACHABLE, TIMEOUT, HTTP_STATUS, TRUNCATED, HASH_MISMATCH -> true;
            case MALFORMED, TOO_LARGE, UNTRUSTED -> false;
        };
    }

    /** Something to do against the upstream. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run() throws UpstreamException;
    }

    /** Called before each wait, to say what is retried. */
    @FunctionalInterface
    public interface RetryListener {
        void retrying(int failedAttempt, Duration delay, UpstreamException failure);
    }

    /**
     * Runs {@code attempt} until it succeeds, fails for good, or attempts run out. An attempt that
     * failed because its thread was interrupted was cancelled, not failed: the work is no longer
     * wanted (a resolution that failed closes the index under its prefetches), so it is neither
     * retried nor reported to the listener.
     *
     * @throws UpstreamException the last failure
     */
    public <T> T run(Attempt<T> attempt, RetryListener listener) throws UpstreamException {
        for (int n = 1; ; n++) {
            try {
                return attempt.run();
            } catch (UpstreamException e) {
                if (n >= attempts || !isTransient(e) || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                Duration delay = delayAfter(n);
                listener.retrying(n, delay, e);
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
