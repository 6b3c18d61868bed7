package dev.pymirror.upstream;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.proxy.ProxyRoute;
import dev.pymirror.simple.InvalidPageException;
import dev.pymirror.simple.PageCodec;
import dev.pymirror.simple.ProjectList;
import dev.pymirror.simple.ProjectPage;
import dev.pymirror.simple.SimpleFormat;
import dev.pymirror.tls.TlsFailure;
import dev.pymirror.upstream.UpstreamException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Another index that pymirror reads from: PyPI, another pymirror, devpi, or a static tree behind a
 * web server. Pages are asked for in PEP 691 JSON with HTML as the fallback, and read in whichever
 * of the two comes back. Every failure becomes an {@link UpstreamException} of a known kind.
 *
 * <p>Thread-safe; one instance serves every request to its upstream, each exchange on its caller's
 * thread ({@link UpstreamGet}), the connections kept alive by the JDK for all of them.
 */
public final class UpstreamIndex {

    /** How the JDK's blocking client says that a proxy would not open a tunnel (CONNECT) to an https:// upstream. */
    private static final Pattern TUNNEL_REFUSED = Pattern.compile("Unable to tunnel through proxy\\. Proxy returns"
            + " \"(HTTP/\\S+ (\\d{3})[^\"]*)\"");

    /** What pymirror accepts for a page: JSON preferred, either HTML form understood. */
    static final String PAGE_ACCEPT =
            "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01";

    /** No real project page comes near this; a larger answer is not an index page. */
    static final long MAX_PAGE_BYTES = 256L << 20;

    private final URI simpleUrl;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration pageTimeout;
    private final String userAgent;

    /** As the four-argument constructor, with a page's whole-answer limit of twice the read timeout. */
    public UpstreamIndex(URI simpleUrl, Duration connectTimeout, Duration readTimeout) {
        this(simpleUrl, connectTimeout, readTimeout, readTimeout.multipliedBy(2));
    }

    /**
     * Every read from the upstream is bounded: a connection by {@code connectTimeout}, the headers
     * of any answer and each silence within a body by {@code readTimeout}, and a page (headers and
     * body) as a whole by {@code pageTimeout}.
     *
     * @param simpleUrl the index's base URL, ending in a slash ({@code https://host/simple/})
     * @param connectTimeout how long to wait for a connection
     * @param readTimeout how long to wait for an answer, and for each further chunk of a body
     * @param pageTimeout how long a page may take from the request to its last byte
     */
    public UpstreamIndex(URI simpleUrl, Duration connectTimeout, Duration readTimeout, Duration pageTimeout) {
        this.simpleUrl = simpleUrl.toString().endsWith("/") ? simpleUrl : URI.create(simpleUrl + "/");
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.pageTimeout = pageTimeout;
        String version = UpstreamIndex.class.getPackage().getImplementationVersion();
        this.userAgent = "pymirror/" + (version == null ? "dev" : version);
    }

    public URI simpleUrl() {
        return simpleUrl;
    }

    /** The URL of a project's page: the base URL and the normalized name. */
    public URI projectUrl(ProjectName name) {
        return simpleUrl.resolve(name.normalized() + "/");
    }

    /**
     * Asks for a project's page, conditionally when validators from an earlier answer are given.
     * Relative file URLs in the page are resolved against the URL the page came from.
     *
     * @throws UpstreamException when the upstream cannot be reached, does not answer in time,
     *     answers with a failure status, or answers with something that is not an index page
     */
    public PageFetch<ProjectPage> fetchProjectPage(ProjectName name, Validators previous) throws UpstreamException {
        return fetch(projectUrl(name), previous, (codec, body, url) -> codec.readProjectPage(body, url));
    }

    /** Asks for the list of all projects (the index's root page), as {@link #fetchProjectPage}. */
    public PageFetch<ProjectList> fetchProjectList(Validators previous) throws UpstreamException {
        return fetch(simpleUrl, previous, (codec, body, url) -> codec.readProjectList(body, url));
    }

    /**
     * The index this URL was probably meant to be, asked after it answered 404 for {@code name}. An
     * upstream given as a server's root ({@code http://host:port/}) when the index is at
     * {@code <root>/simple/} answers 404 for every project, which reads as "no such project"
     * however real the project is. When the same project's page is at {@code simple/NAME/} below
     * this URL, that {@code simple/} is the index. Nothing is guessed for a URL that already ends
     * in {@code /simple/}, and an index whose root is the index answers for its projects itself, so
     * it never gets here for a project it has.
     *
     * @return the index URL to use instead, or empty when there is no sign of one
     */
    public Optional<URI> indexBelow(ProjectName name) {
        URI below = indexBelowUrl();
        if (below == null) {
            return Optional.empty();
        }
        try {
            return fetchProjectPage(below.resolve(name.normalized() + "/")) instanceof PageFetch.Fetched<ProjectPage>
                    ? Optional.of(below) : Optional.empty();
        } catch (UpstreamException e) {
            return Optional.empty();
        }
    }

    /** As {@link #indexBelow(ProjectName)}, after the project list answered 404: a list of projects at {@code simple/}. */
    public Optional<URI> indexBelow() {
        URI below = indexBelowUrl();
        if (below == null) {
            return Optional.empty();
        }
        try {
            return fetch(below, Validators.NONE, (codec, body, url) -> codec.readProjectList(body, url))
                    instanceof PageFetch.Fetched<ProjectList> f && !f.page().projects().isEmpty()
                    ? Optional.of(below) : Optional.empty();
        } catch (UpstreamException e) {
            return Optional.empty();
        }
    }

    /** What to say when {@link #indexBelow} found the index: this URL is not it, that one is. */
    public String notTheIndex(URI index) {
        return "the upstream " + RedactedUrl.of(simpleUrl) + " is not an index: its index is " + RedactedUrl.of(index)
                + ", which is the URL to give as the upstream (an index URL usually ends in /simple/)";
    }

    private URI indexBelowUrl() {
        String path = simpleUrl.getRawPath();
        return path == null || path.endsWith("/simple/") ? null : simpleUrl.resolve("simple/");
    }

    private PageFetch<ProjectPage> fetchProjectPage(URI url) throws UpstreamException {
        return fetch(url, Validators.NONE, (codec, body, pageUrl) -> codec.readProjectPage(body, pageUrl));
    }

    /** Reads a page body in one encoding; throws InvalidPageException for what is not a page. */
    private interface PageReader<T> {
        T read(PageCodec codec, String body, URI pageUrl);
    }

    private <T> PageFetch<T> fetch(URI url, Validators previous, PageReader<T> reader) throws UpstreamException {
        long deadline = System.nanoTime() + pageTimeout.toNanos();
        // Large pages compress tenfold; whatever coding comes back is decoded or refused.
        Map<String, String> headers = headers();
        headers.put("Accept", PAGE_ACCEPT);
        headers.put("Accept-Encoding", "gzip, deflate");
        if (previous.etag() != null) {
            headers.put("If-None-Match", previous.etag());
        }
        if (previous.lastModified() != null) {
            headers.put("If-Modified-Since", previous.lastModified());
        }
        UpstreamGet response = send(url, headers, pageTimeout.compareTo(readTimeout) < 0 ? pageTimeout : readTimeout);
        try (InputStream raw = response.body()) {
            int status = response.status();
            if (status == 304) {
                return new PageFetch.NotModified<>();
            }
            if (status == 404 || status == 410) {
                return new PageFetch.NotFound<>();
            }
            if (status != 200) {
                throw statusFailure(url, status);
            }
            String contentType = Optional.ofNullable(response.header("Content-Type")).orElse("");
            String coding = response.header("Content-Encoding");
            long declared = response.longHeader("Content-Length");
            // The body is bounded per read and as a whole: a page that stalls after its headers
            // would otherwise hold every client of that project until the upstream gives up.
            InputStream body = ContentCoding.decode(url, coding,
                    new GuardedBody(url, raw, response::abort, declared, readTimeout, deadline));
            byte[] bytes;
            try {
                bytes = readLimited(url, body, MAX_PAGE_BYTES, ContentCoding.isEncoded(coding) ? -1 : declared);
            } catch (UpstreamException e) {
                throw e;
            } catch (IOException e) {
                throw new UpstreamException(Kind.TRUNCATED, url, "the upstream's answer broke off: " + e.getMessage(), e);
            }
            T page = parse(url, response.uri(), contentType, bytes, reader);
            Validators validators = new Validators(response.header("ETag"), response.header("Last-Modified"));
            return new PageFetch.Fetched<>(page, validators);
        } catch (UpstreamException e) {
            throw e;
        } catch (IOException e) {
            throw classify(url, e);
        }
    }

    /**
     * Opens a file for reading. The returned stream fails with an {@link UpstreamException} of kind
     * TIMEOUT when no byte arrives for the read timeout, and TRUNCATED when the body ends early.
     *
     * @return empty when the upstream has no such file (404 or 410)
     */
    public Optional<UpstreamFile> openFile(URI url) throws UpstreamException {
        // As pip asks: the file's own bytes. An answer encoded anyway is decoded (its length is then
        // unknown) or refused, never stored as it came: the page's hashes are of the decoded file.
        Map<String, String> headers = headers();
        headers.put("Accept-Encoding", "identity");
        UpstreamGet response = send(url, headers, readTimeout);
        int status = response.status();
        if (status == 404 || status == 410) {
            response.discard();
            return Optional.empty();
        }
        if (status != 200) {
            response.discard();
            throw statusFailure(url, status);
        }
        long length = response.longHeader("Content-Length");
        String coding = response.header("Content-Encoding");
        InputStream body;
        try {
            body = ContentCoding.decode(url, coding, new GuardedBody(url, body(url, response), response::abort, length,
                    readTimeout));
        } catch (UpstreamException e) {
            response.abort();
            throw e;
        }
        return Optional.of(new UpstreamFile(url, ContentCoding.isEncoded(coding) ? -1 : length, body));
    }

    /**
     * Asks for part of a file with an HTTP Range header: {@code bytes=START-END} or the last bytes,
     * {@code bytes=-COUNT}. A server that honours ranges answers with just those bytes; one that
     * does not sends the whole file, which the answer says, so the caller can use it instead.
     *
     * @return empty when the upstream has no such file (404 or 410)
     * @throws UpstreamException as {@link #openFile}, and when a partial answer does not say which
     *     bytes it holds
     */
    public Optional<RangedFile> openRange(URI url, String range) throws UpstreamException {
        Map<String, String> headers = headers();
        headers.put("Range", range);
        headers.put("Accept-Encoding", "identity");
        UpstreamGet response = send(url, headers, readTimeout);
        int status = response.status();
        if (status == 404 || status == 410) {
            response.discard();
            return Optional.empty();
        }
        if (status != 200 && status != 206) {
            response.discard();
            throw statusFailure(url, status);
        }
        long length = response.longHeader("Content-Length");
        if (ContentCoding.isEncoded(response.header("Content-Encoding"))) {
            // Ranges of an encoded body are ranges of the compressed bytes: no use for reading a zip.
            response.abort();
            throw new UpstreamException(Kind.MALFORMED, url, "the upstream answered a range request in Content-Encoding '"
                    + response.header("Content-Encoding") + "'");
        }
        UpstreamFile file = new UpstreamFile(url, length, new GuardedBody(url, body(url, response), response::abort,
                length, readTimeout));
        if (status == 200) {
            return Optional.of(new RangedFile(file, false, 0, length));
        }
        // Content-Range: bytes START-END/TOTAL (TOTAL may be *)
        String contentRange = Optional.ofNullable(response.header("Content-Range")).orElse("");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)")
                .matcher(contentRange.trim());
        if (!m.matches()) {
            closeQuietly(file.body());
            throw new UpstreamException(Kind.MALFORMED, url, "the upstream's partial answer has no usable"
                    + " Content-Range: '" + contentRange + "'");
        }
        long total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
        return Optional.of(new RangedFile(file, true, Long.parseLong(m.group(1)), total));
    }

    /**
     * Fetches a small file whole (a PEP 658 metadata file).
     *
     * @return empty when the upstream has no such file
     */
    public Optional<byte[]> fetchSmall(URI url, long maxBytes) throws UpstreamException {
        Optional<UpstreamFile> file = openFile(url);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = file.get().body()) {
            return Optional.of(readLimited(url, in, maxBytes, file.get().length()));
        } catch (UpstreamException e) {
            throw e;
        } catch (IOException e) {
            throw classify(url, e);
        }
    }

    /** The headers every request carries, to add to. */
    private Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("User-Agent", userAgent);
        return headers;
    }

    private UpstreamGet send(URI url, Map<String, String> headers, Duration headersWithin) throws UpstreamException {
        try {
            return UpstreamGet.send(url, headers, connectTimeout, headersWithin);
        } catch (IOException e) {
            throw classify(url, e);
        } catch (IllegalArgumentException e) {
            throw new UpstreamException(Kind.MALFORMED, url, "not a URL pymirror can ask: " + e.getMessage(), e);
        }
    }

    private InputStream body(URI url, UpstreamGet response) throws UpstreamException {
        try {
            return response.body();
        } catch (IOException e) {
            response.abort();
            throw classify(url, e);
        }
    }

    private <T> T parse(URI url, URI finalUrl, String contentType, byte[] bytes, PageReader<T> reader)
            throws UpstreamException {
        if (looksBinary(bytes)) {
            throw new UpstreamException(Kind.MALFORMED, url, "the upstream's page is binary (compressed without"
                    + " a Content-Encoding saying so?), not an index page");
        }
        SimpleFormat format = SimpleFormat.fromMediaType(contentType).orElse(null);
        if (format == null) {
            // Some servers label JSON pages application/json, or label nothing: look at the body.
            format = looksLikeJson(bytes) ? SimpleFormat.JSON_V1 : SimpleFormat.HTML_V1;
        }
        try {
            return reader.read(format.codec(), new String(bytes, StandardCharsets.UTF_8), finalUrl);
        } catch (InvalidPageException e) {
            throw new UpstreamException(Kind.MALFORMED, url, "the upstream's page is not a valid index page: "
                    + e.getMessage(), e);
        }
    }

    /** gzip's magic number, or a NUL byte near the start: neither is in an HTML or JSON page. */
    private static boolean looksBinary(byte[] bytes) {
        if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0x1F && (bytes[1] & 0xFF) == 0x8B) {
            return true;
        }
        for (int i = 0, n = Math.min(bytes.length, 4096); i < n; i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean looksLikeJson(byte[] bytes) {
        for (byte b : bytes) {
            if (b == '{') {
                return true;
            }
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t' && b != (byte) 0xEF && b != (byte) 0xBB
                    && b != (byte) 0xBF) {
                return false;
            }
        }
        return false;
    }

    private static byte[] readLimited(URI url, InputStream in, long max, long declared) throws IOException {
        if (declared > max) {
            throw new UpstreamException(Kind.TOO_LARGE, url, "the upstream's answer is " + declared
                    + " bytes, more than the " + max + " accepted");
        }
        byte[] bytes = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 8));
        if (bytes.length > max) {
            throw new UpstreamException(Kind.TOO_LARGE, url, "the upstream's answer is more than the "
                    + max + " bytes accepted");
        }
        if (declared >= 0 && bytes.length < declared) {
            throw new UpstreamException(Kind.TRUNCATED, url, "the upstream's answer ended after "
                    + bytes.length + " of " + declared + " bytes");
        }
        return bytes;
    }

    private static UpstreamException statusFailure(URI url, int status) {
        if (status == 407) {
            return proxyRefused(url, proxyOf(url), 407, "HTTP 407", null);
        }
        return new UpstreamException(Kind.HTTP_STATUS, url, "the upstream answered HTTP " + status);
    }

    /**
     * A proxy's refusal, said as the proxy's and not the upstream's: a 407 (or a tunnel's 401, as
     * some proxies answer a wrong password) is about credentials, which the environment gave or not.
     *
     * @param answer what the proxy said, as the message quotes it
     */
    private static UpstreamException proxyRefused(URI url, Optional<InetSocketAddress> proxy, int status, String answer,
            Exception cause) {
        String named = proxy.map(p -> "the proxy " + shown(p)).orElse("a proxy");
        boolean credentialsGiven = proxy.isPresent() && ProxyRoute.credentials(proxy.get(), url).isPresent();
        String message;
        if ((status == 407 || status == 401) && credentialsGiven) {
            message = named + " refused the user and password its URL in the environment gives (" + answer
                    + "): check them in http_proxy or https_proxy";
        } else if (status == 407) {
            message = named + " asks for credentials (" + answer + "): give them in its URL"
                    + " (http://user:password@host:port in http_proxy or https_proxy), or let it admit this host";
        } else {
            message = named + " would not open a tunnel to the upstream (" + answer + ")";
        }
        return new UpstreamException(Kind.HTTP_STATUS, url, message, cause);
    }

    /**
     * The proxy the JDK sends {@code url} through ({@link ProxyRoute}): a connection that fails is
     * the proxy's then, and a user looks there first.
     */
    private static Optional<InetSocketAddress> proxyOf(URI url) {
        return ProxyRoute.of(url).map(p -> (InetSocketAddress) p.address());
    }

    private static String shown(InetSocketAddress proxy) {
        return proxy.getHostString() + ":" + proxy.getPort();
    }

    /** Names a transport failure by what a user can do about it. */
    UpstreamException classify(URI url, IOException e) {
        if (e instanceof UpstreamException u) {
            return u;
        }
        Optional<String> proxy = proxyOf(url).map(UpstreamIndex::shown);
        if (proxy.isPresent() && connecting(e)) {
            // The connection that failed was to the proxy, which reaches the upstream for us.
            Kind kind = e instanceof UpstreamGet.ConnectTimeout ? Kind.TIMEOUT
                    : e instanceof ConnectException ? Kind.REFUSED : Kind.UNREACHABLE;
            return new UpstreamException(kind, url,
                    "the proxy " + proxy.get() + " (from the environment's or the JDK's proxy settings) "
                            + (e instanceof UpstreamGet.ConnectTimeout ? "did not accept a connection within "
                                    + seconds(connectTimeout) : "could not be reached: " + e.getMessage()), e);
        }
        Optional<String> tls = TlsFailure.describe(e, "the upstream");
        if (tls.isPresent()) {
            return new UpstreamException(Kind.UNTRUSTED, url, tls.get(), e);
        }
        Matcher tunnel = TUNNEL_REFUSED.matcher(String.valueOf(e.getMessage()));
        if (tunnel.find()) {
            // Not the upstream closing: the proxy answered the CONNECT for an https:// upstream with a refusal.
            return proxyRefused(url, proxyOf(url), Integer.parseInt(tunnel.group(2)),
                    "it answered \"" + tunnel.group(1) + "\" to the tunnel's CONNECT", e);
        }
        if (e instanceof UpstreamGet.ConnectTimeout) {
            // For https:// the JDK's connect includes the TLS handshake, which a server that does not
            // speak TLS on that port may leave unanswered.
            return new UpstreamException(Kind.TIMEOUT, url, "the upstream did not accept a connection"
                    + ("https".equalsIgnoreCase(url.getScheme()) ? " (or finish the TLS handshake)" : "") + " within "
                    + seconds(connectTimeout), e);
        }
        if (e instanceof SocketTimeoutException) {
            // Only the headers are read here: a body's silence is GuardedBody's to report.
            return new UpstreamException(Kind.TIMEOUT, url, "the upstream did not answer within "
                    + seconds(readTimeout), e);
        }
        if (e instanceof InterruptedIOException) {
            return new UpstreamException(Kind.TIMEOUT, url, "the upstream stopped sending for "
                    + seconds(readTimeout), e);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return new UpstreamException(Kind.UNREACHABLE, url, "the upstream's host name does not resolve", e);
            }
            if (t instanceof NoRouteToHostException) {
                return new UpstreamException(Kind.UNREACHABLE, url, "there is no route to the upstream's host", e);
            }
        }
        if (e instanceof ConnectException) {
            return new UpstreamException(Kind.REFUSED, url, "the upstream refused the connection", e);
        }
        return new UpstreamException(Kind.REFUSED, url, "the upstream closed the connection: " + e.getMessage(), e);
    }

    /** True for a failure to open the connection, before any byte of the exchange. */
    private static boolean connecting(IOException e) {
        if (e instanceof UpstreamGet.ConnectTimeout || e instanceof ConnectException) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException) {
                return true;
            }
        }
        return false;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // Releasing a connection we no longer need.
        }
    }
}
