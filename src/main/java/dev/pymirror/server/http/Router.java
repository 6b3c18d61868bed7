package dev.pymirror.server.http;

import dev.pymirror.packaging.ProjectName;
import java.util.Map;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Maps URL paths to the indexes and their routes:
 *
 * <pre>
 * /                              a short page saying what is served
 * /health                        status of the server and each index's upstream (JSON)
 * /simple/  /files/...           the default index
 * /&lt;index&gt;/simple/&lt;project&gt;/    a project page
 * /&lt;index&gt;/files/&lt;project&gt;/&lt;file&gt;[.metadata]
 * </pre>
 *
 * Non-normalized project names get a 301 to the normalized URL, as PEP 503 allows.
 * The handler blocks (upstream requests, file streaming), so Jetty runs it on virtual threads.
 */
public final class Router extends Handler.Abstract {

    private final Map<String, IndexRoutes> indexes;
    private final String defaultIndex;
    private final HealthReport health;

    public Router(Map<String, IndexRoutes> indexes, String defaultIndex, HealthReport health) {
        super(InvocationType.BLOCKING);
        this.indexes = Map.copyOf(indexes);
        this.defaultIndex = defaultIndex;
        this.health = health;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String method = request.getMethod();
        if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
            Replies.methodNotAllowed(request, response, callback, "GET, HEAD");
            return true;
        }
        String path = Request.getPathInContext(request);
        if (path.equals("/")) {
            Replies.text(request, response, callback, 200, "pymirror: point pip at "
                    + "/simple/ (index '" + defaultIndex + "'); indexes: " + String.join(", ", indexes.keySet()));
            return true;
        }
        if (path.equals("/health")) {
            health.send(request, response, callback);
            return true;
        }
        String[] parts = path.substring(1).split("/", -1);
        int at = 0;
        IndexRoutes index = indexes.get(defaultIndex);
        String prefix = "/";
        if (!parts[0].equals("simple") && !parts[0].equals("files")) {
            index = indexes.get(parts[0]);
            if (index == null) {
                Replies.text(request, response, callback, 404, "no index '" + parts[0] + "' here; indexes: "
                        + String.join(", ", indexes.keySet()));
                return true;
            }
            prefix = "/" + parts[0] + "/";
            at = 1;
        }
        if (at >= parts.length) {
            Replies.movedPermanently(request, response, callback, prefix + "simple/");
            return true;
        }
        switch (parts[at]) {
            case "simple" -> simple(request, response, callback, index, prefix, parts, at + 1);
            case "files" -> files(request, response, callback, index, parts, at + 1);
            default -> Replies.text(request, response, callback, 404, "nothing at " + path
                    + "; pages are under " + prefix + "simple/");
        }
        return true;
    }

    private void simple(Request request, Response response, Callback callback, IndexRoutes index, String prefix,
            String[] parts, int at) {
        int remaining = parts.length - at;
        if (remaining == 0) {
            Replies.movedPermanently(request, response, callback, prefix + "simple/");
            return;
        }
        if (remaining == 1 && parts[at].isEmpty()) {
            index.projectList(request, response, callback);
            return;
        }
        String name = parts[at];
        boolean trailingSlash = remaining == 2 && parts[at + 1].isEmpty();
        if (remaining > 2 || (remaining == 2 && !trailingSlash) || !ProjectName.isValid(name)) {
            Replies.text(request, response, callback, 404, "not a project page: " + Request.getPathInContext(request));
            return;
        }
        String normalized = ProjectName.normalize(name);
        if (!trailingSlash || !normalized.equals(name)) {
            String query = request.getHttpURI().getQuery();
            Replies.movedPermanently(request, response, callback,
                    prefix + "simple/" + normalized + "/" + (query == null ? "" : "?" + query));
            return;
        }
        index.page(request, response, callback, ProjectName.of(name));
    }

    private void files(Request request, Response response, Callback callback, IndexRoutes index, String[] parts,
            int at) throws Exception {
        if (parts.length - at != 2 || !ProjectName.isValid(parts[at]) || !ProjectName.isNormalized(parts[at])
                || parts[at + 1].isEmpty()) {
            Replies.text(request, response, callback, 404, "not a file of this index: " + Request.getPathInContext(request));
            return;
        }
        index.file(request, response, callback, ProjectName.of(parts[at]), parts[at + 1]);
    }
}
