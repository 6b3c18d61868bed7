package dev.pymirror.use;

import dev.pymirror.inject.IndexUrl;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * The server and index the clients are pointed at.
 *
 * @param server the server's root URL, ending with {@code /}
 * @param index the index's name, or empty for the server's default index
 */
public record UseTarget(URI server, Optional<String> index) {

    /**
     * Checks what the user gave.
     *
     * @throws IllegalArgumentException for a URL that is not http(s), carries credentials, or an
     *     index name no server has
     */
    public static UseTarget of(String url, String index) {
        IndexUrl parsed = IndexUrl.parse(url, "URL");
        URI uri = parsed.uri();
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("URL must be a server's http or https URL, not '" + url + "'");
        }
        if (uri.getRawUserInfo() != null) {
            // The files written are read by the user's every program, and may be by others.
            throw new IllegalArgumentException("URL carries credentials: give them to the client instead"
                    + " (pip's keyring or ~/.netrc, TWINE_USERNAME and TWINE_PASSWORD), not to files use writes");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("URL must be the server's root URL, without '?' or '#': '" + url + "'");
        }
        if (index != null && !index.matches("[a-z0-9][a-z0-9_-]{0,63}")) {
            throw new IllegalArgumentException("--index '" + index + "' is not an index name (lower-case letters,"
                    + " digits, '-' and '_')");
        }
        String text = uri.toString();
        return new UseTarget(URI.create(text.endsWith("/") ? text : text + "/"), Optional.ofNullable(index));
    }

    /** Where installers read the index: {@code <server>simple/} or {@code <server><index>/simple/}. */
    public String indexUrl() {
        return server + index.map(i -> i + "/").orElse("") + "simple/";
    }

    /** Where twine uploads: the index's root ({@code <server>} for the default index). */
    public String uploadUrl() {
        return server + index.map(i -> i + "/").orElse("");
    }

    /** The {@code host[:port]} pip must trust for a plain-http server; empty for https. */
    public Optional<String> trustedHost() {
        return IndexUrl.parse(indexUrl(), "URL").trustedHost();
    }
}
