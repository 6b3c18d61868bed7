package dev.pymirror.server.config;

/**
 * How many connections the server takes: the listen backlog (connections the kernel completes and
 * holds until the server accepts them) and the most it serves at once.
 *
 * <p>A CI farm starting its builds together opens hundreds of connections in the same second. The
 * JVM's default backlog of 50 made the kernel drop the rest of such a burst, and each dropped
 * connection waits a second or more for its SYN to be sent again. The kernel caps the backlog at
 * {@code net.core.somaxconn} (4096 on current Linux), so a larger value here needs that raised too.
 * The cap on connections keeps the server from running out of file descriptors: at the cap it stops
 * accepting, new connections wait in the backlog, and idle ones are closed sooner to make room.
 *
 * @param backlog the listen backlog
 * @param maxConnections the most connections served at once
 */
public record ConnectionLimits(int backlog, int maxConnections) {

    public static final ConnectionLimits DEFAULTS = new ConnectionLimits(4096, 10_000);

    public ConnectionLimits {
        if (backlog < 1 || backlog > 65_535) {
            throw new ConfigException("backlog must be between 1 and 65535, not " + backlog);
        }
        if (maxConnections < 1) {
            throw new ConfigException("max-connections must be at least 1, not " + maxConnections);
        }
    }
}
