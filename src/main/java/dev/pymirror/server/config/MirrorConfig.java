package dev.pymirror.server.config;

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
 */
public record MirrorConfig(String name, URI upstream, Duration pageTtl, Duration connectTimeout, Duration readTimeout) {

    public static final URI DEFAULT_UPSTREAM = URI.create("https://pypi.org/simple/");
    public static final Duration DEFAULT_PAGE_TTL = Duration.ofMinutes(5);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

    public MirrorConfig {
        if (!IndexName.isValid(name)) {
            throw new ConfigException("index name '" + name + "' must be lower-case letters, digits and '-' or '_'");
        }
        upstream = normalizeUpstream(upstream);
        requirePositive("page-ttl", pageTtl, true);
        requirePositive("connect-timeout", connectTimeout, false);
        requirePositive("read-timeout", readTimeout, false);
    }

    public static MirrorConfig defaults(String name) {
        return new MirrorConfig(name, DEFAULT_UPSTREAM, DEFAULT_PAGE_TTL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT);
    }

    public MirrorConfig withUpstream(URI value) {
        return new MirrorConfig(name, value, pageTtl, connectTimeout, readTimeout);
    }

    public MirrorConfig withPageTtl(Duration value) {
        return new MirrorConfig(name, upstream, value, connectTimeout, readTimeout);
    }

    public MirrorConfig withTimeouts(Duration connect, Duration read) {
        return new MirrorConfig(name, upstream, pageTtl, connect, read);
    }

    /** An http(s) URL with a host, ending in a slash so project names resolve beneath it. */
    private static URI normalizeUpstream(URI upstream) {
        if (upstream == null) {
            throw new ConfigException("upstream URL is required");
        }
        String scheme = upstream.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || upstream.getHost() == null) {
            throw new ConfigException("upstream '" + upstream + "' must be an http:// or https:// URL with a host");
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
