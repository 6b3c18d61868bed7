package dev.pymirror.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pymirror.server.guard.AdvisoryFeed;
import dev.pymirror.server.index.PackageIndex;
import dev.pymirror.store.blob.BlobStore;
import dev.pymirror.store.blob.StorageStatus;
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
 * requester may read: an index that needs a login is not even named to strangers (nor as a member
 * of a group they may read). What it says of an index is what its readers may know: never a path of
 * this machine, never the credentials in an upstream URL; and it is answered from memory, since
 * anyone may call it as often as they like.
 */
public final class HealthReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, PackageIndex> indexes;
    private final AdvisoryFeed advisories;
    private final BlobStore storage;
    private final Instant started = Instant.now();

    public HealthReport(Map<String, PackageIndex> indexes) {
        this(indexes, null, null);
    }

    /**
     * @param advisories shown when fetched from an {@code advisories-url}; may be null
     * @param storage the shared bucket, whose reachability is shown; null for the data directory
     */
    public HealthReport(Map<String, PackageIndex> indexes, AdvisoryFeed advisories, BlobStore storage) {
        this.indexes = Map.copyOf(indexes);
        this.advisories = advisories;
        this.storage = storage;
    }

    /** @param shown the indexes to report, those the requester may read */
    void send(Request request, Response response, Callback callback, Collection<String> shown) throws Exception {
        ObjectNode root = JSON.createObjectNode();
        root.put("status", "ok");
        root.put("started", started.toString());
        ObjectNode list = root.putObject("indexes");
        indexes.forEach((name, index) -> {
            if (shown.contains(name)) {
                ObjectNode described = list.putObject(name);
                index.describe(described);
                // A group open to all may have members that are not: those go unnamed.
                if (described.get("members") instanceof ArrayNode members) {
                    for (int i = members.size() - 1; i >= 0; i--) {
                        if (!shown.contains(members.get(i).asText())) {
                            members.remove(i);
                        }
                    }
                }
            }
        });
        if (advisories != null) {
            advisories.describe(root);
        }
        if (storage != null) {
            storage.health().ifPresent(h -> describe(h, root));
        }
        byte[] body = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, HttpMethod.HEAD.is(request.getMethod()) ? null : ByteBuffer.wrap(body), callback);
    }

    /**
     * The bucket's breaker: reachable or not, since when. Not the failure's words, which name the
     * endpoint (the log has them); still 200, since the node serves what its disk holds.
     */
    private static void describe(StorageStatus status, ObjectNode into) {
        into.put("storage-state", status.reachable() ? "reachable" : "unreachable");
        if (!status.reachable()) {
            into.put("storage-unreachable-since", status.unreachableSince().toString());
        }
        if (status.backAt() != null) {
            into.put("storage-back-at", status.backAt().toString());
        }
    }
}
