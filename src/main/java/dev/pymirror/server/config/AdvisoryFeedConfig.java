package dev.pymirror.server.config;

import dev.pymirror.upstream.RedactedUrl;
import java.net.URI;
import java.net.URISyntaxException;
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
        checkUrl(url);
        if (refresh.compareTo(MIN_REFRESH) < 0) {
            throw new ConfigException("advisories-refresh must be at least 1m, not " + refresh.toSeconds() + "s");
        }
    }

    /**
     * An {@code advisories-url} (or {@code advisories import --url}) as given.
     *
     * @throws ConfigException when it is no http or https URL; the message shows it without credentials
     */
    public static URI url(String text) {
        URI url;
        try {
            url = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new ConfigException("advisories-url is not a URL: " + RedactedUrl.of(text), e);
        }
        checkUrl(url);
        return url;
    }

    private static void checkUrl(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new ConfigException("advisories-url must be an http:// or https:// URL with a host, not "
                    + RedactedUrl.of(url));
        }
    }
}
