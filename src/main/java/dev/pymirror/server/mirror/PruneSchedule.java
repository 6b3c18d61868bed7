package dev.pymirror.server.mirror;

import dev.pymirror.server.background.BackgroundJobs;
import dev.pymirror.server.mirror.retention.PruneReport;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
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
    private BackgroundJobs jobs;

    public PruneSchedule(List<MirrorIndex> mirrors) {
        this.mirrors = mirrors.stream().filter(m -> m.config().retention().limits()).toList();
    }

    @Override
    protected void doStart() {
        if (mirrors.isEmpty()) {
            return;
        }
        jobs = new BackgroundJobs("prune", 1);
        for (MirrorIndex m : mirrors) {
            Duration every = m.config().retention().interval();
            jobs.every(every, every, () -> pruneOnSchedule(m));
        }
    }

    @Override
    protected void doStop() throws InterruptedException {
        if (jobs != null) {
            jobs.stop();
        }
        // What was read since the last prune is not lost to a restart.
        mirrors.forEach(m -> m.retention().flush());
    }

    /** A failure is logged and the next interval tries again; a prune cut short by a stop is no failure. */
    private void pruneOnSchedule(MirrorIndex m) {
        try {
            prune(m);
        } catch (IOException | RuntimeException e) {
            if (jobs.stopping()) {
                LOG.info("index '{}': the prune under way stopped with the server; the next one goes on", m.name());
            } else {
                LOG.warn("index '{}': the cache could not be pruned: {}", m.name(), e.getMessage());
            }
        }
    }

    /** One prune of one mirror, said in the log when it evicted anything. */
    static void prune(MirrorIndex m) throws IOException {
        PruneReport report = m.retention().prune(false, m::evicted);
        m.evicted(report);
        if (!report.evicted().isEmpty()) {
            LOG.info("index '{}': evicted {} cached files ({} bytes), kept {} ({} bytes)", m.name(),
                    report.evicted().size(), report.bytesFreed(), report.kept(), report.bytesKept());
        }
    }
}
