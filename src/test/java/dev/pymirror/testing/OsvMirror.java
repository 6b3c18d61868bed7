package dev.pymirror.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OSV mirror on 127.0.0.1 for tests: serves one archive at {@code /PyPI/all.zip} with an
 * {@code ETag} of its content, answers 304 to a matching {@code If-None-Match}, and counts what it
 * was asked and what it sent in full. {@link #serve} replaces the archive.
 */
public final class OsvMirror implements AutoCloseable {

    public static final String PATH = "/PyPI/all.zip";

    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger versions = new AtomicInteger();
    private volatile byte[] archive = new byte[0];
    private volatile String etag = "\"none\"";
    private volatile int status = 200;
    private volatile URI redirect;
    private volatile boolean stalled;
    private volatile boolean lastModifiedOnly;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    private OsvMirror(HttpServer server) {
        this.server = server;
    }

    public static OsvMirror start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        OsvMirror mirror = new OsvMirror(server);
        server.createContext(PATH, mirror::handle);
        server.start();
        return mirror;
    }

    /** The archive's URL, with {@code userInfo} (may be null) in it. */
    public URI url(String userInfo, String query) {
        return URI.create("http://" + (userInfo == null ? "" : userInfo + "@") + "127.0.0.1:"
                + server.getAddress().getPort() + PATH + (query == null ? "" : "?" + query));
    }

    /** Serves these bytes from now on, with a new ETag. */
    public void serve(byte[] bytes) {
        archive = bytes.clone();
        etag = "\"v" + versions.incrementAndGet() + "\"";
        status = 200;
    }

    /** Sends {@code Last-Modified} (the archive's version as a date) instead of an ETag from now on. */
    public void lastModifiedOnly() {
        lastModifiedOnly = true;
    }

    /** Answers every request with a 302 to {@code target} from now on. */
    public void redirectTo(URI target) {
        redirect = target;
    }

    /** The Authorization header of each request, "" for none. */
    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    /** Sends the headers and a few bytes of the archive, then nothing until closed. */
    public void stall() {
        stalled = true;
    }

    /** Answers every request with this error status from now on. */
    public void fail(int code) {
        status = code;
    }

    public int requests() {
        return requests.get();
    }

    /** How many times the archive was sent in full (200). */
    public int sent() {
        return sent.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        authorizations.add(authorization == null ? "" : authorization);
        try (exchange) {
            if (redirect != null) {
                exchange.getResponseHeaders().set("Location", redirect.toString());
                exchange.sendResponseHeaders(302, -1);
                return;
            }
            if (status != 200) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            byte[] body = archive;
            String tag = etag;
            String asked = exchange.getRequestHeaders().getFirst(lastModifiedOnly ? "If-Modified-Since" : "If-None-Match");
            if (lastModifiedOnly) {
                // One day per version: a later archive is "modified since" an earlier one's date.
                tag = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)
                        .plusDays(versions.get()));
                exchange.getResponseHeaders().set("Last-Modified", tag);
            } else {
                exchange.getResponseHeaders().set("ETag", tag);
            }
            if (tag.equals(asked)) {
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            sent.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "application/zip");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                if (stalled) {
                    out.write(body, 0, 10);
                    out.flush();
                    closed.await();
                    return;
                }
                out.write(body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
    }
}
