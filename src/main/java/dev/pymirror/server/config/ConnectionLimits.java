package dev.pymirror.server.config;

import java.time.Duration;

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
 * One client address may hold only part of the cap: else a single host (a runaway script, a
 * slow-connection attack) could take every place and leave the rest of the farm waiting.
 *
 * @param backlog the listen backlog
 * @param maxConnections the most connections served at once
 * @param maxPerAddress the most connections open at once from one client address (an IPv6 client's
 *     /64); more are closed as they arrive. Behind a proxy every client has the proxy's address.
 * @param drain how long a stop (SIGTERM) lets the requests in flight finish once the server has
 *     stopped accepting connections: a node restarted behind a balancer cuts no download. Zero
 *     stops at once.
 */
public record ConnectionLimits(int backlog, int maxConnections, int maxPerAddress, Duration drain) {

    /** Connections one client address may hold by default: far more than a build's parallel downloads. */
    public static final int DEFAULT_PER_ADDRESS = 256;

    /**
     * What a stop waits for requests in flight by default: a 50 MB wheel leaves in well under a
     * second on a local network, and systemd's unit waits longer than this (TimeoutStopSec).
     */
    public static final Duration DEFAULT_DRAIN = Duration.ofSeconds(10);

    public static final ConnectionLimits DEFAULTS = new ConnectionLimits(4096, 10_000, DEFAULT_PER_ADDRESS, DEFAULT_DRAIN);

    /** With the default limit per address. */
    public ConnectionLimits(int backlog, int maxConnections) {
        this(backlog, maxConnections, DEFAULT_PER_ADDRESS);
    }

    /** With the default drain time. */
    public ConnectionLimits(int backlog, int maxConnections, int maxPerAddress) {
        this(backlog, maxConnections, maxPerAddress, DEFAULT_DRAIN);
    }

    public ConnectionLimits {
        if (maxPerAddress < 1) {
            throw new ConfigException("max-connections-per-address must be at least 1, not " + maxPerAddress);
        }
        if (backlog < 1 || backlog > 65_535) {
            throw new ConfigException("backlog must be between 1 and 65535, not " + backlog);
        }
        if (maxConnections < 1) {
            throw new ConfigException("max-connections must be at least 1, not " + maxConnections);
        }
        if (drain == null) {
            drain = DEFAULT_DRAIN;
        }
        if (drain.isNegative()) {
            throw new ConfigException("drain-timeout must not be negative, not " + drain);
        }
    }
}
