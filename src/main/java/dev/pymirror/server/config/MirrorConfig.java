package dev.pymirror.server.config;

import dev.pymirror.upstream.RedactedUrl;
import java.net.URI;
import java.time.Duration;

/**
 * A caching proxy of an upstream index.
 *
 * @param name the index name (its URL path segment and its folder under the data directory)
 * @param upstream the upstream's simple index URL, ending in a slash
 * @param pageTtl how long a cached project page is served before it is revalidated upstream
 * @param connectTimeout how long to wait for the upstream to accept a connection
 * @param readTimeout how long to wait for the upstream's answer (and between chunks of a body)
 * @param read who may read (default: anyone)
 * @param pageTimeout how long a page may take from the request to its last byte
 * @param revalidateWait how long a client of a cached page waits for its revalidation before it is
 *     answered with the cached copy (STALE) while the revalidation goes on in the background
 * @param probeInterval how often an upstream remembered as down (it timed out) is asked again;
 *     meanwhile nothing waits for it
 * @param retention what the file cache keeps (default: everything)
 * @param keepDeleted cached files of a project the upstream quarantined, and those it stopped listing
 *     with a change of the project's status, are still served by their URL (default false: refused)
 * @param cooldown how old a file must be to be served (default: no cooldown)
 * @param prefetchDependencies once a wheel's metadata is kept or the wheel stored, the pages of the
 *     dependencies it declares (those not behind an {@code extra}) are fetched in the background, ahead of the
 *     client that asks for them next (default false: a page is fetched when a client asks)
 */
public record MirrorConfig(String name, URI upstream, Duration pageTtl, Duration connectTimeout, Duration readTimeout,
        Audience read, Duration pageTimeout, Duration revalidateWait, Duration probeInterval, RetentionPolicy retention,
        boolean keepDeleted, Cooldown cooldown, boolean prefetchDependencies) implements IndexConfig {

    public static final URI DEFAULT_UPSTREAM = URI.create("https://pypi.org/simple/");
    public static final Duration DEFAULT_PAGE_TTL = Duration.ofMinutes(5);
    // pip gives up on an answer after 15 s and asks again: the upstream's worst case (connect, then
    // the whole page) stays below that, so pip sees one 504 rather than several retries' worth of waits.
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_PAGE_TIMEOUT = Duration.ofSeconds(10);
    // A 304 from a healthy index comes well within this; longer, and a build pays it on every page
    // until the upstream's timeout opens the breaker. Waiting less costs only a STALE answer.
    public static final Duration DEFAULT_REVALIDATE_WAIT = Duration.ofMillis(250);
    public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofSeconds(10);

    public MirrorConfig {
        IndexConfig.checkName(name);
        if (read == null) {
            read = Audience.ANYONE;
        }
        upstream = normalizeUpstream(upstream);
        requirePositive("page-ttl", pageTtl, true);
        requirePositive("connect-timeout", connectTimeout, false);
        requirePositive("read-timeout", readTimeout, false);
        pageTimeout = pageTimeout == null ? DEFAULT_PAGE_TIMEOUT : pageTimeout;
        revalidateWait = revalidateWait == null ? DEFAULT_REVALIDATE_WAIT : revalidateWait;
        probeInterval = probeInterval == null ? DEFAULT_PROBE_INTERVAL : probeInterval;
        retention = retention == null ? RetentionPolicy.NONE : retention;
        cooldown = cooldown == null ? Cooldown.NONE : cooldown;
        requirePositive("page-timeout", pageTimeout, false);
        requirePositive("revalidate-wait", revalidateWait, true);
        requirePositive("probe-interval", probeInterval, false);
    }

    /**
     * A mirror that refuses what its upstream removed as malicious (keep-deleted = false), without a
     * cooldown, fetching a page when a client asks for it (prefetch-dependencies = false).
     */
    public MirrorConfig(String name, URI upstream, Duration pageTtl, Duration connectTimeout, Duration readTimeout,
            Audience read, Duration pageTimeout, Duration revalidateWait, Duration probeInterval,
            RetentionPolicy retention) {
        this(name, upstream, pageTtl, connectTimeout, readTimeout, read, pageTimeout, revalidateWait, probeInterval,
                retention, false, null, false);
    }

    /** A mirror that keeps every file it caches. */
    public MirrorConfig(String name, URI upstream, Duration pageTtl, Duration connectTimeout, Duration readTimeout,
            Audience read, Duration pageTimeout, Duration revalidateWait, Duration probeInterval) {
        this(name, upstream, pageTtl, connectTimeout, readTimeout, read, pageTimeout, revalidateWait, probeInterval,
                null);
    }

    /** A mirror with the default page timeout, revalidation wait and probe interval. */
    public MirrorConfig(String name, URI upstream, Duration pageTtl, Duration connectTimeout, Duration readTimeout,
            Audience read) {
        this(name, upstream, pageTtl, connectTimeout, readTimeout, read, null, null, null);
    }

    /** A mirror that anyone may read. */
    public MirrorConfig(String name, URI upstream, Duration pageTtl, Duration connectTimeout, Duration readTimeout) {
        this(name, upstream, pageTtl, connectTimeout, readTimeout, Audience.ANYONE);
    }

    public static MirrorConfig defaults(String name) {
        return new MirrorConfig(name, DEFAULT_UPSTREAM, DEFAULT_PAGE_TTL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT);
    }

    public MirrorConfig withUpstream(URI value) {
        return new MirrorConfig(name, value, pageTtl, connectTimeout, readTimeout, read, pageTimeout, revalidateWait,
                probeInterval, retention, keepDeleted, cooldown, prefetchDependencies);
    }

    public MirrorConfig withPageTtl(Duration value) {
        return new MirrorConfig(name, upstream, value, connectTimeout, readTimeout, read, pageTimeout, revalidateWait,
                probeInterval, retention, keepDeleted, cooldown, prefetchDependencies);
    }

    /** Sets the connect and read timeouts; the page timeout becomes the read timeout. */
    public MirrorConfig withTimeouts(Duration connect, Duration read) {
        return new MirrorConfig(name, upstream, pageTtl, connect, read, this.read, read, revalidateWait, probeInterval, retention,
                keepDeleted, cooldown, prefetchDependencies);
    }

    public MirrorConfig withRead(Audience value) {
        return new MirrorConfig(name, upstream, pageTtl, connectTimeout, readTimeout, value, pageTimeout,
                revalidateWait, probeInterval, retention, keepDeleted, cooldown, prefetchDependencies);
    }

    /** Sets how long a cached page's client waits for its revalidation, and how often a down upstream is probed. */
    public MirrorConfig withBreaker(Duration revalidateWait, Duration probeInterval) {
        return new MirrorConfig(name, upstream, pageTtl, connectTimeout, readTimeout, read, pageTimeout,
                revalidateWait, probeInterval, retention, keepDeleted, cooldown, prefetchDependencies);
    }

    public MirrorConfig withRetention(RetentionPolicy value) {
        return new MirrorConfig(name, upstream, pageTtl, connectTimeout, readTimeout, read, pageTimeout,
                revalidateWait, probeInterval, value, keepDeleted, cooldown, prefetchDependencies);
    }

    public MirrorConfig withCooldown(Cooldown value) {
        return new MirrorConfig(name, upstream, pageTtl, connectTimeout, readTimeout, read, pageTimeout,
                revalidateWait, probeInterval, retention, keepDeleted, value, prefetchDependencies);
    }

    public MirrorConfig withKeepDeleted(boolean value) {
        return new MirrorConfig(name, upstream, pageTtl, connectTimeout, readTimeout, read, pageTimeout,
                revalidateWait, probeInterval, retention, value, cooldown, prefetchDependencies);
    }

    public MirrorConfig withPrefetchDependencies(boolean value) {
        return new MirrorConfig(name, upstream, pageTtl, connectTimeout, readTimeout, read, pageTimeout,
                revalidateWait, probeInterval, retention, keepDeleted, cooldown, value);
    }

    @Override
    public String kind() {
        return "mirror";
    }

    /** An http(s) URL with a host, ending in a slash so project names resolve beneath it. */
    private static URI normalizeUpstream(URI upstream) {
        if (upstream == null) {
            throw new ConfigException("upstream URL is required");
        }
        String scheme = upstream.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || upstream.getHost() == null) {
            throw new ConfigException("upstream '" + RedactedUrl.of(upstream) + "' must be an http:// or https:// URL with a host");
        }
        String s = upstream.toString();
        return s.endsWith("/") ? upstream : URI.create(s + "/");
    }

    private static void requirePositive(String key, Duration d, boolean zeroAllowed) {
        if (d == null || d.isNegative() || (!zeroAllowed && d.isZero())) {
            throw new ConfigException(key + " must be a positive duration, not " + d);
        }
    }
}
