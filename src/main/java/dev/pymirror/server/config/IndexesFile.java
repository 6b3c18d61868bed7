package dev.pymirror.server.config;

import dev.pymirror.store.FileLock;
import dev.pymirror.store.StagedFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The indexes that {@code pymirror index create} made: {@code <data>/indexes.toml}, in the same
 * {@code [index.<name>]} format as the configuration file, so an index can be moved from one to the
 * other by copying its table. The server serves them after the configuration's own indexes; a name
 * in both is an error. Changes hold a lock file and replace the file atomically; a running server
 * reads it at start.
 */
public final class IndexesFile {

    public static final String FILE = "indexes.toml";

    private IndexesFile() {}

    /** The indexes in {@code dataDir}'s file; none when it does not exist. */
    public static Map<String, IndexConfig> read(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return ConfigFile.parseIndexes(text, dataDir);
        } catch (ConfigException e) {
            throw new ConfigException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Changes the file under its lock: {@code change} gets the indexes it holds now and returns
     * what it should hold.
     */
    @SuppressWarnings("try") // the lock is held by being open
    public static void update(Path dataDir, UnaryOperator<Map<String, IndexConfig>> change) throws IOException {
        try (FileLock lock = FileLock.acquire(dataDir.resolve(FILE + ".lock"))) {
            Map<String, IndexConfig> next = change.apply(new LinkedHashMap<>(read(dataDir)));
            byte[] bytes = toToml(next.values()).getBytes(StandardCharsets.UTF_8);
            try (StagedFile f = StagedFile.create(dataDir.resolve(FILE))) {
                f.write(bytes, 0, bytes.length);
                f.publish(null, bytes.length);
            }
        }
    }

    /** The indexes as TOML tables that {@link ConfigFile} reads back to equal configurations. */
    public static String toToml(Collection<? extends IndexConfig> indexes) {
        StringBuilder out = new StringBuilder("# Indexes made by `pymirror index create`; same format as the"
                + " configuration file.\n");
        for (IndexConfig index : indexes) {
            out.append("\n[index.").append(index.name()).append("]\n");
            line(out, "kind", quote(index.kind()));
            line(out, "read", audience(index.read()));
            switch (index) {
                case MirrorConfig m -> {
                    line(out, "upstream", quote(m.upstream().toString()));
                    line(out, "page-ttl", quote(m.pageTtl().toString()));
                    line(out, "connect-timeout", quote(m.connectTimeout().toString()));
                    line(out, "read-timeout", quote(m.readTimeout().toString()));
                    line(out, "page-timeout", quote(m.pageTimeout().toString()));
                    line(out, "revalidate-wait", quote(m.revalidateWait().toString()));
                    line(out, "probe-interval", quote(m.probeInterval().toString()));
                    RetentionPolicy r = m.retention();
                    if (r.maxCacheSize() > 0) {
                        line(out, "max-cache-size", Long.toString(r.maxCacheSize()));
                    }
                    if (r.maxUnusedAge() != null) {
                        line(out, "max-unused-age", quote(r.maxUnusedAge().toString()));
                    }
                    if (r.keepVersions() > 0) {
                        line(out, "keep-versions", Integer.toString(r.keepVersions()));
                    }
                    line(out, "prune-interval", quote(r.interval().toString()));
                    if (m.keepDeleted()) {
                        line(out, "keep-deleted", "true");
                    }
                    if (m.prefetchDependencies()) {
                        line(out, "prefetch-dependencies", "true");
                    }
                }
                case HostedConfig h -> {
                    line(out, "upload", audience(h.upload()));
                    line(out, "max-upload", Long.toString(h.maxUploadBytes()));
                }
                case StaticConfig s -> line(out, "path", quote(s.path().toString()));
                case GroupConfig g -> {
                    line(out, "members", list(g.members()));
                    line(out, "mix", list(new java.util.TreeSet<>(g.mix())));
                }
            }
            if (index.cooldown().holdsBack()) {
                line(out, "min-age", quote(index.cooldown().minAge().toString()));
                line(out, "min-age-exempt", list(new java.util.TreeSet<>(index.cooldown().exempt())));
            }
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String key, String value) {
        out.append(key).append(" = ").append(value).append('\n');
    }

    private static String audience(Audience a) {
        return switch (a.kind()) {
            case ANYONE -> quote("anyone");
            case USERS -> quote("users");
            case LISTED -> list(new java.util.TreeSet<>(a.users()));
        };
    }

    private static String list(Collection<String> items) {
        return "[" + String.join(", ", items.stream().map(IndexesFile::quote).toList()) + "]";
    }

    /** A TOML basic string. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
