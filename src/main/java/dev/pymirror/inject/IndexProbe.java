package dev.pymirror.inject;

import dev.pymirror.simple.ContentNegotiation;
import dev.pymirror.upstream.HttpClients;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Asks each http(s) index URL, before a build relies on it, whether it answers as an index: a
 * server's root given where its index lives ({@code http://host:3141/} for
 * {@code http://host:3141/simple/}) makes every install in the image fail with pip's "No matching
 * distribution", far from the cause. Only a URL that does not answer as an index while
 * {@code <url>simple/} does is reported; one that does not answer at all says nothing, since a build
 * host may not reach the mirror the image will.
 */
public final class IndexProbe {

    private final HttpClient http;
    private final Duration timeout;

    /** @param timeout how long each request may take, connecting included */
    public IndexProbe(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClients.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** A warning for each of {@code urls} that is a server's root rather than its index. */
    public List<String> warnings(List<IndexUrl> urls) {
        List<String> warnings = new ArrayList<>();
        for (IndexUrl url : urls) {
            if (!url.toString().regionMatches(true, 0, "http", 0, 4)) {
                continue;
            }
            String text = url.toString();
            String simple = text + (text.endsWith("/") ? "" : "/") + "simple/";
            if (!answersAsIndex(url.uri()) && answersAsIndex(URI.create(simple))) {
                warnings.add(text + " answers as a server's root, not as an index (pip will find no project"
                        + " there); its index is " + simple + ": use that URL");
            }
        }
        return warnings;
    }

    /**
     * True when a GET with an installer's Accept header ends, after redirects, in a 2xx page of the
     * simple API (PEP 691 JSON or HTML); false for anything else, an error or no answer included.
     */
    boolean answersAsIndex(URI uri) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(withoutUserInfo(uri)).timeout(timeout)
                    .header("Accept", ContentNegotiation.CLIENT_ACCEPT);
            if (uri.getRawUserInfo() != null) {
                // pip sends the credentials of the URL; so must the question, or a closed index is a 401.
                String credentials = URLDecoder.decode(uri.getRawUserInfo(), StandardCharsets.UTF_8);
                request.header("Authorization", "Basic "
                        + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
            }
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
            return response.statusCode() / 100 == 2
                    && (type.startsWith("application/vnd.pypi.simple.") || type.startsWith("text/html"));
        } catch (IOException | IllegalArgumentException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static URI withoutUserInfo(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri;
        }
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(), null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
