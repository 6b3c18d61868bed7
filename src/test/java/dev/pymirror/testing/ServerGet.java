package dev.pymirror.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A GET to a server under test, as the tests of its routes make it: a path from the server's root
 * and headers as name, value pairs, the body as bytes. The Accept headers are those the real
 * clients send, so that a test negotiates as they do.
 */
public final class ServerGet {

    /** PEP 691's JSON, alone. */
    public static final String JSON = "application/vnd.pypi.simple.v1+json";
    /** What pip 22.2 and later send (its collector), 23.0.1 and 26 alike. */
    public static final String PIP_ACCEPT = "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;"
            + " q=0.1, text/html; q=0.01";
    /** What a browser sends for a page. */
    public static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    /** Long enough for a loaded machine; a hung server still fails the test. */
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private ServerGet() {}

    /** GET {@code path} (starting with '/') of the server at {@code base}. */
    public static HttpResponse<byte[]> get(HttpClient http, URI base, String path, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(base.resolve(path.substring(1))).timeout(TIMEOUT);
        for (int i = 0; i < headers.length; i += 2) {
            r.header(headers[i], headers[i + 1]);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
