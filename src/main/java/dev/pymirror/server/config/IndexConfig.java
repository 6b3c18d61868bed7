package dev.pymirror.server.config;

/**
 * One index of the server, served at {@code /<name>/simple/}: its kind and settings.
 *
 * <ul>
 *   <li>{@link MirrorConfig}: a caching proxy of an upstream index;</li>
 *   <li>{@link HostedConfig}: packages uploaded to this server;</li>
 *   <li>{@link StaticConfig}: a directory holding a PEP 503 tree, served read-only;</li>
 *   <li>{@link GroupConfig}: an ordered list of other indexes, each project owned by one.</li>
 * </ul>
 */
public sealed interface IndexConfig permits MirrorConfig, HostedConfig, StaticConfig, GroupConfig {

    /** The index name: its URL path segment and its folder under the data directory. */
    String name();

    /** Who may read its pages and files. */
    Audience read();

    /** How old a file must be to be served ({@code min-age}, {@code min-age-exempt}). */
    Cooldown cooldown();

    /** The kind as the configuration names it: mirror, hosted, static or group. */
    String kind();

    /** Checks an index name, the same way for every kind. */
    static void checkName(String name) {
        if (!IndexName.isValid(name)) {
            throw new ConfigException("index name '" + name + "' must be lower-case letters, digits and '-' or '_'"
                    + " (not starting with '-' or '_', at most 64 characters, and not 'simple', 'files' or 'health')");
        }
    }
}
