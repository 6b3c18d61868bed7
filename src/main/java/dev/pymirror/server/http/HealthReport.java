package dev.pymirror.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pymirror.server.index.PackageIndex;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /health}: 200 with what each index is and when its upstream last answered or failed,
 * for monitoring and for a person wondering why pages are stale. It names only the indexes the
 * requester may read: an index that needs a login is not even named to strangers.
 */
public final class HealthReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, PackageIndex> indexes;
    private final Instant started = Instant.now();

    public HealthReport(Map<String, PackageIndex> indexes) {
        this.indexes = Map.copyOf(indexes);
    }

    /** @param shown the indexes to report, those the requester may read */
    void send(Request request, Response response, Callback callback, Collection<String> shown) throws Exception {
        ObjectNode root = JSON.createObjectNode();
        root.put("status", "ok");
        root.put("started", started.toString());
        ObjectNode list = root.putObject("indexes");
        indexes.forEach((name, index) -> {
            if (shown.contains(name)) {
                index.describe(list.putObject(name));
            }
        });
        byte[] body = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, HttpMethod.HEAD.is(request.getMethod()) ? null : ByteBuffer.wrap(body), callback);
    }
}
