package dev.pymirror.server.guard;

import dev.pymirror.advisories.Advisories;
import dev.pymirror.advisories.AdvisoryException;
import dev.pymirror.advisories.AdvisoryStore;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pymirror.advisories.ImportReport;
import dev.pymirror.server.background.BackgroundJobs;
import dev.pymirror.server.config.AdvisoryFeedConfig;
import dev.pymirror.store.FileVersion;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The advisories a running server blocks by: the data directory's store, loaded at start-up and
 * again on its own thread when {@code pymirror advisories import} has replaced the file (checked
 * every {@link #CHECK_EVERY}). Requests read {@link #current()}, a volatile field: they never wait
 * for a load. A store that cannot be loaded later keeps the advisories already loaded (logged).
 *
 * <p>With an {@code advisories-url}, the feed also fetches OSV's archive from there on its thread,
 * right after start-up (which does not wait for it) and then every {@code advisories-refresh}, and
 * imports it into the store (see {@link OsvDownload}); {@link #describe} tells {@code /health} how
 * that went.
 */
public final class AdvisoryFeed extends AbstractLifeCycle {

    private static final Logger LOG = LoggerFactory.getLogger(AdvisoryFeed.class);

    /** How often the store's file is looked at. */
    public static final Duration CHECK_EVERY = Duration.ofSeconds(10);

    /** How a failure to reach the URL starts, told from an archive that failed to import. */
    private static final String UNREACHABLE = "not fetched: ";

    private final AdvisoryStore store;
    private volatile Advisories current;
    private volatile Optional<FileVersion> loaded;
    private BackgroundJobs jobs;
    private OsvDownload download;
    private Duration downloadEvery;
    private Clock clock = Clock.systemUTC();
    private volatile FeedStatus status;

    private AdvisoryFeed(AdvisoryStore store, Advisories current, Optional<FileVersion> loaded) {
        this.store = store;
        this.current = current;
        this.loaded = loaded;
    }

    /** Fetches the advisories from {@code config}'s URL too, once started; returns this feed. */
    public AdvisoryFeed downloading(AdvisoryFeedConfig config) {
        return downloading(new OsvDownload(config.url()), config.refresh(), Clock.systemUTC());
    }

    AdvisoryFeed downloading(OsvDownload from, Duration every, Clock clock) {
        this.download = from;
        this.downloadEvery = every;
        this.clock = clock;
        this.status = FeedStatus.never(from.shownUrl());
        return this;
    }

    /**
     * Fetches and imports the archive now (the schedule calls it), then loads the store when the
     * import changed it. A failure keeps the advisories loaded, is logged once (not again while the
     * same failure repeats), and is shown by {@link #describe} until a fetch succeeds.
     */
    void download() {
        Instant attempt = clock.instant();
        FeedStatus before = status;
        try {
            Optional<ImportReport> report = download.fetchInto(store, clock);
            // A 304 after an archive that failed to import: that archive is still the mirror's.
            String error = report.isEmpty() && before.lastError() != null && !before.lastError().startsWith(UNREACHABLE)
                    ? before.lastError() : null;
            status = new FeedStatus(before.url(), attempt, clock.instant(), error);
            if (report.isPresent()) {
                ImportReport r = report.get();
                LOG.info("advisories fetched from {}: {} records read, {} added, {} replaced, {} withdrawn",
                        download.shownUrl(), r.read(), r.added(), r.replaced(), r.withdrawn());
                refresh();
            }
        } catch (IOException e) {
            fail(before, attempt, UNREACHABLE + e.getMessage());
        } catch (AdvisoryException e) {
            fail(before, attempt, "not imported, the advisories loaded before stay in force: " + e.getMessage());
        } catch (RuntimeException e) {
            fail(before, attempt, "not imported: " + e);
        }
        if (status == before) {
            return; // cut short by the stop: nothing new to keep
        }
        try {
            status.save(store);
        } catch (IOException e) {
            LOG.warn("cannot keep the advisories feed's status for pymirror advisories status: {}", e.getMessage());
        }
    }

    private void fail(FeedStatus before, Instant attempt, String why) {
        if (stopping()) {
            // Interrupted by the server's stop: this says nothing of the feed, so nothing is recorded.
            LOG.info("advisories from {}: the download under way stopped with the server", download.shownUrl());
            return;
        }
        if (!why.equals(before.lastError())) {
            LOG.error("advisories from {}: {}", download.shownUrl(), why);
        }
        status = new FeedStatus(before.url(), attempt, before.lastSuccess(), why);
    }

    /** What {@code /health} says of the download; nothing when the feed has no URL. */
    public void describe(ObjectNode into) {
        if (download == null) {
            return;
        }
        ObjectNode feed = into.putObject("advisories");
        status.describe(feed);
        feed.put("refresh-seconds", downloadEvery.toSeconds());
        feed.put("loaded", current.count());
    }

    /**
     * Loads the store now.
     *
     * @throws AdvisoryException when it is there but cannot be used: a server that should block by
     *     advisories does not start without them
     */
    public static AdvisoryFeed load(AdvisoryStore store) throws AdvisoryException {
        Optional<FileVersion> version = version(store);
        Advisories advisories = store.load();
        if (advisories.imported().isEmpty()) {
            LOG.warn("an index blocks by advisories, and none are imported: run pymirror advisories import");
        } else {
            LOG.info("advisories: {} loaded ({} malware), imported {}", advisories.count(), advisories.malwareCount(),
                    advisories.imported().get());
        }
        return new AdvisoryFeed(store, advisories, version);
    }

    /** A feed of fixed advisories, for tests. */
    public static AdvisoryFeed of(Advisories advisories) {
        return new AdvisoryFeed(null, advisories, Optional.empty());
    }

    /** The advisories loaded last. */
    public Advisories current() {
        return current;
    }

    /** Loads the store again if its file changed since it was last loaded (from either thread). */
    synchronized void refresh() {
        try {
            Optional<FileVersion> now = version(store);
            if (now.equals(loaded)) {
                return;
            }
            Advisories next = store.load();
            current = next;
            loaded = now;
            LOG.info("advisories: {} loaded ({} malware), imported {}", next.count(), next.malwareCount(),
                    next.imported().map(Object::toString).orElse("never"));
        } catch (AdvisoryException e) {
            if (stopping()) {
                return; // a load cut short by the stop: the server is going
            }
            LOG.error("advisories not reloaded, the {} loaded before stay in force: {}", current.count(), e.getMessage());
        }
    }

    private boolean stopping() {
        return jobs != null && jobs.stopping();
    }

    private static Optional<FileVersion> version(AdvisoryStore store) {
        try {
            return FileVersion.of(store.file());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    protected void doStart() {
        if (store == null) {
            return;
        }
        // Two threads: a slow download does not hold up loading what `advisories import` wrote.
        jobs = new BackgroundJobs("advisories", download == null ? 1 : 2);
        jobs.every(CHECK_EVERY, CHECK_EVERY, this::refresh);
        if (download != null) {
            jobs.every(Duration.ZERO, downloadEvery, this::download);
        }
    }

    @Override
    protected void doStop() throws InterruptedException {
        if (jobs != null) {
            jobs.stop();
        }
    }
}
