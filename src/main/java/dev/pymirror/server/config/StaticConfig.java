package dev.pymirror.server.config;

import java.nio.file.Path;

/**
 * A directory holding a PEP 503 tree ({@code DIR/<project>/index.html} and the files), as
 * {@code pymirror sync} writes it, served read-only and read again when it changes.
 *
 * @param name the index name
 * @param read who may read (default: anyone)
 * @param path the tree's root: the folder holding one folder per project
 * @param cooldown how old a file must be to be served (default: no cooldown)
 */
public record StaticConfig(String name, Audience read, Path path, Cooldown cooldown) implements IndexConfig {

    public StaticConfig {
        IndexConfig.checkName(name);
        if (read == null) {
            read = Audience.ANYONE;
        }
        if (path == null) {
            throw new ConfigException("a static index needs a path: the folder holding the tree");
        }
        path = path.toAbsolutePath().normalize();
        cooldown = cooldown == null ? Cooldown.NONE : cooldown;
    }

    /** Without a cooldown. */
    public StaticConfig(String name, Audience read, Path path) {
        this(name, read, path, null);
    }

    public static StaticConfig of(String name, Path path) {
        return new StaticConfig(name, Audience.ANYONE, path);
    }

    public StaticConfig withRead(Audience value) {
        return new StaticConfig(name, value, path, cooldown);
    }

    public StaticConfig withCooldown(Cooldown value) {
        return new StaticConfig(name, read, path, value);
    }

    @Override
    public String kind() {
        return "static";
    }
}
