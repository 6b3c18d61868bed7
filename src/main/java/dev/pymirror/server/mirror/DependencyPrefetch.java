package dev.pymirror.server.mirror;

import dev.pymirror.packaging.PackagingException;
import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.metadata.RawMetadata;
import dev.pymirror.packaging.requirements.Requirement;
import dev.pymirror.server.index.Unavailable;
import dev.pymirror.store.WheelMetadataReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the pages of a wheel's dependencies in the background ({@code prefetch-dependencies}).
 *
 * <p>pip reads a wheel's {@code Requires-Dist} (from its PEP 658 {@code .metadata} when the page
 * offers one, else from the wheel) and then asks for each dependency's page, one at a time; on a
 * mirror that has not cached them, each is a cold upstream fetch that pip waits for. Asked here as
 * soon as the metadata is kept or the wheel stored, the page is cached when pip asks, or pip joins
 * the fetch under way ({@link MirrorIndex#page} lets one fetch per project run at a time).
 *
 * <p>Only dependencies that apply without an extra: those behind {@code extra == "..."} are asked for
 * only by a client that wants the extra. Markers for other platforms are not evaluated (the mirror
 * does not know its clients' platforms), so such a page may be fetched that no client asks for: the
 * cost of the setting. A dependency given by URL ({@code name @ https://...}) has no page to ask for.
 * At most {@link #MAX_FETCHES} run at once, a project's at most once at a time; nothing here ever
 * throws into its caller (a client's metadata request, a download), and what fails is logged at
 * DEBUG only (the upstream's health is recorded by the page fetch itself).
 */
final class DependencyPrefetch {

    /** Enough to stay ahead of one pip, which asks one page at a time; few enough to spare the upstream. */
    static final int MAX_FETCHES = 4;

    private static final Logger LOG = LoggerFactory.getLogger(DependencyPrefetch.class);

    private final MirrorIndex index;
    private final Semaphore slots = new Semaphore(MAX_FETCHES);
    /** Normalized names whose prefetch is waiting for a slot or running. */
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    /**
     * The mirror's count of its background work (a stop waits for it): every fetch here, and every
     * handing-over of metadata not yet read for its dependencies, is counted in it.
     */
    private final PendingWork pending;

    DependencyPrefetch(MirrorIndex index, PendingWork pending) {
        this.index = index;
        this.pending = pending;
    }

    /**
     * Starts the fetches for the dependencies of {@code filename}, a wheel of {@code project} whose
     * metadata a client was just given, fetched or read out of the wheel: pip reads it and asks for
     * those pages next (it downloads the wheels themselves once it has resolved them all). Returns at
     * once; nothing is done on the caller's thread.
     */
    void metadataChecked(ProjectName project, String filename, byte[] metadata) {
        if (!applies(filename)) {
            return;
        }
        // Experiment: the wheel itself fetched into the cache once a client has read its metadata
        // (pip 26 reads every wheel's metadata first and downloads the wheels once resolved).
        pending.begin();
        Thread.ofVirtual().name("prefetch-wheel-" + filename).start(() -> {
            try {
                index.file(project, filename);
            } catch (Exception | Error e) {
                LOG.debug("prefetch of {}: {}", filename, e.toString());
            } finally {
                pending.end();
            }
        });
        pending.begin();
        Thread.ofVirtual().name("prefetch-of-" + filename).start(() -> {
            try {
                start(project, filename, metadata);
            } finally {
                pending.end();
            }
        });
    }

    /**
     * Starts the fetches for the dependencies of {@code filename}, a wheel of {@code project} just
     * stored at {@code wheel} whose metadata no client read: pip does so when the page offers none.
     * Reads the metadata out of the wheel on the caller's thread (the download's, never a
     * client's), and asks the upstream for nothing more than the pages.
     */
    void afterStored(ProjectName project, String filename, Path wheel) {
        if (!applies(filename)) {
            return;
        }
        Optional<byte[]> metadata;
        try {
            metadata = WheelMetadataReader.read(wheel);
        } catch (IOException e) {
            LOG.debug("no prefetch for the dependencies of {}: {}", filename, e.getMessage());
            return;
        }
        metadata.ifPresent(bytes -> start(project, filename, bytes));
    }

    /** Only a wheel's metadata is read here (an sdist's may not say all it needs), and never offline. */
    private boolean applies(String filename) {
        return !index.offline() && filename.endsWith(".whl");
    }

    private void start(ProjectName project, String filename, byte[] metadata) {
        Set<ProjectName> dependencies;
        try {
            dependencies = dependencies(metadata);
        } catch (PackagingException e) {
            LOG.debug("no prefetch for the dependencies of {}: {}", filename, e.getMessage());
            return;
        }
        for (ProjectName dependency : dependencies) {
            // Already current, or being fetched ahead for another wheel that needs it too.
            if (dependency.equals(project) || index.readyPage(dependency).isPresent()
                    || !running.add(dependency.normalized())) {
                continue;
            }
            pending.begin();
            Thread.ofVirtual().name("prefetch-" + dependency.normalized()).start(() -> fetch(dependency));
        }
    }

    /**
     * The projects that {@code Requires-Dist} names without an extra or a URL, in file order. A
     * requirement that does not parse is left out, not the whole list.
     */
    static Set<ProjectName> dependencies(byte[] metadata) {
        Set<ProjectName> names = new LinkedHashSet<>();
        for (String value : RawMetadata.parse(metadata).all("Requires-Dist")) {
            Requirement requirement;
            try {
                requirement = Requirement.parse(value);
            } catch (PackagingException e) {
                continue;
            }
            if (requirement.url() == null && (requirement.marker() == null || !requirement.marker().namesExtra())) {
                names.add(requirement.name());
            }
        }
        return names;
    }

    private void ended(ProjectName dependency) {
        running.remove(dependency.normalized());
        pending.end();
    }

    private void fetch(ProjectName dependency) {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            ended(dependency);
            return;
        }
        try {
            // Looked at again: a client may have asked for it while this waited for a slot.
            if (index.readyPage(dependency).isEmpty()) {
                index.page(dependency);
            }
        } catch (Unavailable e) {
            LOG.debug("prefetch of the page of {} failed: {}", dependency.normalized(), e.getMessage());
        } catch (RuntimeException e) {
            // A client asking for the page meets the same fault and is told; here it is only a bug to see.
            LOG.warn("prefetch of the page of {} failed", dependency.normalized(), e);
        } finally {
            slots.release();
            ended(dependency);
        }
    }
}
