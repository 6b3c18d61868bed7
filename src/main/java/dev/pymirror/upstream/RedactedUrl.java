package dev.pymirror.upstream;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An upstream URL as it may be shown or logged: without the credentials an operator may have put in
 * it ({@code https://user:token@host/simple/}, {@code ?token=...}, a signed URL's signature). Those
 * URLs reach error pages, response headers, {@code /health} and log lines, which are read by
 * people who must not get the upstream's password.
 */
public final class RedactedUrl {

    /** What stands in for a secret. */
    static final String HIDDEN = "***";

    /** Query parameter names whose values are credentials (S3 and CDN signatures included). */
    private static final Pattern SECRET_NAME = Pattern.compile(
            "token|key|secret|pass|pwd|auth|sig|credential|session", Pattern.CASE_INSENSITIVE);

    private RedactedUrl() {}

    /** {@code url} with its user information and secret-looking query values replaced. */
    public static String of(URI url) {
        return url == null ? "null" : of(url.toString());
    }

    /**
     * {@code url} with its user information and secret-looking query values replaced; text that is
     * no URL is returned as it is, less anything before an {@code @} in what would be its authority.
     */
    public static String of(String url) {
        if (url == null) {
            return "null";
        }
        String out = url;
        int scheme = out.indexOf("://");
        if (scheme > 0) {
            int authorityStart = scheme + 3;
            int authorityEnd = authorityStart;
            while (authorityEnd < out.length() && "/?#".indexOf(out.charAt(authorityEnd)) < 0) {
                authorityEnd++;
            }
            int at = out.lastIndexOf('@', authorityEnd - 1);
            if (at >= authorityStart) {
                out = out.substring(0, authorityStart) + HIDDEN + out.substring(at);
            }
        }
        int query = out.indexOf('?');
        if (query < 0) {
            return out;
        }
        int fragment = out.indexOf('#', query);
        String tail = fragment < 0 ? "" : out.substring(fragment);
        String[] pairs = out.substring(query + 1, fragment < 0 ? out.length() : fragment).split("&", -1);
        StringBuilder redacted = new StringBuilder(out.substring(0, query + 1));
        for (int i = 0; i < pairs.length; i++) {
            String pair = pairs[i];
            int eq = pair.indexOf('=');
            if (eq > 0 && SECRET_NAME.matcher(pair.substring(0, eq).toLowerCase(Locale.ROOT)).find()) {
                pair = pair.substring(0, eq + 1) + HIDDEN;
            }
            redacted.append(i == 0 ? "" : "&").append(pair);
        }
        return redacted.append(tail).toString();
    }
}
