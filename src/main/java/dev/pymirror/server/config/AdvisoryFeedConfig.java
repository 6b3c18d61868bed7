package dev.pymirror.server.config;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * Where a server fetches OSV's PyPI data ({@code advisories-url}, an {@code all.zip} on an OSV
 * mirror) and how often it asks again ({@code advisories-refresh}).
 *
 * @param url http or https; may carry credentials, so it is only shown through RedactedUrl
 * @param refresh at least {@link #MIN_REFRESH}: an OSV mirror is not asked every few seconds
 */
public record AdvisoryFeedConfig(URI url, Duration refresh) {

    public static final Duration DEFAULT_REFRESH = Duration.ofHours(6);
    public static final Duration MIN_REFRESH = Duration.ofMinutes(1);

    /** @throws ConfigException naming the key whose value is unusable */
    public AdvisoryFeedConfig {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new ConfigException("advisories-url must be an http:// or https:// URL with a host");
        }
        if (refresh.compareTo(MIN_REFRESH) < 0) {
            throw new ConfigException("advisories-refresh must be at least 1m, not " + refresh.toSeconds() + "s");
        }
    }
}
