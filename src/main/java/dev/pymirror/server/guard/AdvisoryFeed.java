package dev.pymirror.server.guard;

import dev.pymirror.advisories.Advisories;
import dev.pymirror.advisories.AdvisoryException;
import dev.pymirror.advisories.AdvisoryStore;
import dev.pymirror.store.FileVersion;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The advisories a running server blocks by: the data directory's store, loaded at start-up and
 * again on its own thread when {@code pymirror advisories import} has replaced the file (checked
 * every {@link #CHECK_EVERY}). Requests read {@link #current()}, a volatile field: they never wait
 * for a load. A store that cannot be loaded later keeps the advisories already loaded (logged).
 */
public final class AdvisoryFeed extends AbstractLifeCycle {

    private static final Logger LOG = LoggerFactory.getLogger(AdvisoryFeed.class);

    /** How often the store's file is looked at. */
    public static final Duration CHECK_EVERY = Duration.ofSeconds(10);

    private final AdvisoryStore store;
    private volatile Advisories current;
    private volatile Optional<FileVersion> loaded;
    private ScheduledExecutorService timer;

    private AdvisoryFeed(AdvisoryStore store, Advisories current, Optional<FileVersion> loaded) {
        this.store = store;
        this.current = current;
        this.loaded = loaded;
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

    /** Loads the store again if its file changed since it was last loaded. */
    void refresh() {
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
            LOG.error("advisories not reloaded, the {} loaded before stay in force: {}", current.count(), e.getMessage());
        }
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
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "advisories");
            t.setDaemon(true);
            return t;
        });
        long every = CHECK_EVERY.toMillis();
        timer.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() throws InterruptedException {
        if (timer != null) {
            timer.shutdownNow();
            timer.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
