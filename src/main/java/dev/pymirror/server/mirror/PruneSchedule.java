package dev.pymirror.server.mirror;

import dev.pymirror.server.mirror.retention.PruneReport;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies each mirror's retention policy every {@code prune-interval} while the server runs (the
 * first time one interval after the start), on one thread of its own so that a prune never holds
 * up a request. Mirrors without a limit are left alone.
 */
public final class PruneSchedule extends AbstractLifeCycle {

    private static final Logger LOG = LoggerFactory.getLogger(PruneSchedule.class);

    private final List<MirrorIndex> mirrors;
    private ScheduledExecutorService timer;

    public PruneSchedule(List<MirrorIndex> mirrors) {
        this.mirrors = mirrors.stream().filter(m -> m.config().retention().limits()).toList();
    }

    @Override
    protected void doStart() {
        if (mirrors.isEmpty()) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "prune");
            t.setDaemon(true);
            return t;
        });
        for (MirrorIndex m : mirrors) {
            long every = m.config().retention().interval().toMillis();
            timer.scheduleWithFixedDelay(() -> prune(m), every, every, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    protected void doStop() throws InterruptedException {
        if (timer != null) {
            timer.shutdownNow();
            timer.awaitTermination(10, TimeUnit.SECONDS);
        }
        // What was read since the last prune is not lost to a restart.
        mirrors.forEach(m -> m.retention().flush());
    }

    /** One prune of one mirror; a failure is logged and the next interval tries again. */
    static void prune(MirrorIndex m) {
        try {
            PruneReport report = m.retention().prune(false, m::evicted);
            m.evicted(report);
            if (!report.evicted().isEmpty()) {
                LOG.info("index '{}': evicted {} cached files ({} bytes), kept {} ({} bytes)", m.name(),
                        report.evicted().size(), report.bytesFreed(), report.kept(), report.bytesKept());
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("index '{}': the cache could not be pruned: {}", m.name(), e.getMessage());
        }
    }
}
