package dev.pymirror.server.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one {@code pymirror serve} process serves, and where.
 *
 * @param host the address to listen on
 * @param port the port to listen on (0 picks a free one)
 * @param dataDir where every index keeps its cache and files, and where users live
 * @param offline mirrors serve from their cache only and never contact an upstream
 * @param defaultIndex the index also served at {@code /simple/}
 * @param indexes every index by name, served at {@code /<name>/simple/}, in the order declared
 * @param connections the listen backlog and the most connections served at once
 * @param storage the data directory, or the bucket the indexes are to keep their data in
 * @param guards the supply-chain guard's policy of each index that sets one (by index name)
 * @param metrics requests and mirrors are counted for {@code /metrics} (on by default; off, the
 *     route answers 404 and nothing is counted)
 */
public record ServerConfig(String host, int port, Path dataDir, boolean offline, String defaultIndex,
        Map<String, ? extends IndexConfig> indexes, ConnectionLimits connections, StorageConfig storage,
        Map<String, GuardPolicy> guards, boolean metrics, AdvisoryFeedConfig advisoryFeed) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 3141;
    public static final String DEFAULT_INDEX = "pypi";

    /**
     * @throws ConfigException when the port or host is unusable, the default index is not one of
     *     the indexes, an index is filed under another name than its own, or a group names an
     *     index that does not exist or contains itself through other groups
     */
    public ServerConfig {
        if (port < 0 || port > 65_535) {
            throw new ConfigException("port must be between 0 and 65535, not " + port);
        }
        if (host == null || host.isBlank()) {
            throw new ConfigException("host must not be empty");
        }
        Map<String, IndexConfig> copy = new LinkedHashMap<>(indexes);
        indexes = Collections.unmodifiableMap(copy);
        if (!indexes.containsKey(defaultIndex)) {
            throw new NoSuchIndexException("default-index '" + defaultIndex + "' is not one of the indexes "
                    + indexes.keySet());
        }
        copy.forEach((key, index) -> {
            if (!key.equals(index.name())) {
                throw new IllegalArgumentException("index '" + index.name() + "' filed as '" + key + "'");
            }
        });
        checkGroups(copy);
        if (connections == null) {
            connections = ConnectionLimits.DEFAULTS;
        }
        if (storage == null) {
            storage = StorageConfig.DATA_DIRECTORY;
        }
        guards = guards == null ? Map.of() : Map.copyOf(guards);
    }

    /** Kept in the data directory, with no guard policies, metrics on. */
    public ServerConfig(String host, int port, Path dataDir, boolean offline, String defaultIndex,
            Map<String, ? extends IndexConfig> indexes, ConnectionLimits connections) {
        this(host, port, dataDir, offline, defaultIndex, indexes, connections, StorageConfig.DATA_DIRECTORY, Map.of(), true, null);
    }

    /** With the default connection limits. */
    public ServerConfig(String host, int port, Path dataDir, boolean offline, String defaultIndex,
            Map<String, ? extends IndexConfig> indexes) {
        this(host, port, dataDir, offline, defaultIndex, indexes, ConnectionLimits.DEFAULTS);
    }

    /** The built-in configuration: one mirror of the public index, named {@value #DEFAULT_INDEX}. */
    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, defaultDataDir(), false, DEFAULT_INDEX,
                Map.of(DEFAULT_INDEX, MirrorConfig.defaults(DEFAULT_INDEX)));
    }

    /** The default index's configuration. */
    public IndexConfig defaultIndexConfig() {
        return indexes.get(defaultIndex);
    }

    /**
     * The default index's configuration, which must be a mirror.
     *
     * @throws ConfigException when the default index is of another kind
     */
    public MirrorConfig defaultMirror() {
        if (indexes.get(defaultIndex) instanceof MirrorConfig m) {
            return m;
        }
        throw new ConfigException("the default index '" + defaultIndex + "' is a " + defaultIndexConfig().kind()
                + " index, not a mirror");
    }

    public ServerConfig withHost(String value) {
        return new ServerConfig(value, port, dataDir, offline, defaultIndex, indexes, connections, storage, guards, metrics, advisoryFeed);
    }

    public ServerConfig withPort(int value) {
        return new ServerConfig(host, value, dataDir, offline, defaultIndex, indexes, connections, storage, guards, metrics, advisoryFeed);
    }

    public ServerConfig withDataDir(Path value) {
        return new ServerConfig(host, port, value, offline, defaultIndex, indexes, connections, storage, guards, metrics, advisoryFeed);
    }

    public ServerConfig withOffline(boolean value) {
        return new ServerConfig(host, port, dataDir, value, defaultIndex, indexes, connections, storage, guards, metrics, advisoryFeed);
    }

    public ServerConfig withConnections(ConnectionLimits value) {
        return new ServerConfig(host, port, dataDir, offline, defaultIndex, indexes, value, storage, guards, metrics, advisoryFeed);
    }

    public ServerConfig withStorage(StorageConfig value) {
        return new ServerConfig(host, port, dataDir, offline, defaultIndex, indexes, connections, value, guards, metrics, advisoryFeed);
    }

    public ServerConfig withMetrics(boolean value) {
        return new ServerConfig(host, port, dataDir, offline, defaultIndex, indexes, connections, storage, guards, value, advisoryFeed);
    }

    /** The guard policy of an index: {@link GuardPolicy#NONE} unless its table sets one. */
    public GuardPolicy guard(String index) {
        return guards.getOrDefault(index, GuardPolicy.NONE);
    }

    /** Where the advisories are fetched from on a schedule; null (the default) when they are only imported. */
    public ServerConfig withAdvisoryFeed(AdvisoryFeedConfig value) {
        return new ServerConfig(host, port, dataDir, offline, defaultIndex, indexes, connections, storage, guards, metrics, value);
    }

    public ServerConfig withGuards(Map<String, GuardPolicy> value) {
        return new ServerConfig(host, port, dataDir, offline, defaultIndex, indexes, connections, storage, value, metrics, advisoryFeed);
    }

    /** Replaces the default index's configuration. */
    public ServerConfig withDefaultMirror(MirrorConfig value) {
        Map<String, IndexConfig> changed = new LinkedHashMap<>(indexes);
        changed.put(defaultIndex, value);
        return new ServerConfig(host, port, dataDir, offline, defaultIndex, changed, connections, storage, guards, metrics, advisoryFeed);
    }

    /**
     * These indexes added after the ones already here.
     *
     * @throws ConfigException when one of them has the name of an index already here
     */
    public ServerConfig withMoreIndexes(Map<String, ? extends IndexConfig> more, String whereFrom) {
        Map<String, IndexConfig> all = new LinkedHashMap<>(indexes);
        for (IndexConfig index : more.values()) {
            if (all.putIfAbsent(index.name(), index) != null) {
                throw new ConfigException("index '" + index.name() + "' is declared both in the configuration and in "
                        + whereFrom);
            }
        }
        return new ServerConfig(host, port, dataDir, offline, defaultIndex, all, connections, storage, guards, metrics, advisoryFeed);
    }

    /** {@code $XDG_DATA_HOME/pymirror}, else {@code ~/.local/share/pymirror}. */
    public static Path defaultDataDir() {
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank()
                ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("pymirror");
    }

    /** Every member exists, and no group reaches itself through its members. */
    private static void checkGroups(Map<String, IndexConfig> indexes) {
        for (IndexConfig index : indexes.values()) {
            if (index instanceof GroupConfig group) {
                for (String member : group.members()) {
                    if (!indexes.containsKey(member)) {
                        throw new NoSuchIndexException("group '" + group.name() + "' has member '" + member
                                + "', which is not one of the indexes " + indexes.keySet());
                    }
                }
                List<String> path = new ArrayList<>(List.of(group.name()));
                findCycle(indexes, group, path, new HashSet<>());
            }
        }
    }

    private static void findCycle(Map<String, IndexConfig> indexes, GroupConfig group, List<String> path,
            Set<String> done) {
        for (String member : group.members()) {
            if (path.get(0).equals(member)) {
                path.add(member);
                throw new ConfigException("groups contain each other: " + String.join(" -> ", path));
            }
            if (indexes.get(member) instanceof GroupConfig inner && done.add(member)) {
                path.add(member);
                findCycle(indexes, inner, path, done);
                path.remove(path.size() - 1);
            }
        }
    }
}
