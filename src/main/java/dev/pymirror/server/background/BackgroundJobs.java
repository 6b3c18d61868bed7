package dev.pymirror.server.background;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon threads on which a running server does its periodic work (a mirror's prunes, reads of
 * a shared users log, advisory downloads), and the stop that ends it. The stop interrupts a job
 * under way, so that a long prune over a bucket or a slow download does not hold up the server's
 * exit; that job then fails with an interruption which is no fault of the storage or the network.
 * {@link #stopping} tells it so: it says it stopped with the server instead of logging, or
 * recording for {@code /health}, a failure that never happened.
 */
public final class BackgroundJobs {

    /** How long a stop waits for an interrupted job to end before it leaves it to the JVM's exit. */
    static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundJobs.class);

    private final String name;
    private final ScheduledExecutorService timer;
    private volatile boolean stopping;

    /** {@code threads} run jobs side by side, so that a slow one does not hold up another. */
    public BackgroundJobs(String name, int threads) {
        this.name = name;
        this.timer = Executors.newScheduledThreadPool(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code job} after {@code first}, then {@code every} after each run ends. */
    public void every(Duration first, Duration every, Runnable job) {
        timer.scheduleWithFixedDelay(job, first.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Whether {@link #stop} has begun: a job that fails now may have been interrupted by it, and
     * its failure says nothing about what it was doing.
     */
    public boolean stopping() {
        return stopping;
    }

    /** Runs no job again, interrupts those under way and waits a bounded time for them to end. */
    public void stop() throws InterruptedException {
        stopping = true;
        timer.shutdownNow();
        if (!timer.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warn("{}: a job still runs {} s after the stop interrupted it; the exit ends it", name,
                    STOP_WAIT.toSeconds());
        }
    }
}
