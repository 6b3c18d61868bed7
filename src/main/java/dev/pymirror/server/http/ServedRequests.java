package dev.pymirror.server.http;

import dev.pymirror.server.metrics.RouteKind;
import dev.pymirror.server.metrics.ServerMetrics;
import dev.pymirror.server.metrics.ServerMetrics.IndexMeters;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.NanoTime;
import org.eclipse.jetty.util.component.ContainerLifeCycle;

/**
 * What Jetty calls once each request has ended: counts it for {@code /metrics}, then hands it to
 * the access log. Jetty calls its request log for every request, whichever thread answered it and
 * however it ended, so nothing is counted twice or missed.
 *
 * <p>The index and the route kind are read from the path as {@link Router} reads it, without
 * building strings: this runs on the I/O thread for warm pages and stored files.
 */
public final class ServedRequests extends ContainerLifeCycle implements RequestLog {

    private final ServerMetrics metrics;
    private final IndexMeters defaultIndex;
    private final RequestLog accessLog;

    /** @param accessLog the log each request goes to next; started and stopped with this */
    public ServedRequests(ServerMetrics metrics, String defaultIndex, RequestLog accessLog) {
        this.metrics = metrics;
        this.defaultIndex = metrics.index(defaultIndex);
        this.accessLog = accessLog;
        addBean(accessLog);
    }

    /** The segment before a moment in the path of an as-of view ({@code /<index>/+as-of/<moment>/...}). */
    private static final String AS_OF = "/+as-of/";

    @Override
    public void log(Request request, Response response) {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        if (path == null || path.isEmpty()) { // a request Jetty refused before it had a path
            metrics.noIndex().record(RouteKind.OTHER, response.getStatus(), null,
                    Response.getContentBytesWritten(response), NanoTime.since(request.getBeginNanoTime()));
            accessLog.log(request, response);
            return;
        }
        int slash = path.indexOf('/', 1);
        int end = slash < 0 ? path.length() : slash;
        IndexMeters index = end > 1 ? metrics.index(path, 1, end) : null;
        int rest = end;
        if (index == null) {
            // The default index answers at the root too (see RootIndex): /simple/, /files/, /pypi/, /<project>/.
            rest = 0;
            if (path.startsWith("/simple/") || path.startsWith("/files/") || path.startsWith("/pypi/")
                    || path.startsWith(AS_OF)
                    || (slash == path.length() - 1 && slash > 1 && !HttpMethod.POST.is(method)
                        && !reserved(path, slash))) {
                index = defaultIndex;
            } else if (path.length() <= 1 && HttpMethod.POST.is(method)) {
                index = defaultIndex; // an upload to the root
            } else {
                index = metrics.noIndex();
            }
        }
        if (path.startsWith(AS_OF, rest)) {
            // A view of the index as of a moment: its routes follow the moment's segment.
            int afterMoment = path.indexOf('/', rest + AS_OF.length());
            rest = afterMoment < 0 ? path.length() : afterMoment;
        }
        RouteKind kind = kind(path, rest, method, index == metrics.noIndex());
        index.record(kind, response.getStatus(), response.getHeaders().get(IndexRoutes.CACHE_HEADER),
                Response.getContentBytesWritten(response), NanoTime.since(request.getBeginNanoTime()));
        accessLog.log(request, response);
    }

    /** The kind of what the rest of the path, from {@code at} (a slash or the end), asks for. */
    private static RouteKind kind(String path, int at, String method, boolean noIndex) {
        if (noIndex) {
            return RouteKind.OTHER;
        }
        boolean indexRoot = at >= path.length() - 1;
        if (HttpMethod.POST.is(method)) {
            return indexRoot ? RouteKind.UPLOAD : RouteKind.OTHER;
        }
        if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
            return RouteKind.OTHER;
        }
        if (path.startsWith("/files/", at)) {
            return path.endsWith(".metadata") ? RouteKind.METADATA : RouteKind.FILE;
        }
        if (path.startsWith("/pypi/", at) || (at > 0 && indexRoot)) {
            return RouteKind.OTHER; // the legacy JSON API; an index's root is a redirect to its pages
        }
        return RouteKind.PAGE; // /simple/..., or a project page given as /<project>/ or /<index>/<project>/
    }

    /** True when {@code /<name>/}, the first {@code slash} characters of the path, names a reserved route. */
    private static boolean reserved(String path, int slash) {
        for (String name : RootIndex.RESERVED) {
            if (name.length() == slash - 1 && path.regionMatches(true, 1, name, 0, name.length())) {
                return true;
            }
        }
        return false;
    }
}
