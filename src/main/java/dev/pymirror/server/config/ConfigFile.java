package dev.pymirror.server.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads a TOML configuration file over the built-in defaults.
 *
 * <pre>
 * host = "0.0.0.0"
 * port = 3141
 * data = "/var/lib/pymirror"
 * offline = false
 * default-index = "pypi"
 *
 * [index.pypi]
 * kind = "mirror"
 * upstream = "https://pypi.org/simple/"
 * page-ttl = "5m"          # also "30s", "2h", "500ms", a number of seconds, or ISO-8601 "PT5M"
 * connect-timeout = "5s"
 * read-timeout = "30s"
 * </pre>
 *
 * Unknown keys are errors, so that a misspelt key is not silently ignored.
 */
public final class ConfigFile {

    private static final Set<String> TOP_KEYS = Set.of("host", "port", "data", "offline", "default-index", "index");
    private static final Set<String> MIRROR_KEYS = Set.of("kind", "upstream", "page-ttl", "connect-timeout", "read-timeout");

    private ConfigFile() {}

    /** Reads {@code file}; a relative {@code data} path is taken relative to the file's folder. */
    public static ServerConfig read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("configuration file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        Path base = file.toAbsolutePath().getParent();
        try {
            return parse(text, base);
        } catch (ConfigException e) {
            throw new ConfigException(file + ": " + e.getMessage(), e);
        }
    }

    /** Parses TOML text over the defaults; {@code base} resolves a relative data path. */
    public static ServerConfig parse(String toml, Path base) {
        JsonNode root;
        try {
            root = new TomlMapper().readTree(toml);
        } catch (JacksonException e) {
            throw new ConfigException("not valid TOML: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            root = new TomlMapper().createObjectNode();
        }
        checkKeys("", root, TOP_KEYS);
        ServerConfig defaults = ServerConfig.defaults();

        Map<String, MirrorConfig> indexes = new LinkedHashMap<>();
        JsonNode indexTable = root.get("index");
        if (indexTable != null) {
            if (!indexTable.isObject()) {
                throw new ConfigException("'index' must be a table of indexes, such as [index.pypi]");
            }
            for (var e : indexTable.properties()) {
                indexes.put(e.getKey(), mirror(e.getKey(), e.getValue()));
            }
        }
        if (indexes.isEmpty()) {
            indexes.putAll(defaults.indexes());
        }
        String defaultIndex = text(root, "default-index",
                indexes.containsKey(ServerConfig.DEFAULT_INDEX) ? ServerConfig.DEFAULT_INDEX : indexes.keySet().iterator().next());
        String data = text(root, "data", null);
        Path dataDir = data == null ? defaults.dataDir() : base.resolve(data);
        return new ServerConfig(text(root, "host", defaults.host()), integer(root, "port", defaults.port()), dataDir,
                bool(root, "offline", defaults.offline()), defaultIndex, indexes);
    }

    private static MirrorConfig mirror(String name, JsonNode node) {
        if (!node.isObject()) {
            throw new ConfigException("[index." + name + "] must be a table");
        }
        String where = "index." + name + ".";
        checkKeys(where, node, MIRROR_KEYS);
        String kind = text(node, "kind", "mirror");
        if (!kind.equals("mirror")) {
            throw new ConfigException(where + "kind: '" + kind + "' is not a supported index kind (supported: mirror)");
        }
        MirrorConfig d = MirrorConfig.defaults(name);
        String upstream = text(node, "upstream", d.upstream().toString());
        URI uri;
        try {
            uri = URI.create(upstream);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where + "upstream: '" + upstream + "' is not a URL");
        }
        try {
            return new MirrorConfig(name, uri,
                    duration(node, "page-ttl", d.pageTtl()),
                    duration(node, "connect-timeout", d.connectTimeout()),
                    duration(node, "read-timeout", d.readTimeout()));
        } catch (ConfigException e) {
            throw new ConfigException(where.substring(0, where.length() - 1) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses a duration: {@code "500ms"}, {@code "30s"}, {@code "5m"}, {@code "2h"}, {@code "1d"}, a plain
     * number of seconds, or ISO-8601 ({@code "PT5M"}).
     */
    public static Duration parseDuration(String text) {
        String t = text == null ? "" : text.strip();
        try {
            if (t.startsWith("P") || t.startsWith("p")) {
                return Duration.parse(t);
            }
            int unitStart = 0;
            while (unitStart < t.length() && Character.isDigit(t.charAt(unitStart))) {
                unitStart++;
            }
            if (unitStart == 0 || unitStart > 12) {
                throw new NumberFormatException();
            }
            long n = Long.parseLong(t.substring(0, unitStart));
            return switch (t.substring(unitStart).strip()) {
                case "", "s" -> Duration.ofSeconds(n);
                case "ms" -> Duration.ofMillis(n);
                case "m", "min" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new ConfigException("'" + text + "' is not a duration (use 500ms, 30s, 5m, 2h, 1d, or seconds)");
        }
    }

    private static void checkKeys(String where, JsonNode node, Set<String> allowed) {
        for (String key : (Iterable<String>) () -> ((ObjectNode) node).fieldNames()) {
            if (!allowed.contains(key)) {
                throw new ConfigException("unknown key '" + where + key + "' (known: " + String.join(", ",
                        new java.util.TreeSet<>(allowed)) + ")");
            }
        }
    }

    private static String text(JsonNode node, String key, String fallback) {
        JsonNode v = node.get(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isTextual()) {
            throw new ConfigException("'" + key + "' must be a string");
        }
        return v.asText();
    }

    private static int integer(JsonNode node, String key, int fallback) {
        JsonNode v = node.get(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new ConfigException("'" + key + "' must be a whole number");
        }
        return v.asInt();
    }

    private static boolean bool(JsonNode node, String key, boolean fallback) {
        JsonNode v = node.get(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw new ConfigException("'" + key + "' must be true or false");
        }
        return v.asBoolean();
    }

    private static Duration duration(JsonNode node, String key, Duration fallback) {
        JsonNode v = node.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return v.isIntegralNumber() ? Duration.ofSeconds(v.asLong()) : parseDuration(v.asText());
        } catch (ConfigException e) {
            throw new ConfigException(key + ": " + e.getMessage(), e);
        }
    }
}
