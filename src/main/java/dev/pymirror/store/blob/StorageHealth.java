package dev.pymirror.store.blob;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's circuit breaker for its storage, so that a bucket that stops answering costs one call
 * timeout, not one per request: the idea of the mirror's upstream breaker
 * ({@code server.mirror.UpstreamHealth}), without its "slow" state (nobody waits on a storage call
 * the way a cached page's client waits on a revalidation).
 *
 * <p>Reachable, every call goes to the storage. A call that times out or cannot connect makes it
 * unreachable: from then on every call is refused at once ({@link StorageUnreachableException},
 * which the server answers 503 with Retry-After), so a write is refused in microseconds and a read
 * that the node's disk can serve ({@link ObjectCache}, pages in memory) still is. No request is the
 * probe: one background task asks the storage something small at once and then every probe
 * interval, and its first answer closes the breaker, so service comes back by itself, within one
 * interval of the storage's return. Any answer closes it, even a refusal (an error status is the storage talking). A failure
 * of a call sent before the storage's latest answer is old news and does not open it again.
 */
public final class StorageHealth implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StorageHealth.class);

    /** How often an unreachable storage is asked again; one small call each time. */
    public static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

    /** A small question to the storage; returns when it answered (even with a refusal), throws when it did not. */
    @FunctionalInterface
    public interface Probe {
        void ask() throws IOException;
    }

    /** Waits between probes (a test's does not). */
    @FunctionalInterface
    public interface Pause {
        void sleep(Duration d) throws InterruptedException;
    }

    private final String storage;
    private final Duration probeInterval;
    private final Clock clock;
    private final Probe probe;
    private final Executor probes;
    private final Pause pause;
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile boolean closed;
    private volatile Instant downSince;
    private volatile String downReason;
    private volatile Instant backAt;
    private volatile long lastAnswerNanos = System.nanoTime() - (1L << 62);

    /**
     * @param storage the storage as logged
     * @param probes runs the probing task while the storage is unreachable
     */
    public StorageHealth(String storage, Duration probeInterval, Clock clock, Probe probe, Executor probes, Pause pause) {
        this.storage = storage;
        this.probeInterval = probeInterval;
        this.clock = clock;
        this.probe = probe;
        this.probes = probes;
        this.pause = pause;
    }

    /** A breaker probing on a virtual thread every {@link #PROBE_INTERVAL}. */
    public static StorageHealth of(String storage, Probe probe) {
        return new StorageHealth(storage, PROBE_INTERVAL, Clock.systemUTC(), probe,
                task -> Thread.ofVirtual().name("storage-probe").start(task), d -> Thread.sleep(d));
    }

    /**
     * Lets a call go to the storage, or refuses it at once while the storage is unreachable.
     *
     * @param what the call, for the message: "store files/x"
     */
    public void check(String what) throws StorageUnreachableException {
        Instant down = downSince;
        if (down != null) {
            throw new StorageUnreachableException("the storage " + storage + " has not answered since " + down + " ("
                    + downReason + "); not asked to " + what + ", asked again every " + probeInterval.toMillis() + " ms");
        }
    }

    /**
     * A call sent at {@code askedNanos} ({@link System#nanoTime()}) was answered: the storage is
     * reachable.
     */
    public void answered(long askedNanos) {
        long now = System.nanoTime();
        if (now - lastAnswerNanos > 0) {
            lastAnswerNanos = now;
        }
        Instant since = downSince;
        if (since != null) {
            Instant at = clock.instant();
            backAt = at;
            downSince = null;
            downReason = null;
            LOG.info("the storage {} answers again, after {} s: calls go to it again", storage,
                    Duration.between(since, at).toSeconds());
        }
    }

    /**
     * A call sent at {@code askedNanos} timed out or could not connect: the storage is unreachable
     * unless it answered another call since that one was sent.
     */
    public void unreachable(String reason, long askedNanos) {
        if (askedNanos - lastAnswerNanos <= 0 || closed) {
            return;
        }
        if (downSince == null) {
            downReason = reason;
            downSince = clock.instant();
            LOG.warn("the storage {} does not answer ({}): what needs it is refused at once (503) and what this node's"
                    + " disk holds is served, until it answers a probe (every {} ms)", storage, reason,
                    probeInterval.toMillis());
        }
        if (probing.compareAndSet(false, true)) {
            probes.execute(this::probeUntilBack);
        }
    }

    private void probeUntilBack() {
        try {
            // The first probe at once: a storage that was only slow for a moment (a busy machine, a
            // pause of the server) is back after one answer, not after an interval.
            while (downSince != null && !closed) {
                long asked = System.nanoTime();
                try {
                    probe.ask();
                    answered(asked);
                    return;
                } catch (IOException | RuntimeException e) { // RuntimeException: a client closed meanwhile
                    LOG.debug("the storage {} still does not answer: {}", storage, e.toString());
                }
                pause.sleep(probeInterval);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            probing.set(false);
            // Opened again between the loop's last look and the flag's release: probe that too.
            if (downSince != null && !closed && probing.compareAndSet(false, true)) {
                probes.execute(this::probeUntilBack);
            }
        }
    }

    /** Whether the storage answers, read once. */
    public StorageStatus status() {
        Instant down = downSince;
        return new StorageStatus(down == null, down, down == null ? null : downReason, backAt);
    }

    /** Stops probing; the store is closing. */
    @Override
    public void close() {
        closed = true;
    }
}
