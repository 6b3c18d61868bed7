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
 * @param readTimeout how long to wait for the upstream's answer (and between chunks of a file)
 * @param read who may read (default: anyone)
 */
public record MirrorConfig(String name, URI upstream, Duration pageTtl, Duration connectTimeout, Duration readTimeout,
        Audience read) implements IndexConfig {

    public static final URI DEFAULT_UPSTREAM = URI.create("https://pypi.org/simple/");
    public static final Duration DEFAULT_PAGE_TTL = Duration.ofMinutes(5);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

    public MirrorConfig {
        IndexConfig.checkName(name);
        if (read == null) {
            read = Audience.ANYONE;
        }
        upstream = normalizeUpstream(upstream);
        requirePositive("page-ttl", pageTtl, true);
        requirePositive("connect-timeout", connectTimeout, false);
        requirePositive("read-timeout", readTimeout, false);
    }

    /** A mirror that anyone may read. */
    public MirrorConfig(String name, URI upstream, Duration pageTtl, Duration connectTimeout, Duration readTimeout) {
        this(name, upstream, pageTtl, connectTimeout, readTimeout, Audience.ANYONE);
    }

    public static MirrorConfig defaults(String name) {
        return new MirrorConfig(name, DEFAULT_UPSTREAM, DEFAULT_PAGE_TTL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT);
    }

    public MirrorConfig withUpstream(URI value) {
        return new MirrorConfig(name, value, pageTtl, connectTimeout, readTimeout, read);
    }

    public MirrorConfig withPageTtl(Duration value) {
        return new MirrorConfig(name, upstream, value, connectTimeout, readTimeout, read);
    }

    public MirrorConfig withTimeouts(Duration connect, Duration read) {
        return new MirrorConfig(name, upstream, pageTtl, connect, read, this.read);
    }

    public MirrorConfig withRead(Audience value) {
        return new MirrorConfig(name, upstream, pageTtl, connectTimeout, readTimeout, value);
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
