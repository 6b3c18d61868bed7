package dev.pymirror.server.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.pymirror.store.blob.S3Settings;
import dev.pymirror.upstream.RedactedUrl;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
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
 * default-index = "main"
 * backlog = 4096               # the listen backlog (the kernel caps it at net.core.somaxconn)
 * max-connections = 10000      # connections served at once; more wait in the backlog
 * max-connections-per-address = 256   # open at once from one client address; more are closed
 * drain-timeout = "10s"        # on SIGTERM: stop accepting, let requests in flight finish this long at most
 * storage = "s3://bucket/prefix"   # optional: an S3-compatible bucket the indexes keep their state and files in
 *
 * [s3]                         # only with an s3:// storage
 * endpoint = "http://127.0.0.1:9000"   # MinIO, Ceph RGW, R2...; AWS's own when left out
 * region = "us-east-1"
 * path-style = true            # endpoint/bucket/key, which most servers other than AWS need
 * access-key-id = "..."        # with secret-access-key; else the AWS environment and profile chain
 * secret-access-key = "..."
 * call-timeout = "4s"          # the most one call may take, retries included (then the breaker opens)
 * attempt-timeout = "2s"       # the most one attempt may take
 * cache-size = "10GB"          # this node's disk copy of the bucket's files, in the data directory
 * metrics = true               # false: no /metrics, nothing counted
 *
 * [index.pypi]
 * kind = "mirror"              # the default kind
 * upstream = "https://pypi.org/simple/"
 * page-ttl = "5m"              # also "30s", "2h", "500ms", a number of seconds, or ISO-8601 "PT5M"
 * connect-timeout = "3s"
 * read-timeout = "10s"         # the headers, and each silence in a body
 * page-timeout = "10s"         # a page from request to last byte
 * revalidate-wait = "250ms"    # then a cached page is served STALE while it is revalidated
 * probe-interval = "10s"       # how often an upstream that timed out is asked again
 * max-cache-size = "50GB"     # retention, each optional: least recently read go first
 * max-unused-age = "90d"      # since last read
 * keep-versions = 5           # newest versions per project that keep their files
 * prune-interval = "1h"       # how often the server applies them
 * prefetch-dependencies = false   # true: a wheel's dependencies' pages are fetched ahead of pip
 *
 * [index.internal]
 * kind = "hosted"
 * upload = "users"             # or a list of user names; who may upload, yank and delete
 * max-upload = "100MB"         # also "512KB", "2GB", "1GiB", or a number of bytes
 *
 * [index.wheels]
 * kind = "static"
 * path = "/srv/wheelhouse"     # a PEP 503 tree: path/&lt;project&gt;/index.html; relative to this file
 *
 * [index.main]
 * kind = "group"
 * members = ["internal", "wheels", "pypi"]   # a project belongs to the first member that has it
 * mix = ["setuptools"]         # projects whose files are merged from every member that has them
 * min-age = "3d"               # every kind: files younger than this are held back ("36h", "2w")
 * min-age-exempt = ["certifi"] # projects served without the cooldown
 * read = "users"               # every kind: "anyone" (the default), "users", or a list of user names
 * </pre>
 *
 * Unknown keys are errors, so that a misspelt key is not silently ignored.
 */
public final class ConfigFile {

    private static final Set<String> TOP_KEYS =
            Set.of("host", "port", "data", "offline", "default-index", "index", "backlog", "max-connections",
                    "max-connections-per-address", "drain-timeout", "storage", "s3", "metrics", "advisories-url", "advisories-refresh");
    private static final Set<String> S3_KEYS = Set.of("endpoint", "region", "path-style", "access-key-id",
            "secret-access-key", "call-timeout", "attempt-timeout", "cache-size");
    private static final Set<String> MIRROR_KEYS =
            withGuard("kind", "read", "upstream", "page-ttl", "connect-timeout", "read-timeout", "page-timeout",
                    "revalidate-wait", "probe-interval", "max-cache-size", "max-unused-age", "keep-versions",
                    "prune-interval", "keep-deleted", "prefetch-dependencies", "min-age", "min-age-exempt");
    private static final Set<String> HOSTED_KEYS = withGuard("kind", "read", "upload", "max-upload", "min-age",
            "min-age-exempt");
    private static final Set<String> STATIC_KEYS = withGuard("kind", "read", "path", "min-age", "min-age-exempt");
    private static final Set<String> GROUP_KEYS = withGuard("kind", "read", "members", "mix", "min-age",
            "min-age-exempt");

    private ConfigFile() {}

    /** An index kind's keys and the supply-chain guard's, which every kind takes. */
    private static Set<String> withGuard(String... keys) {
        Set<String> all = new java.util.HashSet<>(Set.of(keys));
        all.addAll(GuardPolicy.KEYS);
        return Set.copyOf(all);
    }

    /** Reads {@code file}; a relative {@code data} or static {@code path} is taken relative to the file's folder. */
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

    /** Parses TOML text over the defaults; {@code base} resolves relative paths. */
    public static ServerConfig parse(String toml, Path base) {
        JsonNode root = tree(toml);
        checkKeys("", root, TOP_KEYS, "known: ");
        ServerConfig defaults = ServerConfig.defaults();

        Map<String, IndexConfig> indexes = new LinkedHashMap<>(indexes(root, base));
        if (indexes.isEmpty()) {
            indexes.putAll(defaults.indexes());
        }
        String defaultIndex = text(root, "default-index",
                indexes.containsKey(ServerConfig.DEFAULT_INDEX) ? ServerConfig.DEFAULT_INDEX : indexes.keySet().iterator().next());
        String data = text(root, "data", null);
        Path dataDir = data == null ? defaults.dataDir() : base.resolve(data);
        ConnectionLimits limits = new ConnectionLimits(integer(root, "backlog", ConnectionLimits.DEFAULTS.backlog()),
                integer(root, "max-connections", ConnectionLimits.DEFAULTS.maxConnections()),
                integer(root, "max-connections-per-address", ConnectionLimits.DEFAULTS.maxPerAddress()),
                duration(root, "drain-timeout", ConnectionLimits.DEFAULT_DRAIN));
        return new ServerConfig(text(root, "host", defaults.host()), integer(root, "port", defaults.port()), dataDir,
                bool(root, "offline", defaults.offline()), defaultIndex, indexes, limits, storage(root),
                guards(root), bool(root, "metrics", defaults.metrics()), advisoryFeed(root));
    }

    /** {@code advisories-url} and {@code advisories-refresh}; null when no URL is set. */
    private static AdvisoryFeedConfig advisoryFeed(JsonNode root) {
        String url = text(root, "advisories-url", null);
        Duration refresh = duration(root, "advisories-refresh", AdvisoryFeedConfig.DEFAULT_REFRESH);
        if (url == null) {
            if (root.has("advisories-refresh")) {
                throw new ConfigException("advisories-refresh is set, and no advisories-url to refresh");
            }
            return null;
        }
        return new AdvisoryFeedConfig(AdvisoryFeedConfig.url(url), refresh);
    }

    /** Each index's {@code block}, {@code block-vulnerable} and {@code allow}, for those that set any. */
    private static Map<String, GuardPolicy> guards(JsonNode root) {
        Map<String, GuardPolicy> guards = new LinkedHashMap<>();
        JsonNode indexTable = root.get("index");
        if (indexTable == null) {
            return guards;
        }
        for (var e : indexTable.properties()) {
            JsonNode node = e.getValue();
            if (GuardPolicy.KEYS.stream().noneMatch(node::has)) {
                continue;
            }
            try {
                guards.put(e.getKey(), GuardPolicy.parse(node.has("block") ? strings(node, "block") : null,
                        text(node, "block-vulnerable", null), node.has("allow") ? strings(node, "allow") : null));
            } catch (ConfigException ex) {
                throw new ConfigException("index." + e.getKey() + ": " + ex.getMessage(), ex);
            }
        }
        return guards;
    }

    /** {@code storage} and its {@code [s3]} table; every error names its key. */
    private static StorageConfig storage(JsonNode root) {
        String location = text(root, "storage", null);
        JsonNode s3 = root.get("s3");
        if (s3 != null && !s3.isObject()) {
            throw new ConfigException("'s3' must be a table, such as [s3]");
        }
        if (location == null) {
            if (s3 != null) {
                throw new ConfigException("[s3] is set but storage is not: add storage = \"s3://bucket/prefix\"");
            }
            return StorageConfig.DATA_DIRECTORY;
        }
        if (!location.startsWith("s3://")) {
            throw new ConfigException("storage: '" + location + "' is not an s3://bucket/prefix location "
                    + "(leave storage out to keep everything in the data directory)");
        }
        S3Settings settings;
        try {
            settings = S3Settings.parse(location);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("storage: " + e.getMessage(), e);
        }
        JsonNode table = s3 == null ? new TomlMapper().createObjectNode() : s3;
        checkKeys("s3.", table, S3_KEYS, "known: ");
        try {
            return s3Storage(settings, table);
        } catch (ConfigException e) {
            if (e.getMessage().startsWith("s3.")) {
                throw e;
            }
            throw new ConfigException("s3." + e.getMessage().replaceFirst("^'([a-z-]+)'", "$1"), e);
        }
    }

    private static StorageConfig s3Storage(S3Settings settings, JsonNode table) {
        String endpoint = text(table, "endpoint", null);
        URI uri = null;
        if (endpoint != null) {
            try {
                uri = URI.create(endpoint);
            } catch (IllegalArgumentException e) {
                uri = null;
            }
            if (uri == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new ConfigException("s3.endpoint: '" + RedactedUrl.of(endpoint) + "' is not an http(s) URL");
            }
        }
        String id = text(table, "access-key-id", null);
        String secret = text(table, "secret-access-key", null);
        if ((id == null) != (secret == null)) {
            throw new ConfigException("s3.access-key-id and s3.secret-access-key go together: give both, or neither "
                    + "for the AWS environment and profile");
        }
        Duration call = duration(table, "call-timeout", S3Settings.DEFAULT_CALL_TIMEOUT);
        Duration attempt = duration(table, "attempt-timeout", S3Settings.DEFAULT_ATTEMPT_TIMEOUT);
        if (call.isZero() || call.isNegative() || attempt.isZero() || attempt.isNegative()) {
            throw new ConfigException("s3.call-timeout and s3.attempt-timeout must be more than 0");
        }
        settings = settings.withEndpoint(uri, text(table, "region", null), bool(table, "path-style", false))
                .withCredentials(id, secret)
                .withTimeouts(call, attempt);
        long cache = size(table, "cache-size", StorageConfig.DEFAULT_CACHE_SIZE);
        if (cache <= 0) {
            throw new ConfigException("s3.cache-size: must be more than 0 bytes");
        }
        return new StorageConfig(settings, cache);
    }

    /**
     * Parses TOML text holding only {@code [index.<name>]} tables, as the data directory's
     * {@code indexes.toml} does.
     */
    public static Map<String, IndexConfig> parseIndexes(String toml, Path base) {
        JsonNode root = tree(toml);
        checkKeys("", root, Set.of("index"), "known: ");
        Map<String, GuardPolicy> guards = guards(root);
        if (!guards.isEmpty()) {
            throw new ConfigException("index." + guards.keySet().iterator().next()
                    + ": block, block-vulnerable and allow belong in the server's configuration file");
        }
        return indexes(root, base);
    }

    private static JsonNode tree(String toml) {
        JsonNode root;
        try {
            root = new TomlMapper().readTree(toml);
        } catch (JacksonException e) {
            throw new ConfigException("not valid TOML: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            root = new TomlMapper().createObjectNode();
        }
        return root;
    }

    private static Map<String, IndexConfig> indexes(JsonNode root, Path base) {
        Map<String, IndexConfig> indexes = new LinkedHashMap<>();
        JsonNode indexTable = root.get("index");
        if (indexTable != null) {
            if (!indexTable.isObject()) {
                throw new ConfigException("'index' must be a table of indexes, such as [index.pypi]");
            }
            for (var e : indexTable.properties()) {
                indexes.put(e.getKey(), index(e.getKey(), e.getValue(), base));
            }
        }
        return indexes;
    }

    private static IndexConfig index(String name, JsonNode node, Path base) {
        if (!node.isObject()) {
            throw new ConfigException("[index." + name + "] must be a table");
        }
        String where = "index." + name;
        try {
            String kind = text(node, "kind", "mirror");
            Set<String> keys = switch (kind) {
                case "mirror" -> MIRROR_KEYS;
                case "hosted" -> HOSTED_KEYS;
                case "static" -> STATIC_KEYS;
                case "group" -> GROUP_KEYS;
                default -> throw new ConfigException("kind: '" + kind
                        + "' is not a supported index kind (supported: mirror, hosted, static, group)");
            };
            checkKeys(where + ".", node, keys, "a " + kind + " index knows: ");
            Cooldown cooldown = cooldown(node);
            return switch (kind) {
                case "hosted" -> hosted(name, node).withCooldown(cooldown);
                case "static" -> staticTree(name, node, base).withCooldown(cooldown);
                case "group" -> group(name, node).withCooldown(cooldown);
                default -> mirror(name, node).withCooldown(cooldown);
            };
        } catch (ConfigException e) {
            if (e.getMessage().startsWith("unknown key")) {
                throw e;
            }
            throw new ConfigException(where + ": " + e.getMessage(), e);
        }
    }

    private static MirrorConfig mirror(String name, JsonNode node) {
                MirrorConfig d = MirrorConfig.defaults(name);
        String upstream = text(node, "upstream", d.upstream().toString());
        URI uri;
        try {
            uri = URI.create(upstream);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("upstream: '" + RedactedUrl.of(upstream) + "' is not a URL");
        }
        return new MirrorConfig(name, uri,
                duration(node, "page-ttl", d.pageTtl()),
                duration(node, "connect-timeout", d.connectTimeout()),
                duration(node, "read-timeout", d.readTimeout()),
                audience(node, "read", Audience.ANYONE),
                duration(node, "page-timeout", d.pageTimeout()),
                duration(node, "revalidate-wait", d.revalidateWait()),
                duration(node, "probe-interval", d.probeInterval()),
                retention(node), bool(node, "keep-deleted", false), null,
                bool(node, "prefetch-dependencies", false));
    }

    /** {@code min-age = "3d"} and {@code min-age-exempt = ["project", ...]}, on any kind of index. */
    private static Cooldown cooldown(JsonNode node) {
        if (node.get("min-age-exempt") != null && node.get("min-age") == null) {
            throw new ConfigException("min-age-exempt needs a min-age to exempt projects from");
        }
        if (node.get("min-age") == null) {
            return Cooldown.NONE;
        }
        return new Cooldown(duration(node, "min-age", null),
                new java.util.LinkedHashSet<>(node.get("min-age-exempt") == null ? List.of() : strings(node, "min-age-exempt")));
    }

    private static RetentionPolicy retention(JsonNode node) {
        JsonNode keep = node.get("keep-versions");
        if (keep != null && !keep.isIntegralNumber()) {
            throw new ConfigException("keep-versions: '" + keep.asText() + "' is not a whole number");
        }
        return new RetentionPolicy(size(node, "max-cache-size", 0),
                node.has("max-unused-age") ? duration(node, "max-unused-age", null) : null,
                keep == null ? 0 : keep.asInt(),
                duration(node, "prune-interval", RetentionPolicy.DEFAULT_INTERVAL));
    }

    private static HostedConfig hosted(String name, JsonNode node) {
                return new HostedConfig(name, audience(node, "read", Audience.ANYONE), audience(node, "upload", Audience.USERS),
                size(node, "max-upload", HostedConfig.DEFAULT_MAX_UPLOAD));
    }

    private static StaticConfig staticTree(String name, JsonNode node, Path base) {
                String path = text(node, "path", null);
        if (path == null || path.isBlank()) {
            throw new ConfigException("path is required: the folder holding the tree");
        }
        return new StaticConfig(name, audience(node, "read", Audience.ANYONE), base.resolve(path));
    }

    private static GroupConfig group(String name, JsonNode node) {
                if (node.get("members") == null) {
            throw new ConfigException("members is required: the indexes of the group, in order");
        }
        return new GroupConfig(name, audience(node, "read", Audience.ANYONE), strings(node, "members"),
                new java.util.LinkedHashSet<>(node.get("mix") == null ? List.of() : strings(node, "mix")));
    }

    /**
     * Parses a duration: {@code "500ms"}, {@code "30s"}, {@code "5m"}, {@code "2h"}, {@code "1d"}, {@code "2w"}, a plain
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
                case "w" -> Duration.ofDays(7 * n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new ConfigException("'" + text + "' is not a duration (use 500ms, 30s, 5m, 2h, 1d, 2w, or seconds)");
        }
    }

    private static void checkKeys(String where, JsonNode node, Set<String> allowed, String known) {
        for (String key : (Iterable<String>) () -> ((ObjectNode) node).fieldNames()) {
            if (!allowed.contains(key)) {
                throw new ConfigException("unknown key '" + where + key + "' (" + known
                        + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        }
    }

    /**
     * Parses a size: {@code "512KB"}, {@code "100MB"}, {@code "2GB"} (powers of 1000), {@code "1KiB"},
     * {@code "100MiB"}, {@code "1GiB"} (powers of 1024), or a plain number of bytes.
     */
    public static long parseSize(String text) {
        String t = text == null ? "" : text.strip();
        int unitStart = 0;
        while (unitStart < t.length() && Character.isDigit(t.charAt(unitStart))) {
            unitStart++;
        }
        try {
            if (unitStart == 0 || unitStart > 15) {
                throw new NumberFormatException();
            }
            long n = Long.parseLong(t.substring(0, unitStart));
            long unit = switch (t.substring(unitStart).strip().toUpperCase(java.util.Locale.ROOT)) {
                case "", "B" -> 1;
                case "K", "KB" -> 1000;
                case "M", "MB" -> 1000_000;
                case "G", "GB" -> 1000_000_000;
                case "KIB" -> 1L << 10;
                case "MIB" -> 1L << 20;
                case "GIB" -> 1L << 30;
                default -> throw new NumberFormatException();
            };
            return Math.multiplyExact(n, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ConfigException("'" + text + "' is not a size (use 512KB, 100MB, 2GB, 1GiB, or bytes)");
        }
    }

    private static long size(JsonNode node, String key, long fallback) {
        JsonNode v = node.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return v.isIntegralNumber() ? v.asLong() : parseSize(v.asText());
        } catch (ConfigException e) {
            throw new ConfigException(key + ": " + e.getMessage(), e);
        }
    }

    /** "anyone", "users", or a list of user names. */
    private static Audience audience(JsonNode node, String key, Audience fallback) {
        JsonNode v = node.get(key);
        if (v == null) {
            return fallback;
        }
        if (v.isTextual()) {
            return switch (v.asText()) {
                case "anyone" -> Audience.ANYONE;
                case "users" -> Audience.USERS;
                default -> throw new ConfigException(key + ": '" + v.asText()
                        + "' is neither \"anyone\", \"users\" nor a list of user names");
            };
        }
        List<String> users = strings(node, key);
        for (String user : users) {
            if (!dev.pymirror.server.auth.UserName.isValid(user)) {
                throw new ConfigException(key + ": '" + user + "' is not a user name");
            }
        }
        return Audience.only(new java.util.LinkedHashSet<>(users));
    }

    private static List<String> strings(JsonNode node, String key) {
        JsonNode v = node.get(key);
        if (v == null || !v.isArray()) {
            throw new ConfigException("'" + key + "' must be a list of strings, such as [\"a\", \"b\"]");
        }
        List<String> out = new java.util.ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual()) {
                throw new ConfigException("'" + key + "' must be a list of strings, such as [\"a\", \"b\"]");
            }
            out.add(item.asText());
        }
        return out;
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
