package dev.pymirror.upstream;

import dev.pymirror.tls.ClientTls;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLException;

/**
 * One GET to an upstream, with the JDK's blocking HTTP/1.1 client ({@link HttpURLConnection}):
 * its status, the URL it finally came from, its headers and its body. Redirects are followed as
 * the JDK's asynchronous client followed them (to anywhere but from https to http), at most
 * {@value #MOST_REDIRECTS}; connections are kept alive and reused.
 *
 * <p>Why not {@code java.net.http.HttpClient}, which pymirror used before: each of its exchanges
 * goes through a selector thread, a worker thread and layers of futures before the caller has its
 * answer, and a mirror's cold path is such exchanges, most of them in a server too freshly started
 * for that code to be compiled. With this one, a fresh page through a warm mirror costs 1.4 to 1.7
 * ms beyond nginx's own time (2.0 before), a fresh 8 MB file 10 ms (28 to 31), the start-up 0.37 s
 * (0.45: the old client's TLS context was made at start), and a freshly started server adds 0.29 s
 * to pip's run (0.39); BENCHMARKS.md, "The upstream on a blocking client". HTTP/2 is not spoken:
 * pip and uv ask the same indexes over HTTP/1.1.
 *
 * <p>Timeouts: {@code connectTimeout} for a connection, and {@code readTimeout} for the headers
 * and for every silence in the body after them (the socket's own timeout, which {@link GuardedBody}
 * reports as the silence it is).
 */
final class UpstreamGet {

    static final int MOST_REDIRECTS = 10;
    private static final String POOL_PROPERTY = "http.maxConnections";

    static {
        // The JDK keeps 5 idle connections per server by default: a sync of 8 jobs, or a server's
        // concurrent cold requests, would open a new one (a TLS handshake to a public index) for
        // every request beyond. A value the user set stands.
        if (System.getProperty(POOL_PROPERTY) == null) {
            System.setProperty(POOL_PROPERTY, "64");
        }
    }

    private final HttpURLConnection connection;
    private final URI uri;
    private final int status;

    private UpstreamGet(HttpURLConnection connection, URI uri, int status) {
        this.connection = connection;
        this.uri = uri;
        this.status = status;
    }

    /**
     * Sends the GET and waits for its answer's headers, following redirects.
     *
     * @throws SocketTimeoutException as {@link ConnectTimeout} when no connection was accepted in
     *     time, and as itself when the headers did not come in time
     * @throws IOException for any other failure to connect or read the headers
     */
    static UpstreamGet send(URI url, Map<String, String> headers, Duration connectTimeout, Duration readTimeout)
            throws IOException {
        URI at = url;
        for (int redirects = 0; ; redirects++) {
            if (!"http".equalsIgnoreCase(at.getScheme()) && !"https".equalsIgnoreCase(at.getScheme())) {
                throw new java.net.MalformedURLException("only http and https URLs are asked, not " + at.getScheme());
            }
            HttpURLConnection c = (HttpURLConnection) at.toURL().openConnection();
            if (c instanceof HttpsURLConnection tls) {
                try {
                    ClientTls.socketFactory().ifPresent(tls::setSSLSocketFactory);
                } catch (GeneralSecurityException e) {
                    throw new SSLException("no TLS context: " + e.getMessage(), e);
                }
            }
            c.setInstanceFollowRedirects(false);
            c.setUseCaches(false);
            c.setConnectTimeout(Math.toIntExact(Math.max(1, connectTimeout.toMillis())));
            c.setReadTimeout(Math.toIntExact(Math.max(1, readTimeout.toMillis())));
            headers.forEach(c::setRequestProperty);
            try {
                c.connect();
            } catch (SocketTimeoutException e) {
                throw new ConnectTimeout(e);
            }
            int status = c.getResponseCode();
            String location = c.getHeaderField("Location");
            URI next = isRedirect(status) && location != null ? resolve(at, location) : null;
            if (next == null || redirects == MOST_REDIRECTS
                    || ("https".equalsIgnoreCase(at.getScheme()) && !"https".equalsIgnoreCase(next.getScheme()))) {
                return new UpstreamGet(c, at, status);
            }
            new UpstreamGet(c, at, status).discard();
            at = next;
        }
    }

    /** A connection the upstream did not accept within the connect timeout. */
    static final class ConnectTimeout extends SocketTimeoutException {
        ConnectTimeout(SocketTimeoutException cause) {
            super(cause.getMessage());
            initCause(cause);
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** {@code location} against {@code base}, or null when it is no URL. */
    private static URI resolve(URI base, String location) {
        try {
            URI next = base.resolve(location.strip());
            return next.getScheme() != null && (next.getScheme().equalsIgnoreCase("http")
                    || next.getScheme().equalsIgnoreCase("https")) ? next : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The answer's status, read with its headers. */
    int status() {
        return status;
    }

    /** The URL the answer came from, after redirects. */
    URI uri() {
        return uri;
    }

    /** The header's value, or null. */
    String header(String name) {
        return connection.getHeaderField(name);
    }

    /** The header's value as a number, or -1 when it is missing or no number. */
    long longHeader(String name) {
        String value = header(name);
        try {
            return value == null ? -1 : Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The body (empty for one there is none of); closing it keeps the connection for reuse once read whole. */
    InputStream body() throws IOException {
        InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        return in == null ? InputStream.nullInputStream() : in;
    }

    /**
     * Ends the exchange at once from any thread, a read blocked in it included: the connection is
     * closed, not reused. (Closing the body waits for a reader inside it.)
     */
    void abort() {
        connection.disconnect();
    }

    /** Reads a little of the body to keep the connection, else drops it: for an answer not wanted. */
    void discard() {
        try (InputStream in = body()) {
            if (in.skip(64 * 1024) >= 64 * 1024 && in.read() >= 0) {
                abort();
            }
        } catch (IOException e) {
            abort();
        }
    }
}
