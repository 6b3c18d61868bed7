package dev.pymirror.server;

import dev.pymirror.hash.Sha256;
import dev.pymirror.packaging.ProjectName;
import dev.pymirror.server.auth.Authenticator;
import dev.pymirror.server.auth.UserLogFollower;
import dev.pymirror.server.auth.UserStore;
import dev.pymirror.server.auth.UserStoreException;
import dev.pymirror.server.config.Audience;
import dev.pymirror.server.config.ConfigException;
import dev.pymirror.server.config.GroupConfig;
import dev.pymirror.server.config.HostedConfig;
import dev.pymirror.server.config.IndexConfig;
import dev.pymirror.server.config.IndexesFile;
import dev.pymirror.server.config.IndexCatalog;
import dev.pymirror.server.config.NoSuchIndexException;
import dev.pymirror.server.config.MirrorConfig;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.server.config.StaticConfig;
import dev.pymirror.advisories.AdvisoryException;
import dev.pymirror.advisories.AdvisoryStore;
import dev.pymirror.server.config.GuardPolicy;
import dev.pymirror.server.group.GroupIndex;
import dev.pymirror.server.group.NameAudit;
import dev.pymirror.server.group.NameAuditResults;
import dev.pymirror.server.guard.AdvisoryFeed;
import dev.pymirror.server.guard.GuardedIndex;
import dev.pymirror.server.hosted.HostedIndex;
import dev.pymirror.server.http.AccessLog;
import dev.pymirror.server.http.FileContents;
import dev.pymirror.server.http.ConnectionsPerAddress;
import dev.pymirror.server.http.Gate;
import dev.pymirror.server.http.HealthReport;
import dev.pymirror.server.http.InFlightRequests;
import dev.pymirror.server.http.IndexRoutes;
import dev.pymirror.server.http.MemoryBudget;
import dev.pymirror.server.http.PlainErrorHandler;
import dev.pymirror.server.http.Router;
import dev.pymirror.server.http.ServedRequests;
import dev.pymirror.server.http.SnapshotRoutes;
import dev.pymirror.server.snapshot.BucketSnapshots;
import dev.pymirror.server.snapshot.SnapshotStore;
import dev.pymirror.server.snapshot.Snapshots;
import dev.pymirror.server.http.StoredFiles;
import dev.pymirror.server.http.WriteRoutes;
import dev.pymirror.server.http1.SkimmingConnectionFactory;
import dev.pymirror.server.index.IndexView;
import dev.pymirror.server.index.PackageIndex;
import dev.pymirror.server.time.TimeFilteredIndex;
import dev.pymirror.server.time.TimeRule;
import dev.pymirror.server.metrics.ServerMetrics;
import dev.pymirror.server.mirror.MirrorIndex;
import dev.pymirror.server.mirror.PruneSchedule;
import dev.pymirror.server.sendfile.FileRegions;
import dev.pymirror.server.sendfile.OpenFiles;
import dev.pymirror.server.sendfile.SendfileConnector;
import dev.pymirror.server.tree.StaticIndex;
import dev.pymirror.server.web.WebUi;
import dev.pymirror.server.config.DataDirectoryOwner;
import dev.pymirror.server.config.StorageConfig;
import dev.pymirror.store.OwnerLock;
import dev.pymirror.store.blob.BlobStore;
import dev.pymirror.store.blob.ObjectCache;
import dev.pymirror.store.blob.S3BlobStore;
import dev.pymirror.store.StagedFile;
import dev.pymirror.upstream.RedactedUrl;
import com.sun.management.UnixOperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.BindException;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running {@code pymirror serve}: Jetty on the configured address, one route set per index.
 *
 * <pre>{@code
 * try (PymirrorServer server = PymirrorServer.start(config)) {
 *     System.out.println(server.simpleUrl());
 *     server.join();
 * }
 * }</pre>
 */
public final class PymirrorServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PymirrorServer.class);

    /** Where uploads are received, under the data directory; emptied at each start. */
    private static final String INCOMING = ".incoming";
    /** The node's copies of a bucket's files (an index name cannot start with a dot). */
    private static final String S3_CACHE = ".s3-cache";

    /** Large files kept open for sending: an open descriptor each, a fraction of the usual limit of 1024. */
    private static final int OPEN_FILES = 64;

    /** Mappings alive at once, a small part of the kernel's usual per-process limit of 65530. */
    private static final int MAX_MAPPINGS = 4096;

    /** Descriptors kept for everything but client connections: open files, upstreams, uploads, logs. */
    private static final int OTHER_DESCRIPTORS = OPEN_FILES + 192;

    /** How long a connection may sit idle while the server is at its cap. */
    private static final Duration IDLE_AT_CAP = Duration.ofSeconds(5);

    private final ServerConfig config;
    private final Server jetty;
    private final ServerConnector connector;
    private final OwnerLock owner;
    /** The bucket of {@code storage = "s3://..."}, or null for the data directory. */
    private final BlobStore storage;
    /** The mirror indexes, whose downloads a stop waits for. */
    private final List<MirrorIndex> mirrors;
    private boolean closed;

    private PymirrorServer(ServerConfig config, Server jetty, ServerConnector connector, OwnerLock owner,
            BlobStore storage, List<MirrorIndex> mirrors) {
        this.storage = storage;
        this.mirrors = mirrors;
        this.config = config;
        this.jetty = jetty;
        this.connector = connector;
        this.owner = owner;
    }

    /**
     * Prepares the data directory and starts listening.
     *
     * @throws StartupException when the data directory cannot be used or the address cannot be bound,
     *     with a message saying which and why
     */
    public static PymirrorServer start(ServerConfig config) throws StartupException {
        EarlyInitialization.startInBackground();
        OwnerLock owner = claimDataDir(config.dataDir());
        BlobStore storage = null;
        try {
            Path data = prepareDataDir(config.dataDir());
            storage = openStorage(config.storage(), data);
            return start(config, data, owner, storage);
        } catch (StartupException | RuntimeException e) {
            if (storage != null) {
                storage.close();
            }
            closeQuietly(owner);
            throw e;
        }
    }

    /**
     * Connects to the bucket of an {@code s3://} storage and checks it, so that a missing bucket or
     * refused credentials stop the start with a message rather than the first request. Hosted indexes
     * and mirrors keep their data there (docs/architecture.md, "Storage").
     */
    private static BlobStore openStorage(StorageConfig storage, Path data) throws StartupException {
        if (storage.local()) {
            return null;
        }
        try {
            BlobStore store = S3BlobStore.open(storage.s3(), new ObjectCache(data.resolve(S3_CACHE), storage.cacheSize()));
            LOG.info("storage {} answers; hosted indexes and mirrors keep their data there", store.describe());
            return store;
        } catch (IOException e) {
            throw new StartupException("storage: " + e.getMessage(), e);
        }
    }

    /**
     * The users: in the data directory, read again at every question whose log changed; or in the bucket, shared with
     * the other nodes and followed every {@link UserLogFollower#BOUND} (docs/architecture.md, "Storage").
     */
    private static UserStore users(BlobStore storage, Path data, Server jetty) throws StartupException {
        if (storage == null) {
            try {
                return new UserStore(data);
            } catch (UserStoreException e) {
                throw new StartupException(e.getMessage(), e);
            }
        }
        UserStore users = new UserStore(storage, data);
        jetty.addBean(new UserLogFollower(users));
        return users;
    }

    private static PymirrorServer start(ServerConfig config, Path data, OwnerLock owner, BlobStore storage)
            throws StartupException {

        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("pymirror");
        // Requests that wait (for an upstream, a download, a lock) run on virtual threads, which
        // makes waiting cheap; the router answers what is ready on the I/O thread.
        ExecutorService mayWait = Executors.newVirtualThreadPerTaskExecutor();
        threads.setVirtualThreadsExecutor(mayWait);
        // Buffers kept for reuse are bounded like the file cache (see MemoryBudget); Jetty's default
        // keeps up to an eighth of the heap's limit each of heap and direct buffers.
        MemoryBudget memory = MemoryBudget.ofThisJvm();
        Server jetty = new Server(threads, null, new ArrayByteBufferPool(0, -1, -1, Integer.MAX_VALUE,
                memory.pooledHeap(), memory.pooledDirect()));
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        // Jetty can remember each connection's header fields in a trie to skip parsing repeats; with
        // pip's User-Agent (a JSON object of some 300 characters) the lookup costs as much as parsing.
        http.setHeaderCacheSize(0);
        // One selector per core, as nginx runs a worker per core: Jetty's default of one per two cores
        // leaves a core idle on small machines (handlers that answer from memory run on the selector).
        // Large files leave by sendfile(2) through the connector's end points (see server.sendfile).
        FileRegions regions = new FileRegions();
        // Request header lines the parser does not act on are read in one pass (see server.http1).
        ServerConnector connector = new SendfileConnector(jetty, 1, Runtime.getRuntime().availableProcessors(), regions,
                new SkimmingConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        // A burst of connections (a CI farm starting together) waits in the backlog instead of
        // having its SYNs dropped and sent again a second later; the kernel caps it at somaxconn.
        connector.setAcceptQueueSize(config.connections().backlog());
        jetty.addConnector(connector);
        // At the cap the connector stops accepting: new connections wait in the backlog, and idle
        // ones are closed after a short while to make room, rather than the process running out
        // of descriptors and failing whatever opens a file next.
        NetworkConnectionLimit limit = new NetworkConnectionLimit(connectionCap(config.connections().maxConnections()),
                connector);
        limit.setEndPointIdleTimeout(IDLE_AT_CAP.toMillis());
        jetty.addBean(limit);
        // ...of which one client address may hold only a part.
        connector.addEventListener(new ConnectionsPerAddress(config.connections().maxPerAddress()));

        try {
            config = config.withMoreIndexes(IndexesFile.read(data), data.resolve(IndexesFile.FILE).toString());
        } catch (ConfigException e) {
            throw new StartupException(e.getMessage(), e);
        }
        clearIncoming(data.resolve(INCOMING));
        Map<String, PackageIndex> indexes = new LinkedHashMap<>();
        for (IndexConfig c : config.indexes().values()) {
            build(c, config, data, storage, indexes);
        }
        List<Path> roots = new ArrayList<>(List.of(data));
        indexes.values().forEach(i -> {
            if (IndexView.beneath(i) instanceof StaticIndex s) {
                roots.add(s.root());
            }
        });
        OpenFiles open = new OpenFiles(OPEN_FILES, MAX_MAPPINGS);
        jetty.addBean(open);
        // One cache of small files for every index, within the memory budget.
        FileContents files = new FileContents(jetty, roots, open, regions, memory);
        StoredFiles openFiles = new StoredFiles(files, false);
        StoredFiles closedFiles = new StoredFiles(files, true);
        Map<String, IndexRoutes> routes = new LinkedHashMap<>();
        Map<String, Audience> readers = new LinkedHashMap<>();
        Map<String, Audience> writers = new LinkedHashMap<>();
        for (IndexConfig c : config.indexes().values()) {
            readers.put(c.name(), c.read());
            if (c instanceof HostedConfig h) {
                writers.put(c.name(), h.upload());
            }
        }
        Gate gate = new Gate(new Authenticator(users(storage, data, jetty), Clock.systemUTC()), readers, writers);
        boolean anyClosed = readers.values().stream().anyMatch(Audience::needsLogin);
        AdvisoryFeed advisories = advisoryFeed(config, data);
        if (advisories != null) {
            jetty.addBean(advisories);
        }
        Map<String, GuardedIndex> guarded = new LinkedHashMap<>();
        for (IndexConfig c : config.indexes().values()) {
            // Only a mirror's pages may be kept by clients a while; the others change when a file arrives.
            Duration startTimeout = c instanceof MirrorConfig m
                    ? m.connectTimeout().plus(m.readTimeout()).plusSeconds(5) : Duration.ofSeconds(60);
            Duration pageMaxAge = c instanceof MirrorConfig m ? m.pageTtl() : Duration.ZERO;
            boolean restricted = c.read().needsLogin();
            // The guard filters what this index serves at its own routes (a group: by the group's policy).
            PackageIndex served = config.guard(c.name()).active()
                    ? GuardedIndex.of(indexes.get(c.name()), config.guard(c.name()), advisories) : indexes.get(c.name());
            if (served instanceof GuardedIndex g) {
                guarded.put(c.name(), g);
            }
            routes.put(c.name(), new IndexRoutes(served, restricted ? closedFiles : openFiles, startTimeout,
                    pageMaxAge, restricted, gate, c instanceof GroupConfig && anyClosed));
        }
        // Switched off (`metrics = false`), nothing is counted and /metrics is not found.
        ServerMetrics metrics = config.metrics() ? new ServerMetrics(readers.keySet(), readers.entrySet().stream()
                .filter(e -> e.getValue().needsLogin()).map(Map.Entry::getKey).collect(Collectors.toSet())) : null;
        if (metrics != null) {
            indexes.forEach((name, index) -> {
                if (IndexView.beneath(index) instanceof MirrorIndex m) {
                    m.observeUpstream(metrics.mirror(name, m.readings()));
                }
            });
        }
        if (metrics != null && storage != null && storage.health().isPresent()) {
            metrics.storage(() -> storage.health().orElseThrow());
        }
        // What the last `pymirror audit names` found (the server asks no upstream about private names).
        NameAuditResults audited = new NameAuditResults(data);
        // With a bucket, snapshots are manifests there, shared by every node (server.snapshot.BucketSnapshots).
        Snapshots snapshots = storage == null ? new SnapshotStore(data) : new BucketSnapshots(storage);
        // A stop stops accepting, then waits up to drain-timeout for the answers under way (InFlightRequests).
        jetty.setStopTimeout(config.connections().drain().toMillis());
        jetty.setHandler(new InFlightRequests(new Router(routes, config.defaultIndex(), new HealthReport(indexes, advisories, storage),
                metrics, gate, new WriteRoutes(data.resolve(INCOMING)), new WebUi(indexes, config.defaultIndex(),
                        readers.entrySet().stream().filter(e -> e.getValue().needsLogin()).map(Map.Entry::getKey)
                                .collect(Collectors.toSet()), guarded, metrics, audited, snapshots),
                new SnapshotRoutes(snapshots, openFiles, closedFiles, gate), mayWait)));
        jetty.setRequestLog(metrics != null ? new ServedRequests(metrics, config.defaultIndex(), new AccessLog())
                : new AccessLog());
        // No error page shows an exception or a path of this machine, whoever wrote it.
        jetty.setErrorHandler(new PlainErrorHandler());

        if (metrics != null) {
            NameAudit.auditable(config).forEach(group -> metrics.sharedNames(group, () -> audited.count(group)));
        }
        List<MirrorIndex> mirrors = indexes.values().stream().map(IndexView::beneath)
                .filter(MirrorIndex.class::isInstance).map(MirrorIndex.class::cast).toList();
        jetty.addBean(new PruneSchedule(mirrors));
        try {
            jetty.start();
        } catch (Exception e) {
            stopQuietly(jetty);
            if (causedBy(e, BindException.class)) {
                throw new StartupException("cannot listen on " + config.host() + ":" + config.port()
                        + ": the address is in use (another pymirror?) or not available here", e);
            }
            throw new StartupException("cannot start the HTTP server: " + e.getMessage(), e);
        }
        // Linking OpenSSL's SHA-256 takes 50 to 80 ms in a JVM just started (bench/sha256.sh): done
        // once listening, it does not compete with the start-up, and it is done before the first
        // file a mirror fetches would wait for it (BENCHMARKS.md).
        Sha256.prepareInBackground();
        if (storage instanceof S3BlobStore bucket) {
            bucket.serving(); // from now on requests wait on its calls: the configured timeouts, not start-up's
        }
        PymirrorServer server = new PymirrorServer(config, jetty, connector, owner, storage, mirrors);
        LOG.info("serving {} ({}), data in {}", server.simpleUrl(), describe(config.defaultIndexConfig(), config.offline()),
                data);
        return server;
    }

    /**
     * An index as {@code serve} serves it at its own routes (its cooldown and advisory guard applied),
     * built on the data directory without a server and with mirrors offline, so it asks no upstream:
     * for commands that freeze what is served ({@code pymirror snapshot create}) beside a running
     * server or without one.
     *
     * @param config the configuration; the data directory's {@code indexes.toml} is added to it
     * @throws NoSuchIndexException naming the indexes there are
     */
    public static PackageIndex openIndex(ServerConfig config, String name) throws StartupException {
        ServerConfig all = new IndexCatalog(config).merged();
        if (!all.storage().local()) {
            // What reads the index through this one wants its files on this machine's disk (a bundle
            // made of it), where a bucket's are not (the node cache may evict them): refused, not made
            // from whatever this node happens to hold. A snapshot opens it with the bucket.
            throw new StartupException("index '" + name + "' keeps its data in " + all.storage().describe()
                    + "; this command works on a data directory's indexes only", null);
        }
        return openIndex(config, name, null);
    }

    /**
     * As {@link #openIndex(ServerConfig, String)}, over {@code storage}: the bucket the
     * configuration names (then the index reads its objects there, as a node does), or null for the
     * data directory.
     */
    public static PackageIndex openIndex(ServerConfig config, String name, BlobStore storage)
            throws StartupException {
        ServerConfig all = new IndexCatalog(config).merged().withOffline(true);
        IndexConfig c = all.indexes().get(name);
        if (c == null) {
            throw new NoSuchIndexException("there is no index '" + name + "'; indexes: "
                    + String.join(", ", all.indexes().keySet()));
        }
        Path data = all.dataDir().toAbsolutePath();
        PackageIndex index = build(c, all, data, storage, new LinkedHashMap<>());
        return all.guard(name).active() ? GuardedIndex.of(index, all.guard(name), advisoryFeed(all, data)) : index;
    }

    /**
     * The advisories, loaded when some index blocks by them or an {@code advisories-url} is set (then
     * also fetched from there); null when neither.
     */
    private static AdvisoryFeed advisoryFeed(ServerConfig config, Path data) throws StartupException {
        if (config.guards().values().stream().noneMatch(GuardPolicy::active) && config.advisoryFeed() == null) {
            return null;
        }
        try {
            AdvisoryFeed feed = AdvisoryFeed.load(new AdvisoryStore(data));
            return config.advisoryFeed() == null ? feed : feed.downloading(config.advisoryFeed());
        } catch (AdvisoryException e) {
            throw new StartupException("cannot load the advisories that indexes block by: " + e.getMessage(), e);
        }
    }

    /**
     * Builds an index, its members first; each index's data lives in {@code <data>/<name>}, a hosted
     * index's in {@code storage} under {@code <name>/} when there is a bucket.
     */
    private static PackageIndex build(IndexConfig c, ServerConfig config, Path data, BlobStore storage,
            Map<String, PackageIndex> built)
            throws StartupException {
        PackageIndex known = built.get(c.name());
        if (known != null) {
            return known;
        }
        Path dir = data.resolve(c.name());
        PackageIndex index;
        try {
            claim(dir, c.kind());
            index = switch (c) {
                // In a bucket each index's objects are under its name; on disk in its own folder.
                case MirrorConfig m -> storage == null ? new MirrorIndex(m, dir, config.offline(), Clock.systemUTC())
                        : new MirrorIndex(m, dir, storage, c.name() + "/", config.offline(), Clock.systemUTC());
                case HostedConfig h -> HostedIndex.open(h, storage, dir, Clock.systemUTC());
                case StaticConfig s -> new StaticIndex(s, dir);
                case GroupConfig g -> {
                    List<PackageIndex> members = new ArrayList<>();
                    for (String member : g.members()) {
                        members.add(build(config.indexes().get(member), config, data, storage, built));
                    }
                    // A closed member of a group whose readers differ goes unnamed in the group's messages.
                    Set<String> unnamed = new HashSet<>();
                    for (String member : g.members()) {
                        Audience read = config.indexes().get(member).read();
                        if (read.needsLogin() && !read.equals(g.read())) {
                            unnamed.add(member);
                        }
                    }
                    yield new GroupIndex(g, members, unnamed);
                }
            };
        } catch (IOException e) {
            throw new StartupException("cannot prepare index '" + c.name() + "': " + e.getMessage(), e);
        }
        if (c.cooldown().holdsBack()) {
            // Wrapped before a group takes it as a member: what is held back is held back everywhere.
            index = new TimeFilteredIndex(index, new TimeRule.MinAge(c.cooldown().minAge(),
                    c.cooldown().exempt().stream().map(ProjectName::of).collect(Collectors.toSet())), Clock.systemUTC());
        }
        built.put(c.name(), index);
        return index;
    }

    /**
     * Marks an index's folder with its kind, and refuses to start when the folder was made by
     * another kind: a hosted index must never read a mirror's cache as its uploads, or the reverse.
     */
    private static void claim(Path dir, String kind) throws IOException, StartupException {
        Path marker = dir.resolve(".kind");
        Files.createDirectories(dir);
        if (Files.isRegularFile(marker)) {
            String was = Files.readString(marker).strip();
            if (!was.equals(kind)) {
                throw new StartupException("index folder " + dir + " belongs to a " + was + " index, and this one is "
                        + kind + ": rename the index, or move that folder away", null);
            }
            return;
        }
        Files.writeString(marker, kind + "\n");
    }

    /**
     * The configured cap, or less when the process may not open that many descriptors (with room
     * for the files and upstream connections the server opens itself): a cap the process cannot
     * reach would not stop it running out.
     */
    static int connectionCap(int configured) {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
            int cap = connectionCap(configured, unix.getMaxFileDescriptorCount());
            if (cap < configured) {
                LOG.warn("max-connections {} is more than this process may open (limit {} descriptors, ulimit -n):"
                        + " serving at most {} connections at once", configured, unix.getMaxFileDescriptorCount(), cap);
            }
            return cap;
        }
        return configured;
    }

    /** The cap that fits a limit of {@code descriptors} (0 or less: unknown), never below 16. */
    static int connectionCap(int configured, long descriptors) {
        long fits = descriptors - OTHER_DESCRIPTORS;
        return descriptors <= 0 || fits >= configured ? configured : (int) Math.max(16, fits);
    }

    private static void clearIncoming(Path incoming) {
        if (!Files.isDirectory(incoming)) {
            return;
        }
        try (Stream<Path> files = Files.list(incoming)) {
            files.forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.warn("cannot remove leftover upload part {}: {}", p, e.getMessage());
                }
            });
        } catch (IOException e) {
            LOG.warn("cannot clear {}: {}", incoming, e.getMessage());
        }
    }

    private static String describe(IndexConfig index, boolean offline) {
        return switch (index) {
            case MirrorConfig m -> offline ? "offline: cache only" : "mirror of " + RedactedUrl.of(m.upstream());
            case HostedConfig h -> "hosted index '" + h.name() + "'";
            case StaticConfig s -> "static tree " + s.path();
            case GroupConfig g -> "group of " + String.join(", ", g.members());
        };
    }

    /** The port actually bound (differs from the configured one when that was 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** The base URL of the server, ending in a slash. */
    public URI baseUrl() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        if (host.equals("0.0.0.0") || host.equals("[::]")) {
            host = "127.0.0.1";
        }
        return URI.create("http://" + host + ":" + port() + "/");
    }

    /** Where pip should point: the default index's simple URL. */
    public URI simpleUrl() {
        return baseUrl().resolve("simple/");
    }

    public ServerConfig config() {
        return config;
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        jetty.join();
    }

    /**
     * Stops gracefully: no new connection is accepted, the requests under way are given up to
     * {@code drain-timeout} to finish, then the mirrors' downloads as long again (a fresh file's
     * client has it before it is kept: the keep must not be cut short, nor the bucket closed under
     * it), then the rest is closed. Safe to call again, from another thread too (SIGTERM's handler
     * and the JVM's shutdown hook both may).
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopQuietly(jetty);
        awaitWrites(config.connections().drain());
        if (storage != null) {
            storage.close();
        }
        closeQuietly(owner);
    }

    /**
     * Makes this server the data directory's only one (see {@link DataDirectoryOwner}), before
     * anything in it is touched.
     */
    private static OwnerLock claimDataDir(Path dir) throws StartupException {
        Path data = dir.toAbsolutePath();
        try {
            Files.createDirectories(data);
            return DataDirectoryOwner.claim(data);
        } catch (OwnerLock.HeldException e) {
            throw new StartupException("the data directory " + data + " is in use by another server (" + e.owner()
                    + "); one data directory serves one server: stop that one, or give this one another data"
                    + " directory", e);
        } catch (IOException e) {
            throw unusable(data, e);
        }
    }

    /** Why the data directory cannot be used, in the words of the file system's refusal. */
    private static StartupException unusable(Path data, IOException e) {
        return switch (e) {
            case AccessDeniedException denied ->
                new StartupException("the data directory " + data + " is not writable (permission denied)", denied);
            case FileSystemException fs ->
                new StartupException("the data directory " + data + " cannot be used: " + fs.getReason()
                        + " (" + fs.getFile() + ")", fs);
            default -> new StartupException("the data directory " + data + " cannot be used: " + e.getMessage(), e);
        };
    }

    private static void closeQuietly(OwnerLock lock) {
        try {
            lock.close();
        } catch (IOException e) {
            LOG.warn("could not release the data directory's lock: {}", e.getMessage());
        }
    }

    /**
     * Proves the data directory writable, and sweeps away staging files left by a process that was
     * killed mid-write (they were never visible; now they are not even there). Only abandoned ones:
     * a {@code pymirror file} or {@code user} command may be writing beside this server.
     */
    private static Path prepareDataDir(Path dir) throws StartupException {
        Path data = dir.toAbsolutePath();
        try {
            Files.createDirectories(data);
            Path probe = Files.createTempFile(data, ".write-probe", "");
            Files.delete(probe);
        } catch (IOException e) {
            throw unusable(data, e);
        }
        try (Stream<Path> walk = Files.walk(data)) {
            walk.filter(p -> StagedFile.isTemporary(p) && Files.isRegularFile(p) && StagedFile.isAbandoned(p)).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                    LOG.info("removed {}, left by an interrupted write", p);
                } catch (IOException e) {
                    LOG.warn("cannot remove leftover {}: {}", p, e.getMessage());
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            // Files.walk throws unchecked when a file vanishes mid-walk (another process sharing the directory).
            LOG.warn("cannot sweep {} for leftovers: {}", data, e.getMessage());
        }
        return data;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private void awaitWrites(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        try {
            for (MirrorIndex mirror : mirrors) {
                if (!mirror.awaitWrites(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                    LOG.warn("stopped with downloads or writes of index '{}' under way; what they fetched is not"
                            + " cached", mirror.name());
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void stopQuietly(Server jetty) {
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("error while stopping: {}", e.getMessage());
        }
    }
}
