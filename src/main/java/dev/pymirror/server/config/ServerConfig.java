package dev.pymirror.server.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one {@code pymirror serve} process serves, and where.
 *
 * @param host the address to listen on
 * @param port the port to listen on (0 picks a free one)
 * @param dataDir where every index keeps its cache and files
 * @param offline serve from the cache only; never contact an upstream
 * @param defaultIndex the index also served at {@code /simple/}
 * @param indexes every index by name, served at {@code /<name>/simple/}
 */
public record ServerConfig(
        String host, int port, Path dataDir, boolean offline, String defaultIndex, Map<String, MirrorConfig> indexes) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 3141;
    public static final String DEFAULT_INDEX = "pypi";

    public ServerConfig {
        if (port < 0 || port > 65_535) {
            throw new ConfigException("port must be between 0 and 65535, not " + port);
        }
        if (host == null || host.isBlank()) {
            throw new ConfigException("host must not be empty");
        }
        indexes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(indexes));
        if (!indexes.containsKey(defaultIndex)) {
            throw new ConfigException("default-index '" + defaultIndex + "' is not one of the indexes "
                    + indexes.keySet());
        }
    }

    /** The built-in configuration: one mirror of the public index, named {@value #DEFAULT_INDEX}. */
    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, defaultDataDir(), false, DEFAULT_INDEX,
                Map.of(DEFAULT_INDEX, MirrorConfig.defaults(DEFAULT_INDEX)));
    }

    /** The default index's configuration. */
    public MirrorConfig defaultMirror() {
        return indexes.get(defaultIndex);
    }

    public ServerConfig withHost(String value) {
        return new ServerConfig(value, port, dataDir, offline, defaultIndex, indexes);
    }

    public ServerConfig withPort(int value) {
        return new ServerConfig(host, value, dataDir, offline, defaultIndex, indexes);
    }

    public ServerConfig withDataDir(Path value) {
        return new ServerConfig(host, port, value, offline, defaultIndex, indexes);
    }

    public ServerConfig withOffline(boolean value) {
        return new ServerConfig(host, port, dataDir, value, defaultIndex, indexes);
    }

    /** Replaces the default index's configuration. */
    public ServerConfig withDefaultMirror(MirrorConfig value) {
        Map<String, MirrorConfig> changed = new LinkedHashMap<>(indexes);
        changed.put(defaultIndex, value);
        return new ServerConfig(host, port, dataDir, offline, defaultIndex, changed);
    }

    /** {@code $XDG_DATA_HOME/pymirror}, else {@code ~/.local/share/pymirror}. */
    public static Path defaultDataDir() {
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank()
                ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("pymirror");
    }
}
