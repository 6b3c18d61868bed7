package dev.pymirror.server.guard;

import dev.pymirror.advisories.AdvisoryException;
import dev.pymirror.advisories.AdvisoryStore;
import dev.pymirror.advisories.ImportReport;
import dev.pymirror.tls.TlsFailure;
import dev.pymirror.upstream.HttpClients;
import dev.pymirror.upstream.RedactedUrl;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OSV's PyPI {@code all.zip} fetched from a URL into a staged file beside the store, then imported
 * by the store's own all-or-nothing import. Asked again with the last complete download's
 * {@code ETag} and {@code Last-Modified}: an unchanged archive is answered 304 and not imported again.
 * The validators are those of the last archive read to its end, imported or not: a damaged archive
 * is not fetched (and reported) again until the mirror has another one. They are kept with the store
 * ({@link FeedValidators}), so that a restarted server asks with them too.
 */
public final class OsvDownload {

    private static final Logger LOG = LoggerFactory.getLogger(OsvDownload.class);

    /** OSV's PyPI archive is tens of megabytes; far more is a wrong URL or a hostile server. */
    public static final long MAX_BYTES = 1L << 30;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** Until the response headers arrive. */
    static final Duration RESPONSE_TIMEOUT = Duration.ofMinutes(2);
    /** The whole body: the client has no timeout for a body that stalls, and the feed's thread must go on. */
    static final Duration BODY_TIMEOUT = Duration.ofMinutes(30);
    /** A staged download this old was left by a process that died while importing it. */
    private static final Duration ABANDONED = Duration.ofDays(1);

    static final int MAX_REDIRECTS = 5;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    /** How a failure this class decided on starts (its message names no URL). */
    private static final String REFUSED = "refused: ";
    private static final String STAGED_PREFIX = "download-";

    private final URI url;
    private final HttpClient http;
    private final long maxBytes;
    private final Duration bodyTimeout;
    /** Read from the store on the first fetch, then those of each complete download. */
    private FeedValidators validators;

    public OsvDownload(URI url) {
        this(url, MAX_BYTES, BODY_TIMEOUT);
    }

    OsvDownload(URI url, long maxBytes, Duration bodyTimeout) {
        this.bodyTimeout = bodyTimeout;
        this.url = url;
        this.maxBytes = maxBytes;
        this.http = HttpClients.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The URL as it may be shown. */
    public String shownUrl() {
        return RedactedUrl.of(url);
    }

    /**
     * Fetches the archive and imports it into {@code store}.
     *
     * @return the import, or empty when the archive is unchanged since the last complete download
     * @throws IOException when the URL cannot be fetched, answers an error or sends too much
     * @throws AdvisoryException when the archive cannot be imported; the store is then as it was
     */
    public synchronized Optional<ImportReport> fetchInto(AdvisoryStore store, Clock clock)
            throws IOException, AdvisoryException {
        if (validators == null) {
            validators = FeedValidators.read(store, url);
        }
        HttpResponse<InputStream> response;
        try {
            response = send();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (IOException e) {
            if (e.getCause() == null && e.getMessage() != null && e.getMessage().startsWith(REFUSED)) {
                throw e;
            }
            Optional<String> tls = TlsFailure.describe(e, "the advisories URL");
            if (tls.isPresent()) {
                throw new IOException("cannot fetch: " + tls.get(), e);
            }
            // The client's messages may repeat the URL: say only what kind of failure it was.
            throw new IOException("cannot fetch: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + RedactedUrl.of(e.getMessage())), e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() == 304 && !validators.isEmpty()) {
                return Optional.empty();
            }
            if (response.statusCode() != 200) {
                throw new IOException("the server answered " + response.statusCode());
            }
            Path dir = store.file().getParent();
            Files.createDirectories(dir);
            sweepAbandoned(dir, clock);
            Path staged = Files.createTempFile(dir, STAGED_PREFIX, ".zip");
            AtomicBoolean copied = new AtomicBoolean();
            AtomicBoolean timedOut = new AtomicBoolean();
            CompletableFuture.runAsync(() -> {
                if (!copied.get()) {
                    timedOut.set(true);
                    closeQuietly(body); // the read in copy() then fails
                }
            }, CompletableFuture.delayedExecutor(bodyTimeout.toMillis(), TimeUnit.MILLISECONDS));
            try {
                try {
                    copy(body, staged);
                } catch (IOException e) {
                    throw timedOut.get() ? new IOException("the archive took longer than " + bodyTimeout.toMillis()
                            + " ms to arrive", e) : e;
                } finally {
                    copied.set(true);
                }
                validators = new FeedValidators(response.headers().firstValue("ETag").orElse(null),
                        response.headers().firstValue("Last-Modified").orElse(null));
                ImportReport imported = store.importFrom(staged, clock);
                keep(store);
                return Optional.of(imported);
            } catch (AdvisoryException e) {
                keep(store); // a damaged archive is not fetched again after a restart either
                // Said of the archive, not of a file of this machine: the message is shown in /health.
                throw new AdvisoryException(e.getMessage().replace(staged.getFileName().toString(), "the archive")
                        .replace(dir.toString(), "the data directory"), e);
            } finally {
                Files.deleteIfExists(staged);
            }
        }
    }

    /**
     * GETs the archive, following up to {@link #MAX_REDIRECTS} redirects by hand: the URL's
     * credentials (sent as Basic authentication, as pip does) go to its own origin only, and a
     * redirect from https to http is refused.
     */
    private HttpResponse<InputStream> send() throws IOException, InterruptedException {
        URI at = withoutUserInfo(url);
        String authorization = url.getRawUserInfo() == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                URLDecoder.decode(url.getRawUserInfo(), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
        for (int hops = 0; ; hops++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(at).timeout(RESPONSE_TIMEOUT).GET();
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            if (validators.etag() != null) {
                request.header("If-None-Match", validators.etag());
            }
            if (validators.lastModified() != null) {
                request.header("If-Modified-Since", validators.lastModified());
            }
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            Optional<String> location = response.headers().firstValue("Location");
            if (!REDIRECTS.contains(response.statusCode()) || location.isEmpty()) {
                return response;
            }
            response.body().close();
            if (hops == MAX_REDIRECTS) {
                throw new IOException(REFUSED + "more than " + MAX_REDIRECTS + " redirects");
            }
            URI next;
            try {
                next = at.resolve(location.get());
            } catch (IllegalArgumentException e) {
                throw new IOException(REFUSED + "a redirect to no URL", null);
            }
            String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !(scheme.equals("http") && at.getScheme().equalsIgnoreCase("http"))) {
                throw new IOException(REFUSED + "a redirect from " + at.getScheme() + " to " + scheme);
            }
            if (!origin(next).equals(origin(at))) {
                authorization = null;
            }
            at = withoutUserInfo(next);
        }
    }

    /** Keeps the validators with the store; failing to is no reason to fail the import. */
    private void keep(AdvisoryStore store) {
        try {
            validators.save(store, url);
        } catch (IOException e) {
            LOG.warn("cannot keep the advisories archive's validators: the first fetch after a restart"
                    + " downloads it whole: {}", e.getMessage());
        }
    }

    private static String origin(URI u) {
        return u.getScheme().toLowerCase(Locale.ROOT) + "://" + u.getHost().toLowerCase(Locale.ROOT) + ":" + u.getPort();
    }

    private static URI withoutUserInfo(URI u) {
        if (u.getRawUserInfo() == null) {
            return u;
        }
        // Raw parts, so that what the operator escaped stays escaped.
        return URI.create(u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort())
                + u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()));
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // Closed to end a stalled read; nothing else to do.
        }
    }

    /** Deletes staged downloads of a process that died while importing them. */
    private static void sweepAbandoned(Path dir, Clock clock) throws IOException {
        try (var files = Files.newDirectoryStream(dir, STAGED_PREFIX + "*.zip")) {
            for (Path f : files) {
                try {
                    if (Files.getLastModifiedTime(f).toInstant().isBefore(clock.instant().minus(ABANDONED))) {
                        Files.deleteIfExists(f);
                    }
                } catch (IOException e) {
                    // Another process's, gone meanwhile.
                }
            }
        }
    }

    private void copy(InputStream body, Path staged) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(staged)) {
            for (int n; (n = body.read(buffer)) >= 0; ) {
                total += n;
                if (total > maxBytes) {
                    throw new IOException("more than " + maxBytes + " bytes: not an OSV archive");
                }
                out.write(buffer, 0, n);
            }
        }
    }
}
