package dev.pymirror.server.http;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Sends a {@link RenderedBody}: ETag and 304, gzip when the client accepts it, HEAD without a body,
 * and {@code Vary} so that caches keep the encodings apart.
 */
public final class PageWriter {

    private static final HttpField VARY = new PreEncodedHttpField(HttpHeader.VARY, "Accept, Accept-Encoding");
    private static final HttpField GZIP = new PreEncodedHttpField(HttpHeader.CONTENT_ENCODING, "gzip");

    private PageWriter() {}

    public static void send(Request request, Response response, Callback callback, RenderedBody body,
            String cacheControl) {
        boolean gzip = body.worthCompressing() && acceptsGzip(request);
        String etag = gzip ? body.gzipEtag() : body.etag();
        var headers = response.getHeaders();
        headers.put(VARY);
        headers.put(HttpHeader.ETAG, etag);
        headers.put(HttpHeader.CACHE_CONTROL, cacheControl);
        String ifNoneMatch = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
        if (ifNoneMatch != null && matches(ifNoneMatch, etag)) {
            response.setStatus(304);
            response.write(true, null, callback);
            return;
        }
        byte[] bytes = gzip ? body.gzipped() : body.bytes();
        response.setStatus(200);
        headers.put(HttpHeader.CONTENT_TYPE, body.contentType());
        if (gzip) {
            headers.put(GZIP);
        }
        headers.put(HttpHeader.CONTENT_LENGTH, bytes.length);
        boolean head = HttpMethod.HEAD.is(request.getMethod());
        response.write(true, head ? null : ByteBuffer.wrap(bytes), callback);
    }

    private static boolean acceptsGzip(Request request) {
        String accept = request.getHeaders().get(HttpHeader.ACCEPT_ENCODING);
        if (accept == null) {
            return false;
        }
        for (String part : accept.split(",")) {
            String[] pieces = part.trim().split(";");
            if (pieces[0].trim().equalsIgnoreCase("gzip")) {
                for (int i = 1; i < pieces.length; i++) {
                    String p = pieces[i].trim().replace(" ", "");
                    if (p.equals("q=0") || p.matches("q=0\\.0*")) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    /** If-None-Match holds a list of tags, or {@code *}; weak tags match by their opaque part. */
    static boolean matches(String ifNoneMatch, String etag) {
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.equals("*") || c.equals(etag) || (c.startsWith("W/") && c.substring(2).equals(etag))) {
                return true;
            }
        }
        return false;
    }
}
