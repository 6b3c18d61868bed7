package dev.pymirror.server.mirror;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.dist.DistributionFilename;
import dev.pymirror.packaging.metadata.RawMetadata;
import dev.pymirror.packaging.version.SpecifierSet;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pymirror.server.config.MirrorConfig;
import dev.pymirror.server.config.RetentionPolicy;
import dev.pymirror.server.index.CacheStatus;
import dev.pymirror.server.index.FileAnswer;
import dev.pymirror.server.index.FileNames;
import dev.pymirror.server.index.FileDownload;
import dev.pymirror.server.index.FileEvent;
import dev.pymirror.server.index.MetadataAnswer;
import dev.pymirror.server.index.PackageIndex;
import dev.pymirror.server.index.PageAnswer;
import dev.pymirror.server.index.RenderablePage;
import dev.pymirror.server.index.Unavailable;
import dev.pymirror.server.mirror.retention.AccessTimes;
import dev.pymirror.server.mirror.retention.BucketCache;
import dev.pymirror.server.mirror.retention.CacheContents;
import dev.pymirror.server.mirror.retention.CacheRetention;
import dev.pymirror.server.mirror.retention.DiskCache;
import dev.pymirror.server.mirror.retention.Eviction;
import dev.pymirror.server.mirror.retention.PruneReport;
import dev.pymirror.server.metrics.MirrorReadings;
import dev.pymirror.server.metrics.UpstreamObserver;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.simple.ProjectList;
import dev.pymirror.simple.ProjectPage;
import dev.pymirror.simple.ProjectStatus;
import dev.pymirror.simple.ProvenanceObject;
import dev.pymirror.store.ContentMismatchException;
import dev.pymirror.store.Digesters;
import dev.pymirror.store.StagedFile;
import dev.pymirror.store.WheelMetadataReader;
import dev.pymirror.store.blob.BlobStore;
import dev.pymirror.store.blob.Content;
import dev.pymirror.store.blob.LocalBlobStore;
import dev.pymirror.store.blob.ObjectConflictException;
import dev.pymirror.store.blob.ObjectInfo;
import dev.pymirror.store.blob.StorageException;
import dev.pymirror.upstream.PageFetch;
import dev.pymirror.upstream.RedactedUrl;
import dev.pymirror.upstream.UpstreamException;
import dev.pymirror.upstream.UpstreamIndex;
import dev.pymirror.upstream.Validators;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A caching proxy of one upstream index: the pages and files pip asks for, from the cache when it
 * has them, else from the upstream, and from the cache again when the upstream fails.
 *
 * <p>Pages are kept for their time to live, then revalidated with a conditional request. When the
 * upstream fails, a cached page of any age is served and marked stale; a page never cached is a
 * 502 (or 504 for a timeout) that names the upstream's failure, never an empty page. Files are
 * immutable once cached; concurrent requests for one uncached file share one download. With
 * {@code prefetch-dependencies}, a wheel whose metadata is kept, or which is stored, has its
 * dependencies' pages fetched in the background ({@link DependencyPrefetch}), since its client asks
 * for them next.
 *
 * <p>In its storage ({@link BlobStore}: the index's folder, or its prefix in a bucket that several
 * nodes share): {@code pages/} (see {@link PageStore}), {@code times/} ({@link SeenTimes}),
 * {@code removed/} ({@link UpstreamRemovals}) and {@code files/<project>/<file>} with
 * {@code <file>.metadata} beside wheels and {@code <file>.provenance} beside files whose upstream
 * lists one. Files are immutable objects, stored create-only once their hashes are checked, and
 * served from the node's disk ({@link BlobStore#localFile}). The same code runs over both stores;
 * downloads are staged in the index's folder on this node's disk either way.
 */
public final class MirrorIndex implements PackageIndex {

    /** PEP 792's status under which an index serves no files. */
    static final String QUARANTINED = "quarantined";

    private static final Logger LOG = LoggerFactory.getLogger(MirrorIndex.class);
    private static final long MAX_METADATA_BYTES = 16L << 20;
    /**
     * Metadata held in memory until it is kept, all of this mirror's together, at most: beyond it,
     * metadata is kept before it is answered, so that a disk slower than the requests (or an
     * upstream's huge metadata files) slows them rather than filling the heap. pip asks for one
     * at a time; a typical file is a few kilobytes.
     */
    static final long MOST_HELD_METADATA_BYTES = 1L << 20;
    /** PyPI's provenance objects are a few KiB; this leaves room for many attestations. */
    private static final long MAX_PROVENANCE_BYTES = 4L << 20;

    private final MirrorConfig config;
    private final boolean offline;
    private final UpstreamIndex upstream;
    private final PageStore pageStore;
    private final Path filesDir;
    private final BlobStore store;
    /** The keys of this index's objects start with it: empty in its own folder, {@code <name>/} in a bucket. */
    private final String prefix;
    private final CachedFiles cachedFiles;
    private final SeenTimes seenTimes;
    /** What is written after the answer: pages kept, revalidations, first-seen times (see DeferredWrites). */
    private final DeferredWrites later;
    private final Clock clock;
    private final Map<String, ServedPage> pages = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<PageAnswer>> pageFetches = new ConcurrentHashMap<>();
    private final Map<String, FileDownload> downloads = new ConcurrentHashMap<>();
    /**
     * Every thread this mirror starts for work of its own: downloads (with what each does after its
     * download ended, see {@link #followUp}), page refreshes (one a client stopped waiting for goes on),
     * dependencies' pages fetched ahead. They alone hand writes to {@link #later} once clients are
     * answered, so a stop that waits for them, then for those writes, leaves nothing written after it.
     */
    private final PendingWork background = new PendingWork();
    /**
     * Files (project/filename) seen in the cache since start. A cached file never changes, so one
     * look at the disk per file is enough; one removed by hand is noticed when serving it finds
     * nothing, and fetched again.
     */
    private final Map<String, Path> seenCached = new ConcurrentHashMap<>();
    /**
     * Metadata (project/filename.metadata) fetched and checked, answered from memory, and handed to
     * {@link #later} to be kept: a request for it in between gets these bytes, not a second fetch.
     */
    private final Map<String, byte[]> heldMetadata = new ConcurrentHashMap<>();
    private final AtomicLong heldMetadataBytes = new AtomicLong();
    private final AtomicReference<String> lastUpstreamFailure = new AtomicReference<>();
    /** Whether the log has said that the upstream URL is not an index (once is enough). */
    private final AtomicBoolean misplacedReported = new AtomicBoolean();
    private volatile Instant lastUpstreamSuccess;
    /** The project list's key among the refreshes in flight (no project name starts with a dot). */
    private static final String LIST_KEY = ".root";
    private final Object listLock = new Object();
    private final UpstreamHealth health;
    private ServedList projectList;
    /** When each cached file was last served; kept only when a retention policy needs it. */
    private final AccessTimes accesses;
    private final CacheRetention retention;
    /** Files the upstream stopped listing together with a change of the project's status. */
    private final UpstreamRemovals removals;
    /** The pages of wheels' dependencies, fetched ahead of pip; null unless prefetch-dependencies. */
    private final DependencyPrefetch prefetch;

    /** The last prune this server ran, for /health and the web UI; null before the first. */
    private volatile LastPrune lastPrune;

    private record LastPrune(Instant at, int evicted, long freed) {}

    /** A mirror keeping its cache in {@code dir} (the embedded default, a {@link LocalBlobStore} there). */
    public MirrorIndex(MirrorConfig config, Path dir, boolean offline, Clock clock) throws IOException {
        this(config, dir, new LocalBlobStore(dir), "", offline, clock);
    }

    /**
     * A mirror keeping its cache in {@code store} under {@code prefix}, staging downloads in
     * {@code dir} on this node's disk.
     */
    public MirrorIndex(MirrorConfig config, Path dir, BlobStore store, String prefix, boolean offline, Clock clock)
            throws IOException {
        this.store = store;
        this.prefix = prefix;
        this.config = config;
        this.offline = offline;
        this.clock = clock;
        this.upstream = new UpstreamIndex(config.upstream(), config.connectTimeout(), config.readTimeout(),
                config.pageTimeout());
        this.health = new UpstreamHealth(config.upstream(), config.probeInterval(), clock);
        this.pageStore = new PageStore(store, prefix + "pages/");
        this.filesDir = Files.createDirectories(dir.resolve("files"));
        this.accesses = new AccessTimes(clock);
        // Retention prunes where the cache is: the files folder with the local store (atimes), the
        // index's objects with a bucket (reads kept in each node's document there).
        CacheContents contents = store instanceof LocalBlobStore ? new DiskCache(filesDir)
                : new BucketCache(store, prefix + "files/", prefix + "reads/", BucketCache.nodeName(dir));
        this.retention = new CacheRetention(contents, config.retention(), accesses, clock);
        this.cachedFiles = new CachedFiles(store, prefix + "files/", config.name(), filesDir);
        this.removals = new UpstreamRemovals(store, prefix + "removed/");

        // On a bucket that other nodes share, a page's copy is for them and its entry must be decided
        // by the log; and one thread would save one page at a time (a PUT each), where requests
        // saved theirs side by side. The data directory's writes are local and quick.
        this.later = store.shared() ? DeferredWrites.inTheCaller()
                : DeferredWrites.onItsOwnThread("mirror-writes-" + config.name());
        this.seenTimes = new SeenTimes(store, prefix + "times/", later);
        this.prefetch = config.prefetchDependencies() ? new DependencyPrefetch(this, background) : null;
    }

    /** The retention policy over this mirror's file cache, as the server applies it. */
    public CacheRetention retention() {
        return retention;
    }

    /**
     * Forgets a file the retention evicted, so that the next request for it looks at the disk and
     * fetches it again rather than trying the path it remembered first.
     */
    public void evicted(String key) {
        seenCached.remove(key);
    }

    /** Waits until the cache's counts for {@code /metrics} include what was there at start-up. */
    void awaitCacheCount() throws InterruptedException {
        cachedFiles.awaitCount();
    }

    /** What a prune removed leaves the cache's counts for {@code /metrics}. */
    public void evicted(PruneReport report) {
        lastPrune = new LastPrune(clock.instant(), report.evicted().size(), report.bytesFreed());
        for (Eviction e : report.evicted()) {
            cachedFiles.removed(1 + e.file().siblings().size(), e.file().bytes());
        }
    }

    private void served(String key) {
        if (config.retention().limits()) {
            accesses.record(key);
        }
    }

    /** Tells {@code observer} how each request to the upstream ends (for {@code /metrics}). */
    public void observeUpstream(UpstreamObserver observer) {
        health.observe(observer);
    }

    /**
     * For {@code /metrics}: downloads in flight, the upstream circuit, and the files in this mirror's
     * cache with their bytes, kept up to date as files are published (no disk walk).
     */
    public MirrorReadings readings() {
        return new MirrorReadings(downloads::size, health::state, cachedFiles::files, cachedFiles::bytes);
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public void describe(ObjectNode into) {
        into.put("kind", "mirror");
        into.put("upstream", RedactedUrl.of(config.upstream()));
        into.put("offline", offline);
        into.put("page-ttl-seconds", config.pageTtl().toSeconds());
        into.put("revalidate-wait-ms", config.revalidateWait().toMillis());
        into.put("prefetch-dependencies", config.prefetchDependencies());
        health.describe(into);
        lastUpstreamSuccess().ifPresent(t -> into.put("upstream-last-success", t.toString()));
        lastUpstreamFailure().ifPresent(f -> into.put("upstream-last-failure", f));
        describeCache(into);
    }

    /**
     * The cache's size and, with a retention policy, its limits and last prune: read from memory
     * (the counts kept for /metrics), never a walk of the cache, since anyone may poll /health.
     */
    private void describeCache(ObjectNode into) {
        CacheUse use = cacheUse();
        ObjectNode cache = into.putObject("cache");
        cache.put("files", use.files());
        cache.put("bytes", use.bytes());
        if (!use.counted()) {
            cache.put("counting", true); // the start-up count is still running: the figures are partial
        }
        RetentionPolicy policy = use.policy();
        if (!policy.limits()) {
            return;
        }
        ObjectNode r = into.putObject("retention");
        if (policy.maxCacheSize() > 0) {
            r.put("max-cache-size-bytes", policy.maxCacheSize());
            r.put("used-percent", Math.round(1000.0 * use.bytes() / policy.maxCacheSize()) / 10.0);
        }
        if (policy.maxUnusedAge() != null) {
            r.put("max-unused-age-seconds", policy.maxUnusedAge().toSeconds());
        }
        if (policy.keepVersions() > 0) {
            r.put("keep-versions", policy.keepVersions());
        }
        r.put("prune-interval-seconds", policy.interval().toSeconds());
        if (use.lastPrune() != null) {
            r.put("last-prune", use.lastPrune().toString());
            r.put("last-prune-evicted-files", use.lastEvicted());
            r.put("last-prune-freed-bytes", use.lastFreed());
        }
    }

    /** The cache's size now and its retention, from memory. */
    public CacheUse cacheUse() {
        LastPrune last = lastPrune;
        return new CacheUse(cachedFiles.files(), cachedFiles.bytes(), cachedFiles.counted(), config.retention(),
                last == null ? null : last.at(), last == null ? 0 : last.evicted(), last == null ? 0 : last.freed());
    }

    /** The upstream circuit's state. */
    public UpstreamStatus upstreamStatus() {
        return health.status();
    }

    /** The upstream's latest failures, newest first (a bounded few, kept in memory). */
    public List<UpstreamFailure> recentFailures() {
        return health.recentFailures();
    }

    /** The projects whose pages are cached, sorted (a listing of the page folder: for the web UI, not a hot path). */
    public List<ProjectName> cachedProjects() throws IOException {
        return pageStore.storedProjects();
    }

    /** Whether this file of the project is in the cache now (a stat at most). */
    public boolean isCached(ProjectName project, String filename) {
        String seen = project.normalized() + "/" + filename;
        if (seenCached.containsKey(seen)) {
            return true;
        }
        FileDownload download = downloads.get(seen);
        if (download != null && download.checked()) {
            return true; // its clients have it whole from here, while it is forced and kept (FileDownload.run)
        }
        try {
            cachedPath(project, filename);
            // A listing, not a stat: the local store computes the hash of a file cached before
            // hashes were kept beside files, which a page of the web UI must not do per row.
            String key = fileKey(project, filename);
            return store.list(key).stream().anyMatch(o -> o.key().equals(key));
        } catch (Unavailable | IOException e) {
            return false; // not a name a file could have, or a storage that does not answer
        }
    }

    public MirrorConfig config() {
        return config;
    }

    public boolean offline() {
        return offline;
    }

    /** Where cached files live with the local store, and downloads are staged: {@code <project>/<file>} beneath it. */
    public Path filesDir() {
        return filesDir;
    }

    public Optional<Instant> lastUpstreamSuccess() {
        return Optional.ofNullable(lastUpstreamSuccess);
    }

    public Optional<String> lastUpstreamFailure() {
        return Optional.ofNullable(lastUpstreamFailure.get());
    }

    /**
     * Waits up to {@code within} for the work of this mirror's own threads to end (downloads with
     * what their threads do after, such as a provenance fetched and kept; page refreshes; pages
     * fetched ahead of clients, {@code prefetch-dependencies}), then for the writes deferred past
     * their answers, which only those threads and the clients' requests (drained before) hand over.
     * A client has a fresh file once its bytes are checked, before it is forced and kept
     * (FileDownload.run), and a fresh page before it is kept ({@link DeferredWrites}): a server that
     * stops waits for both, so that what its clients got is in the cache when it starts again.
     *
     * @return true when none is left
     */
    public boolean awaitWrites(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        if (!background.awaitIdle(within)) {
            return false;
        }
        return later.awaitIdle(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    /** A page in memory that needs no revalidation (or any page in memory when offline). */
    @Override
    public Optional<PageAnswer> readyPage(ProjectName name) {
        ServedPage known = pages.get(name.normalized());
        if (known == null) {
            return Optional.empty(); // on disk, or never fetched: page() reads or fetches it
        }
        if (offline) {
            return Optional.of(new PageAnswer(known, CacheStatus.OFFLINE, null));
        }
        return isCurrent(known.source())
                ? Optional.of(PageAnswer.hit(known))
                : Optional.empty();
    }

    /** A cached file or metadata file; files never change once cached. */
    @Override
    public Optional<Path> storedFile(ProjectName project, String filename) throws Unavailable {
        if (!config.keepDeleted()) {
            ServedPage page = pages.get(project.normalized());
            if (page == null) {
                return Optional.empty(); // file() reads the page, which says whether the file may be served
            }
            refuseWithheld(project, stripSuffix(filename), page);
        }
        String key = project.normalized() + "/" + filename;
        Path seen = seenCached.get(key);
        if (seen != null) {
            served(key);
            return Optional.of(seen);
        }
        // The data directory's file, or the node's copy of a bucket's, answers with one stat, as the
        // cache did before the storage seam: a second instance over it (a snapshot being made) or a
        // node restarted with its copies has seen nothing yet. Not here: file() asks the storage,
        // which may have to wait for a bucket.
        try {
            Optional<Path> copy = store.localCopy(fileKey(project, filename));
            copy.ifPresent(p -> {
                seenCached.put(key, p);
                served(key);
            });
            return copy;
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A project's page, by the rules in the class comment. */
    @Override
    public PageAnswer page(ProjectName name) throws Unavailable {
        String key = name.normalized();
        ServedPage known = pages.get(key);
        if (known == null) {
            // Experiment: a page read back from disk, timed by phase on standard error.
            long t0 = System.nanoTime();
            var stored = storedPage(name);
            long t1 = System.nanoTime();
            known = stored.map(cached -> served(name, cached)).orElse(null);
            System.err.printf("PAGE-TIMING %s load %.2f served %.2f%n", key, (t1 - t0) / 1e6, (System.nanoTime() - t1) / 1e6);
            if (known != null) {
                pages.put(key, known);
            }
        }
        if (offline) {
            if (known == null) {
                throw new Unavailable(404, "pymirror is offline and has no cached page for '" + key + "'");
            }
            return new PageAnswer(known, CacheStatus.OFFLINE, null);
        }
        if (known != null && isCurrent(known.source())) {
            return PageAnswer.hit(known);
        }
        if (known == null) {
            // Nothing to fall back on: wait for the upstream, as long as its timeouts allow.
            if (!health.mayAsk()) {
                throw health.unavailable("the page of '" + key + "'");
            }
            return join(refreshing(key, () -> refresh(name, null)));
        }
        final ServedPage cached = known;
        return withinWait(cached, () -> refreshing(key, () -> refresh(name, cached)));
    }

    /**
     * A cached page (or list) answered within the revalidation wait whatever the upstream does: the
     * revalidation goes on in the background and updates the cache when it ends. An upstream known
     * to be down is asked only by a probe now and then; one known to be slow is not waited for.
     */
    private PageAnswer withinWait(RenderablePage known, java.util.function.Supplier<CompletableFuture<PageAnswer>> start)
            throws Unavailable {
        boolean down = health.isDown();
        if (down && !health.mayAsk()) {
            return new PageAnswer(known, CacheStatus.STALE, "the upstream is down; pymirror asks it again every "
                    + config.probeInterval().toSeconds() + "s");
        }
        CompletableFuture<PageAnswer> running = start.get();
        Duration wait = down || health.isSlowOrDown() ? Duration.ZERO : config.revalidateWait();
        try {
            return running.get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            if (!wait.isZero()) {
                health.noAnswerWithin(wait);
            }
            return new PageAnswer(known, CacheStatus.STALE, "the upstream has not answered yet; the page is being"
                    + " revalidated in the background");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable(503, "interrupted");
        } catch (ExecutionException e) {
            return join(running); // rethrows the failure as it is
        }
    }

    /** A refresh from the upstream: the page or the list itself, or what the upstream's failure leaves. */
    private interface Refresh {
        PageAnswer run() throws Unavailable;
    }

    /**
     * The refresh of a project's page from the upstream: the one running, or a new one on its own
     * thread. One upstream request per project at a time; everyone asking meanwhile shares its
     * answer, and a client that stops waiting does not stop it.
     */
    private CompletableFuture<PageAnswer> refreshing(String key, Refresh refresh) {
        CompletableFuture<PageAnswer> mine = new CompletableFuture<>();
        CompletableFuture<PageAnswer> running = pageFetches.putIfAbsent(key, mine);
        if (running != null) {
            return running;
        }
        background.begin();
        Thread.ofVirtual().name("page-" + key).start(() -> {
            try {
                PageAnswer answer = null;
                Throwable failure = null;
                try {
                    answer = refresh.run();
                } catch (Unavailable | RuntimeException | Error e) {
                    failure = e;
                }
                // Out of the map before it completes: a client woken by the completion that asks again
                // must start a new refresh, not be handed this finished one.
                pageFetches.remove(key, mine);
                if (failure != null) {
                    mine.completeExceptionally(failure);
                } else {
                    mine.complete(answer);
                }
            } finally {
                background.end();
            }
        });
        return mine;
    }

    /**
     * The upstream's list of projects, by the same rules as a page (its refresh shares the pages'
     * single flight under a key no project has); offline and never fetched, the projects whose
     * pages are cached.
     */
    @Override
    public PageAnswer projectList() throws Unavailable {
        ServedList known;
        synchronized (listLock) {
            if (projectList == null) {
                projectList = storedList().map(ServedList::new).orElse(null);
            }
            known = projectList;
        }
        if (offline) {
            if (known != null) {
                return new PageAnswer(known, CacheStatus.OFFLINE, null);
            }
            try {
                ProjectList cached = ProjectList.of(pageStore.storedProjects());
                return new PageAnswer(new ServedList(new Cached<>(cached, Validators.NONE, clock.instant(), null)),
                        CacheStatus.OFFLINE, null);
            } catch (IOException e) {
                throw Unavailable.disk("pymirror is offline and cannot list its cached pages", e);
            }
        }
        if (known != null && isCurrent(known.source())) {
            return PageAnswer.hit(known);
        }
        if (known == null) {
            if (!health.mayAsk()) {
                throw health.unavailable("the project list");
            }
            return join(refreshing(LIST_KEY, () -> refreshList(null)));
        }
        return withinWait(known, () -> refreshing(LIST_KEY, () -> refreshList(known)));
    }

    private PageAnswer refreshList(ServedList known) throws Unavailable {
        boolean revalidate = known != null && known.source().isFrom(upstream.simpleUrl());
        PageFetch<ProjectList> fetch;
        long asked = System.nanoTime();
        try {
            fetch = upstream.fetchProjectList(revalidate ? known.source().validators() : Validators.NONE);
            health.record(null, asked);
            if (fetch instanceof PageFetch.Fetched<ProjectList> f && known != null
                    && !known.list().projects().isEmpty() && f.page().projects().isEmpty()) {
                throw new UpstreamException(UpstreamException.Kind.MALFORMED, upstream.simpleUrl(),
                        "the upstream's project list is empty where the cached one was not");
            }
        } catch (UpstreamException e) {
            health.record(e, asked);
            lastUpstreamFailure.set(clock.instant() + " " + e.getMessage());
            if (known != null) {
                return new PageAnswer(known, CacheStatus.STALE, e.getMessage());
            }
            throw new Unavailable(e.kind().isTimeout() ? 504 : 502,
                    "pymirror could not get the project list from its upstream, and has no copy: " + e.getMessage());
        }
        lastUpstreamSuccess = clock.instant();
        Cached<ProjectList> fresh = switch (fetch) {
            case PageFetch.NotModified<ProjectList> ignored when revalidate ->
                known.source().confirmedAt(clock.instant());
            case PageFetch.Fetched<ProjectList> f ->
                new Cached<>(f.page(), f.validators(), clock.instant(), upstream.simpleUrl());
            default -> throw upstream.indexBelow().map(index -> notTheIndex(index, "the project list"))
                    .orElseGet(() -> new Unavailable(502, "the upstream has no project list"));
        };
        later.submit("cache the project list", () -> pageStore.saveList(fresh));
        ServedList served = new ServedList(fresh);
        synchronized (listLock) {
            projectList = served;
        }
        return new PageAnswer(served, fetch instanceof PageFetch.Fetched ? CacheStatus.MISS : CacheStatus.REVALIDATED,
                null);
    }

    /**
     * The upstream URL is a server's root, not its index (see {@link UpstreamIndex#indexBelow}):
     * every project would be a 404 that says nothing of the cause. A 502 that names the index to
     * use, and a log line the first time.
     */
    private Unavailable notTheIndex(URI index, String what) {
        String why = upstream.notTheIndex(index);
        lastUpstreamFailure.set(clock.instant() + " " + why);
        health.failed(why);
        if (misplacedReported.compareAndSet(false, true)) {
            LOG.error("index '{}': {}; change its upstream, until then every project is a 502", config.name(), why);
        }
        return new Unavailable(502, "pymirror could not get " + what + " from its upstream: " + why);
    }

    private PageAnswer refresh(ProjectName name, ServedPage known) throws Unavailable {
        String key = name.normalized();
        if (known != null) {
            // Another node sharing the storage may have fetched it since: a conditional read of the
            // stored page (no body moves when it is the one in memory) spares the upstream a request.
            Optional<Cached<ProjectPage>> stored = storedPage(name);
            if (stored.isPresent() && stored.get().fetchedAt().isAfter(known.source().fetchedAt())
                    && isCurrent(stored.get())) {
                ServedPage served = served(name, stored.get());
                pages.put(key, served);
                return PageAnswer.hit(served);
            }
        }
        // A page from another upstream (the index's upstream was changed) names that upstream's
        // files: it is fetched afresh, since the new upstream could confirm the old validators.
        boolean revalidate = known != null && known.source().isFrom(upstream.simpleUrl());
        Validators validators = revalidate ? known.source().validators() : Validators.NONE;
        PageFetch<ProjectPage> fetch;
        long asked = System.nanoTime();
        try {
            fetch = upstream.fetchProjectPage(name, validators);
            health.record(null, asked);
        } catch (UpstreamException e) {
            health.record(e, asked);
            lastUpstreamFailure.set(clock.instant() + " " + e.getMessage());
            if (known != null) {
                LOG.warn("serving the stale page of {}: {}", key, e.getMessage());
                return new PageAnswer(known, CacheStatus.STALE, e.getMessage());
            }
            throw new Unavailable(e.kind().isTimeout() ? 504 : 502,
                    "pymirror could not get the page of '" + key + "' from its upstream, and has no copy: "
                            + e.getMessage());
        }
        lastUpstreamSuccess = clock.instant();
        return switch (fetch) {
            case PageFetch.NotModified<ProjectPage> ignored when revalidate -> {
                Cached<ProjectPage> confirmed = known.source().confirmedAt(clock.instant());
                ServedPage served = served(name, confirmed);
                saveState(name, confirmed);
                pages.put(key, served);
                yield new PageAnswer(served, CacheStatus.REVALIDATED, null);
            }
            case PageFetch.NotModified<ProjectPage> ignored -> {
                String problem = "the upstream answered 304 to an unconditional request for '" + key + "'";
                if (known != null) {
                    LOG.warn("serving the stale page of {}: {}", key, problem);
                    yield new PageAnswer(known, CacheStatus.STALE, problem);
                }
                throw new Unavailable(502, problem);
            }
            case PageFetch.NotFound<ProjectPage> ignored -> {
                pages.remove(key);
                Optional<URI> below = upstream.indexBelow(name);
                if (below.isPresent()) {
                    throw notTheIndex(below.get(), "the page of '" + key + "'");
                }
                throw new Unavailable(404, "the upstream has no project '" + key + "'");
            }
            case PageFetch.Fetched<ProjectPage> f when emptied(known, f.page()) -> {
                // A page that listed files, replaced by one that lists none with no reason stated
                // (a 404 or a PEP 792 status would be one): an upstream failure, not news.
                String problem = "the upstream's page of '" + key + "' lists no files where the cached one listed "
                        + known.source().page().files().size() + ", and states no reason";
                lastUpstreamFailure.set(clock.instant() + " " + problem);
                health.failed(problem);
                LOG.warn("serving the stale page of {}: {}", key, problem);
                yield new PageAnswer(known, CacheStatus.STALE, problem);
            }
            case PageFetch.Fetched<ProjectPage> f -> {
                if (known != null) {
                    noteRemovals(name, known.source().page(), f.page());
                }
                Cached<ProjectPage> cached = new Cached<>(f.page(), f.validators(), clock.instant(), upstream.simpleUrl());
                later.submit("cache the page of " + key, () -> pageStore.save(name, cached));
                // What the new page no longer lists is recorded with its entry: a view of an earlier
                // moment lists it again. Not across a change of upstream: another index's files.
                ServedPage served = served(name, cached, revalidate ? known.source().page() : null);
                pages.put(key, served);
                yield new PageAnswer(served, CacheStatus.MISS, null);
            }
        };
    }

    /**
     * A distribution file: from the cache, else by joining or starting its download.
     *
     * @throws Unavailable 404 when the project's page does not list it; 502/504 when neither the
     *     page nor the file can be had from the upstream
     */
    @Override
    public FileAnswer file(ProjectName project, String filename) throws Unavailable, IOException {
        refuseWithheld(project, filename);
        Path cached = cachedPath(project, filename);
        String key = project.normalized() + "/" + filename;
        Optional<Path> stored = stored(project, filename);
        if (stored.isPresent()) {
            served(key);
            return new FileAnswer.Stored(stored.get());
        }
        FileDownload releasing = downloads.get(key);
        if (releasing != null && releasing.released() && !releasing.ended()) {
            // Its bytes are checked and its clients may have them all while it is forced and kept
            // (milliseconds): this client follows the same staged bytes, as any client of the
            // download does. Not the cache: a prune may evict the file as soon as it is kept. A
            // cache hit all the same: nothing waits for the upstream.
            return new FileAnswer.Arriving(releasing, true);
        }
        ProjectFile entry = listedFile(project, filename);
        if (offline) {
            // The cached page lists it; offline serves the cache only, whatever the page names.
            throw new Unavailable(404, "pymirror is offline and has no cached copy of '" + filename + "'");
        }
        FileDownload download;
        synchronized (downloads) {
            download = downloads.get(key);
            if (download != null && download.ended()) {
                // Ended, and its thread has not yet taken it out of the map: its clients have their
                // answer. A client asking now gets the cached file or a new attempt, never that old
                // failure nor a kept file the cache no longer has (a prune may evict it at once).
                downloads.remove(key, download);
                download = null;
            }
            if (download == null) {
                stored = stored(project, filename);
                if (stored.isPresent()) {
                    return new FileAnswer.Stored(stored.get()); // published while we looked at the page
                }
                if (!health.mayAsk()) {
                    throw health.unavailable("'" + filename + "'");
                }
                download = new FileDownload(URI.create(entry.url()), cached, entry.hashes(),
                        entry.size().orElse(-1), (staged, sha256, size) -> {
                            // Noted as read before it is stored: its clients may still be joining it,
                            // and a prune spares a file read within the last minute (CacheRetention.IN_USE).
                            served(key);
                            return keep(project, filename, staged, sha256);
                        });
                downloads.put(key, download);
                FileDownload started = download;
                // Counted from here, not from the thread's start: a stop then cannot look before it
                // runs, nor between the download's end and what its thread does after.
                background.begin();
                Thread.ofVirtual().name("download-" + filename).start(() -> {
                    try {
                        long asked = System.nanoTime();
                        try {
                            // The page in memory gains the file's size (see ServedPage) once its bytes
                            // are checked, before any client has the whole file, so what it asks next
                            // states it; the file is forced and kept after (cachedFacts counts it meanwhile).
                            started.run(upstream, () -> refreshPage(project));
                            health.record(started.failure() instanceof UpstreamException u ? u : null, asked);
                        } finally {
                            downloads.remove(key, started);
                        }
                        followUp(project, filename, entry, started);
                    } finally {
                        background.end();
                    }
                });
            }
        }
        return new FileAnswer.Arriving(download);
    }

    /**
     * What a download's thread does once the file is kept: the prefetch of its dependencies' pages,
     * the fetch of its provenance.
     */
    private void followUp(ProjectName project, String filename, ProjectFile entry, FileDownload started) {
        if (started.state() != FileDownload.State.DONE) {
            return;
        }
        if (prefetch != null) {
            // A client that read no metadata first (the page offered none) reads this wheel's
            // dependencies now and asks for their pages next, one at a time, each a cold upstream
            // fetch it waits for: started now, in the background, they are cached (or under way,
            // and joined) when it asks. A wheel whose metadata was checked (held or kept) had them
            // started then (dependenciesAhead), so not again.
            try {
                if (!heldMetadata.containsKey(heldKey(project, filename))
                        && stored(project, filename + ".metadata").isEmpty()) {
                    prefetch.afterStored(project, filename, started.target());
                }
            } catch (Unavailable e) {
                // The storage is down: its clients are told; nothing to fetch ahead for.
            }
        }
        if (entry.provenance().isPresent()) {
            // Kept with the file, so that the cache serves it later with the upstream gone.
            try {
                provenance(project, filename);
            } catch (Unavailable | IOException e) {
                // Logged where it failed; the next request for it tries again.
            }
        }
    }

    /**
     * The PEP 658 metadata of a distribution: cached, else the upstream's metadata file (checked
     * against the hash its page gives), else read out of the wheel, which is cached for it. Metadata
     * fetched or read now is answered from memory and kept after (see {@link #hold}).
     */
    @Override
    public MetadataAnswer metadata(ProjectName project, String filename) throws Unavailable, IOException {
        refuseWithheld(project, filename);
        cachedPath(project, filename + ".metadata"); // refuses a name that cannot be stored
        byte[] held = heldMetadata.get(heldKey(project, filename));
        if (held != null) {
            return new MetadataAnswer.Held(held, false);
        }
        Optional<Path> stored = stored(project, filename + ".metadata");
        if (stored.isPresent()) {
            return new MetadataAnswer.Stored(stored.get());
        }
        ProjectFile entry = listedFile(project, filename);
        if (entry.coreMetadata().filter(m -> m.available()).isPresent() && !offline && health.mayAsk()) {
            URI url = URI.create(entry.url() + ".metadata");
            try {
                Optional<byte[]> bytes;
                long asked = System.nanoTime();
                try {
                    bytes = upstream.fetchSmall(url, MAX_METADATA_BYTES);
                    health.record(null, asked);
                } catch (UpstreamException e) {
                    health.record(e, asked);
                    throw e;
                }
                if (bytes.isPresent()) {
                    return hold(project, filename, bytes.get(), entry.coreMetadata().get().hashes());
                }
            } catch (UpstreamException e) {
                LOG.warn("metadata of {} not fetched ({}); reading it from the wheel instead", filename, e.getMessage());
            } catch (ContentMismatchException e) {
                LOG.warn("the upstream's metadata of {} does not match its hash; reading it from the wheel", filename);
            }
        }
        if (!filename.endsWith(".whl")) {
            throw new Unavailable(404, "no metadata is available for '" + filename + "'");
        }
        Path wheel = wholeFile(project, filename);
        byte[] bytes = WheelMetadataReader.read(wheel)
                .orElseThrow(() -> new Unavailable(404, "'" + filename + "' holds no .dist-info/METADATA"));
        return hold(project, filename, bytes, Map.of());
    }

    /**
     * Answers metadata from memory once checked against every digest stated for it, and keeps it
     * after: the client waits neither for the disk (a staged file, forced, renamed) nor for its
     * page rebuilt from what is cached (it may state a Requires-Python the page lacks), as with a
     * fresh page (see DeferredWrites). Until it is kept, requests for it get the same bytes. Beyond
     * {@link #MOST_HELD_METADATA_BYTES} held, it is kept first, as before.
     *
     * @throws ContentMismatchException when the bytes do not match a stated digest
     */
    private MetadataAnswer hold(ProjectName project, String filename, byte[] bytes, Map<String, String> digests)
            throws IOException {
        Optional<String> wrong = Digesters.mismatch(digests, bytes);
        if (wrong.isPresent()) {
            throw new ContentMismatchException(filename + ".metadata: its " + wrong.get() + " is not the one its page states");
        }
        if (heldMetadataBytes.addAndGet(bytes.length) > MOST_HELD_METADATA_BYTES) {
            heldMetadataBytes.addAndGet(-bytes.length);
            Path kept = publish(project, filename + ".metadata", bytes, Map.of()); // checked above
            refreshPage(project);
            dependenciesAhead(project, filename, bytes);
            return new MetadataAnswer.Stored(kept);
        }
        String key = heldKey(project, filename);
        heldMetadata.put(key, bytes);
        later.submit("cache the metadata of " + filename, () -> {
            try {
                publish(project, filename + ".metadata", bytes, Map.of()); // checked above
                refreshPage(project);
            } finally {
                heldMetadata.remove(key);
                heldMetadataBytes.addAndGet(-bytes.length);
            }
        });
        dependenciesAhead(project, filename, bytes);
        return new MetadataAnswer.Held(bytes, true);
    }

    private static String heldKey(ProjectName project, String filename) {
        return project.normalized() + "/" + filename + ".metadata";
    }

    /**
     * With {@code prefetch-dependencies}, the pages of the dependencies that metadata just checked
     * declares are fetched in the background: pip reads a wheel's metadata, then asks for each of
     * those pages, one at a time, and resolves all before it downloads a wheel (pip 23's
     * {@code prepare_linked_requirements_more}), so this is where a fresh run waits on them.
     */
    private void dependenciesAhead(ProjectName project, String filename, byte[] metadata) {
        if (prefetch != null) {
            prefetch.metadataChecked(project, filename, metadata);
        }
    }

    /**
     * The PEP 740 provenance object of a file whose upstream entry names one: cached, else fetched
     * from the URL the upstream gives, checked to be a provenance object, and cached. It is fetched
     * after the file is cached and on request; when that fails the request is a 502 (504 for a
     * timeout) that says why, the page keeps its link and the file is served all the same, and the
     * next request tries again.
     */
    @Override
    public Path provenance(ProjectName project, String filename) throws Unavailable, IOException {
        refuseWithheld(project, filename);
        cachedPath(project, filename + ProvenanceObject.SUFFIX);
        Optional<Path> stored = stored(project, filename + ProvenanceObject.SUFFIX);
        if (stored.isPresent()) {
            return stored.get();
        }
        ProjectFile entry = listedFile(project, filename);
        if (entry.provenance().isEmpty()) {
            throw new Unavailable(404, "the upstream lists no provenance for '" + filename + "'");
        }
        if (offline) {
            throw new Unavailable(404, "pymirror is offline and has no cached provenance for '" + filename + "'");
        }
        if (!health.mayAsk()) {
            throw health.unavailable("the provenance of '" + filename + "'");
        }
        byte[] bytes;
        try {
            long asked = System.nanoTime();
            try {
                bytes = upstream.fetchSmall(URI.create(entry.provenance().get()), MAX_PROVENANCE_BYTES).orElse(null);
                health.record(null, asked);
            } catch (UpstreamException e) {
                health.record(e, asked);
                throw e;
            }
            if (bytes == null) {
                LOG.warn("the upstream lists a provenance for {} but answers 404 for it", filename);
                throw new Unavailable(502, "the upstream lists a provenance for '" + filename + "' but answers 404 for it");
            }
            ProvenanceObject.check(bytes);
        } catch (UpstreamException e) {
            LOG.warn("provenance of {} not fetched: {}", filename, e.getMessage());
            throw new Unavailable(e.kind().isTimeout() ? 504 : 502,
                    "pymirror could not get the provenance of '" + filename + "' from its upstream: " + e.getMessage());
        } catch (IllegalArgumentException e) { // a URL that is none, or an InvalidPageException
            LOG.warn("the upstream's provenance of {} is unusable: {}", filename, e.getMessage());
            throw new Unavailable(502, "the upstream's provenance of '" + filename + "' is unusable: " + e.getMessage());
        }
        return publish(project, filename + ProvenanceObject.SUFFIX, bytes, Map.of());
    }

    /** The file, cached in full: waits for its download when one is needed. */
    private Path wholeFile(ProjectName project, String filename) throws Unavailable, IOException {
        FileAnswer answer = file(project, filename);
        if (answer instanceof FileAnswer.Stored stored) {
            return stored.path();
        }
        FileDownload d = ((FileAnswer.Arriving) answer).download();
        try {
            d.awaitEnd();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable(503, "interrupted");
        }
        if (d.state() != FileDownload.State.DONE) {
            throw Unavailable.downloadFailed(filename, d.failure());
        }
        return d.target();
    }

    /**
     * Refuses a cached file the upstream's status says is not to be served (PEP 792: the upstream's
     * status is law), unless the index keeps what its upstream deleted ({@code keep-deleted}):
     * every file of a project it quarantined, and a file it stopped listing in the answer that
     * changed the project's status, while it does not list it again. The files stay on disk, and
     * are served again once the upstream lifts the status and lists them.
     */
    private void refuseWithheld(ProjectName project, String filename) throws Unavailable {
        if (config.keepDeleted()) {
            return;
        }
        ServedPage page = pages.get(project.normalized());
        if (page == null) {
            try {
                page = pageStore.load(project).map(cached -> served(project, cached)).orElse(null);
            } catch (StorageException e) {
                throw storageDown("the page of '" + project.normalized() + "'", e);
            }
            if (page == null) {
                return; // never listed here: the upstream's page decides when the file is fetched
            }
            pages.putIfAbsent(project.normalized(), page);
        }
        refuseWithheld(project, filename, page);
    }

    private void refuseWithheld(ProjectName project, String filename, ServedPage page) throws Unavailable {
        ProjectPage upstreamPage = page.source().page();
        Optional<ProjectStatus> status = upstreamPage.status();
        if (status.isPresent() && status.get().status().equals(QUARANTINED)) {
            throw Unavailable.blocked("'" + filename + "' is not served: the upstream has quarantined project '"
                    + project.normalized() + "'" + status.get().reason().map(r -> " (" + r + ")").orElse("")
                    + "; pymirror keeps its files and serves them again if the upstream lifts the quarantine");
        }
        if (page.upstreamFile(filename).isEmpty()) {
            Optional<UpstreamRemovals.Removal> removed = removals.of(project.normalized());
            if (removed.isPresent() && removed.get().files().contains(filename)) {
                ProjectStatus when = removed.get().status();
                throw Unavailable.blocked("'" + filename + "' is not served: the upstream removed it when project '"
                        + project.normalized() + "' became " + when.status()
                        + when.reason().map(r -> " (" + r + ")").orElse(""));
            }
        }
    }

    /**
     * A file the upstream's status withholds, with why.
     *
     * @param file as the upstream lists it, its URL pointing at this mirror
     * @param reason why it is refused, in words
     */
    public record WithheldFile(ProjectFile file, String reason) {}

    /**
     * The files of a project this mirror refuses by its upstream's status ({@link #refuseWithheld}),
     * for the web UI, which lists them marked for the operator while the pages leave them out.
     * Empty with {@code keep-deleted}, or when the project's page was never fetched. Reads the page
     * in memory (or the cached one), the removals record; no upstream request.
     */
    public List<WithheldFile> withheld(ProjectName project) {
        if (config.keepDeleted()) {
            return List.of();
        }
        ServedPage page = pages.get(project.normalized());
        if (page == null) {
            page = storedPage(project).map(cached -> served(project, cached)).orElse(null);
            if (page == null) {
                return List.of();
            }
        }
        ProjectPage upstreamPage = page.source().page();
        List<WithheldFile> out = new ArrayList<>();
        Optional<ProjectStatus> status = upstreamPage.status();
        if (status.isPresent() && status.get().status().equals(QUARANTINED)) {
            String reason = "the upstream has quarantined the project" + status.get().reason().map(r -> " (" + r + ")").orElse("");
            // Its cached files (the upstream's page usually lists none any more), and any it still lists.
            Set<String> names = new java.util.TreeSet<>();
            try {
                String dir = fileKey(project, "");
                store.list(dir).stream().map(o -> o.key().substring(dir.length()))
                        .filter(n -> FileNames.isSafe(n) && DistributionFilename.tryParse(n).isPresent())
                        .forEach(names::add);
            } catch (IOException e) {
                // nothing cached (or not readable): only what the page lists
            }
            Map<String, ProjectFile> listed = new HashMap<>();
            upstreamPage.files().forEach(f -> listed.putIfAbsent(f.filename(), f));
            names.addAll(listed.keySet().stream().filter(FileNames::isSafe).toList());
            for (String n : names) {
                out.add(new WithheldFile(local(project, listed.getOrDefault(n, ProjectFile.builder(n, n).build())), reason));
            }
            return out;
        }
        Optional<UpstreamRemovals.Removal> removed = removals.of(project.normalized());
        if (removed.isPresent()) {
            ProjectStatus when = removed.get().status();
            String reason = "the upstream removed it when the project became " + when.status()
                    + when.reason().map(r -> " (" + r + ")").orElse("");
            for (String filename : new java.util.TreeSet<>(removed.get().files())) {
                if (page.upstreamFile(filename).isEmpty() && FileNames.isSafe(filename)) {
                    out.add(new WithheldFile(local(project, ProjectFile.builder(filename, filename).build()), reason));
                }
            }
        }
        return out;
    }

    private static ProjectFile local(ProjectName project, ProjectFile f) {
        return f.toBuilder().url("../../files/" + project.normalized() + "/" + FileNames.encode(f.filename())).build();
    }

    /** Records the files a fetched page dropped, when it also changed the project's status. */
    private void noteRemovals(ProjectName name, ProjectPage before, ProjectPage after) {
        ProjectStatus was = before.status().orElse(ProjectStatus.ACTIVE);
        ProjectStatus now = after.status().orElse(ProjectStatus.ACTIVE);
        if (was.status().equals(now.status())) {
            return;
        }
        Set<String> listed = new HashSet<>();
        after.files().forEach(f -> listed.add(f.filename()));
        Set<String> removed = new HashSet<>();
        before.files().forEach(f -> {
            if (!listed.contains(f.filename())) {
                removed.add(f.filename());
            }
        });
        LOG.warn("the upstream changed the status of {} from {} to {}{}{}", name.normalized(), was.status(),
                now.status(), now.reason().map(r -> " (" + r + ")").orElse(""),
                removed.isEmpty() ? "" : ", removing " + removed.size() + " files");
        if (!removed.isEmpty()) {
            removals.record(name.normalized(), now, removed);
        }
    }

    private static String stripSuffix(String filename) {
        for (String suffix : new String[] {".metadata", ProvenanceObject.SUFFIX}) {
            if (filename.endsWith(suffix)) {
                return filename.substring(0, filename.length() - suffix.length());
            }
        }
        return filename;
    }

    /**
     * The upstream's entry for a file, from the project's page (which this may fetch), else the
     * entry it had when the upstream stopped listing it: a view of an earlier moment lists it, so its
     * URL keeps working (from the cache, else from the upstream's URL while that still answers).
     */
    private ProjectFile listedFile(ProjectName project, String filename) throws Unavailable {
        // Pages of this index are always ServedPages: it made them.
        ServedPage page = (ServedPage) page(project).page();
        Optional<ProjectFile> listed = page.upstreamFile(filename);
        if (listed.isPresent()) {
            return listed.get();
        }
        ProjectFile last = null;
        for (FileEvent e : seenTimes.history(project)) {
            if (e.kind() == FileEvent.Kind.UNLISTED && e.filename().equals(filename)) {
                last = e.entry();
            }
        }
        if (last == null) {
            throw new Unavailable(404, "'" + filename + "' is not a file of project '" + project.normalized() + "'");
        }
        return last;
    }

    /**
     * The page to serve for the upstream's page, with what the cache knows of the project's files
     * and when this mirror first saw each (its upload time when the upstream states none).
     */
    private ServedPage served(ProjectName project, Cached<ProjectPage> source) {
        return served(project, source, null);
    }

    /** As {@link #served(ProjectName, Cached)}, for a page fetched to replace {@code previous} (null: none). */
    private ServedPage served(ProjectName project, Cached<ProjectPage> source, ProjectPage previous) {
        SeenTimes.ProjectTimes times = seenTimes.observe(project, source.page(), previous, clock.instant());
        return new ServedPage(source, cachedFacts(project, source.page()), times.uploaded());
    }

    /**
     * What this mirror has seen happen to the project's page, each when first seen: yanks and
     * unyanks, status changes, files the upstream stopped listing (each entry as this mirror listed
     * it) and listed again. A file the upstream's status withholds ({@link #refuseWithheld}) is
     * not offered to be listed again: no view serves it.
     */
    @Override
    public List<FileEvent> history(ProjectName project) {
        List<FileEvent> events = seenTimes.history(project);
        List<ProjectFile> unlisted = new ArrayList<>();
        for (FileEvent e : events) {
            if (e.kind() == FileEvent.Kind.UNLISTED) {
                unlisted.add(e.entry());
            }
        }
        if (unlisted.isEmpty()) {
            return events;
        }
        String name = project.normalized();
        CachedFacts facts = cachedFacts(project, ProjectPage.of(project, unlisted));
        Map<String, Instant> uploaded = seenTimes.uploaded(project);
        List<FileEvent> out = new ArrayList<>(events.size());
        for (FileEvent e : events) {
            if (e.kind() != FileEvent.Kind.UNLISTED) {
                out.add(e);
            } else if (FileNames.isSafe(e.filename()) && !refusedByStatus(project, e.filename())) {
                out.add(FileEvent.unlisted(ServedPage.shown(name, e.entry(), facts, uploaded), e.at()));
            }
        }
        return out;
    }

    private boolean refusedByStatus(ProjectName project, String filename) {
        try {
            refuseWithheld(project, filename);
            return false;
        } catch (Unavailable e) {
            return true; // refused, or the storage did not say: not listed (the safe side)
        }
    }

    /** The page in memory, rebuilt after something of the project was cached. */
    private void refreshPage(ProjectName project) {
        pages.computeIfPresent(project.normalized(), (k, page) -> served(project, page.source()));
    }

    /**
     * The sizes of the project's cached files, and the Requires-Python of the cached metadata of
     * files whose upstream entry gives none. One read of the folder, whatever the number of files:
     * pages are built rarely, but may list thousands.
     */
    private CachedFacts cachedFacts(ProjectName project, ProjectPage page) {
        String dir = fileKey(project, "");
        Map<String, Long> sizes = new HashMap<>();
        Set<String> metadata = new HashSet<>();
        try {
            for (ObjectInfo.Listed o : store.list(dir)) {
                String name = o.key().substring(dir.length());
                if (name.startsWith(".") || name.contains("/") || name.endsWith(ProvenanceObject.SUFFIX)) {
                    continue;
                }
                if (name.endsWith(".metadata")) {
                    metadata.add(name.substring(0, name.length() - ".metadata".length()));
                    continue;
                }
                sizes.put(name, o.size());
            }
        } catch (IOException e) {
            LOG.warn("cannot read which files of {} are cached ({}); its page gives what the upstream's does",
                    project.normalized(), e.getMessage());
            return CachedFacts.NONE;
        }
        // A download whose bytes are checked is a cached file to its clients, which may have it
        // whole before it is forced and kept (FileDownload.run): its size is known for good.
        String downloading = project.normalized() + "/";
        downloads.forEach((key, d) -> {
            if (key.startsWith(downloading) && d.checked()) {
                sizes.putIfAbsent(key.substring(downloading.length()), d.received());
            }
        });
        if (sizes.isEmpty() && metadata.isEmpty()) {
            return CachedFacts.NONE; // nothing of this project is cached
        }
        Map<String, String> requiresPython = new HashMap<>();
        for (ProjectFile f : page.files()) {
            if (f.requiresPython().isEmpty() && metadata.contains(f.filename()) && FileNames.isSafe(f.filename())) {
                try {
                    Optional<Path> file = store.localFile(fileKey(project, f.filename() + ".metadata"));
                    if (file.isEmpty()) {
                        continue;
                    }
                    String value = RawMetadata.parse(Files.readAllBytes(file.get())).first("Requires-Python");
                    if (value != null && SpecifierSet.isValid(value.trim())) {
                        requiresPython.put(f.filename(), value.trim());
                    }
                } catch (IOException | IllegalArgumentException e) {
                    LOG.warn("cannot read the cached metadata of {}: {}", f.filename(), e.getMessage());
                }
            }
        }
        return new CachedFacts(sizes, requiresPython);
    }

    private Path cachedPath(ProjectName project, String filename) throws Unavailable {
        if (!FileNames.isSafe(filename)) {
            throw new Unavailable(404, "not a valid file name: '" + filename + "'");
        }
        if (!FileNames.fitsOnDisk(filename.endsWith(".metadata")
                ? filename.substring(0, filename.length() - ".metadata".length()) : filename)) {
            throw new Unavailable(404, FileNames.tooLong(filename));
        }
        return filesDir.resolve(project.normalized()).resolve(filename);
    }

    /** The key of a cached file (or its metadata, provenance) in the storage. */
    private String fileKey(ProjectName project, String filename) {
        return prefix + "files/" + project.normalized() + "/" + filename;
    }

    /**
     * The cached file on this node's disk, or empty when the storage has none. Remembered, so that
     * {@link #storedFile} serves it next without asking the storage.
     *
     * @throws Unavailable 503 when the storage does not answer (the node's copies still serve)
     */
    private Optional<Path> stored(ProjectName project, String filename) throws Unavailable {
        String key = project.normalized() + "/" + filename;
        Path seen = seenCached.get(key);
        if (seen != null && Files.isRegularFile(seen)) {
            return Optional.of(seen);
        }
        try {
            Optional<Path> file = store.localFile(fileKey(project, filename));
            file.ifPresent(p -> seenCached.put(key, p));
            return file;
        } catch (IOException e) {
            throw storageDown("'" + filename + "'", e);
        }
    }

    /** A 503 for a storage that failed (a bucket that does not answer): the details go to the log only. */
    private Unavailable storageDown(String what, IOException e) {
        LOG.warn("index '{}': {} not read from {}: {}", config.name(), what, store.describe(), e.getMessage());
        return new Unavailable(503, "pymirror's storage did not answer for " + what + "; try again later");
    }

    /**
     * The stored page, or empty when there is none or the storage failed (logged): the copy in
     * memory, or the upstream, serves meanwhile.
     */
    private Optional<Cached<ProjectPage>> storedPage(ProjectName name) {
        try {
            return pageStore.load(name);
        } catch (StorageException e) {
            LOG.warn("index '{}': the stored page of {} not read: {}", config.name(), name.normalized(), e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<Cached<ProjectList>> storedList() {
        try {
            return pageStore.loadList();
        } catch (StorageException e) {
            LOG.warn("index '{}': the stored project list not read: {}", config.name(), e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Stores a staged file whose hashes were checked, create-only, and returns its copy on this
     * node's disk. Another writer's copy of the same bytes is success; other bytes under the name
     * (the upstream replaced a file, or metadata read from the wheel against the upstream's own)
     * stay, as a cached file always has: what is stored is what is served.
     */
    private Path keep(ProjectName project, String filename, Path staged, String sha256) throws IOException {
        String key = fileKey(project, filename);
        try {
            BlobStore.Created created = store.create(key, Content.ofFile(staged, sha256));
            if (!created.alreadyThere()) {
                cachedFiles.published(created.object().size());
            }
        } catch (ObjectConflictException e) {
            LOG.warn("{} is stored already with sha256 {}, not {}; the stored one stays", key, e.storedSha256(), sha256);
        }
        Optional<Path> file = store.localFile(key);
        if (file.isEmpty()) {
            // Stored, and evicted at once by a prune: the download's clients have their bytes all the
            // same, and one asking for the file next finds it gone and has it fetched again.
            try {
                return cachedPath(project, filename);
            } catch (Unavailable e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        seenCached.put(project.normalized() + "/" + filename, file.get());
        return file.get();
    }

    /** Stores bytes checked against every digest stated for them that can be computed. */
    private Path publish(ProjectName project, String filename, byte[] bytes, Map<String, String> digests)
            throws IOException {
        try (StagedFile f = StagedFile.create(cachedPath(project, filename)).expecting(digests)) {
            f.write(bytes, 0, bytes.length);
            String sha256 = f.check(digests.get("sha256"), bytes.length);
            return keep(project, filename, f.stagingPath(), sha256);
        } catch (Unavailable e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** True when {@code fresh} lists no files, the cached page did, and no status says why. */
    private static boolean emptied(ServedPage known, ProjectPage fresh) {
        return known != null && !known.source().page().files().isEmpty() && fresh.files().isEmpty()
                && fresh.status().filter(s -> !s.status().equals("active")).isEmpty();
    }

    /** Within its time to live and from the upstream configured now. */
    private boolean isCurrent(Cached<?> cached) {
        return cached.isFresh(clock.instant(), config.pageTtl()) && cached.isFrom(upstream.simpleUrl());
    }

    private void saveState(ProjectName name, Cached<ProjectPage> page) {
        later.submit("record the revalidation of " + name.normalized(),
                () -> pageStore.saveState(name.normalized(), page));
    }

    private static PageAnswer join(CompletableFuture<PageAnswer> f) throws Unavailable {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable(503, "interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Unavailable u) {
                throw u;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
