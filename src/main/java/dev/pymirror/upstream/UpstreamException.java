package dev.pymirror.upstream;

import java.io.IOException;
import java.net.URI;

/**
 * The upstream failed to give what was asked. {@link #kind()} says how, so that callers can choose
 * between serving from their cache and answering 502 or 504; the message names the URL and the
 * problem in words fit for a log line or an error page (the URL without its credentials, see
 * {@link RedactedUrl}).
 */
public final class UpstreamException extends IOException {

    /** How the upstream failed. */
    public enum Kind {
        /** Nothing listens there: connection refused or reset before an answer. */
        REFUSED,
        /** The host name does not resolve, or there is no route to it. */
        UNREACHABLE,
        /** No connection, answer or next chunk within the configured time. */
        TIMEOUT,
        /** An answer with a status that means failure (5xx, or a 4xx other than not-found). */
        HTTP_STATUS,
        /** An answer that is not what was asked for: a page that is no index page. */
        MALFORMED,
        /** The body ended before it was complete. */
        TRUNCATED,
        /** The bytes do not match the size or hash the index stated for them. */
        HASH_MISMATCH,
        /** The body is larger than pymirror accepts for its kind. */
        TOO_LARGE,
        /** The TLS handshake failed: a certificate no trusted authority signed, or one for another host. */
        UNTRUSTED;

        /** True for failures that a gateway reports as 504 (no timely answer) rather than 502. */
        public boolean isTimeout() {
            return this == TIMEOUT;
        }
    }

    private final Kind kind;
    private final URI url;

    public UpstreamException(Kind kind, URI url, String problem) {
        // The message reaches error pages, headers and logs: never the credentials in the URL.
        super(problem + " (" + RedactedUrl.of(url) + ")");
        this.kind = kind;
        this.url = url;
    }

    public UpstreamException(Kind kind, URI url, String problem, Throwable cause) {
        this(kind, url, problem);
        initCause(cause);
    }

    public Kind kind() {
        return kind;
    }

    public URI url() {
        return url;
    }
}
