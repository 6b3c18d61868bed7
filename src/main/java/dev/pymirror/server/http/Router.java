package dev.pymirror.server.http;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.server.auth.Identity;
import dev.pymirror.server.index.WritableIndex;
import dev.pymirror.server.metrics.ServerMetrics;
import dev.pymirror.server.web.Access;
import dev.pymirror.server.web.WebUi;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps URL paths to the indexes and their routes:
 *
 * <pre>
 * /                              a short page saying what is served (POST: an upload to the default index);
 *                                an installer's request goes to /simple/ (see {@link RootIndex})
 * /&lt;project&gt;/                     the default index's project page, unless an index or route has the name
 * /health                        status of the server and each index's upstream (JSON)
 * /metrics                       counters and histograms in Prometheus' text format (see {@link ServerMetrics})
 * /-/...                         the web UI, pages a person browses (see {@link WebUi}); a browser asking
 *                                for / gets its home page
 * /simple/  /files/...           the default index
 * /&lt;index&gt;/simple/&lt;project&gt;/    a project page
 * /&lt;index&gt;/files/&lt;project&gt;/&lt;file&gt;[.metadata]
 * /&lt;index&gt;/pypi/&lt;project&gt;/[&lt;version&gt;/]json   the legacy JSON API (see {@link LegacyJsonRoutes});
 *                                at the root, /pypi/... is the default index's
 * /&lt;index&gt;/+as-of/&lt;moment&gt;/...     the index as it was at a moment (simple/, files/, pypi/); also at the root
 * /+snapshot/&lt;name&gt;/...         a snapshot, read-only (simple/, files/, pypi/; see {@link SnapshotRoutes})
 * POST /&lt;index&gt;/                  an upload (hosted indexes; see {@link WriteRoutes})
 * POST|DELETE /&lt;index&gt;/files/&lt;project&gt;/&lt;file&gt;   yank, unyank, delete
 * </pre>
 *
 * Non-normalized project names get a 301 to the normalized URL, as PEP 503 allows. Every route of
 * an index passes its {@link Gate} first. Lists of index names (the root page, a 404, {@code /health})
 * name only the indexes the requester may read.
 *
 * <p>Jetty calls the router on the I/O thread that read the request. What is ready is answered
 * there: redirects, 404s, pages in memory and stored files of indexes anyone may read (writes to
 * the socket never block: Jetty completes them as the socket drains). Everything that may wait
 * (an upstream, a download, a lock, password hashing, a request body) is routed again on a
 * virtual thread. Handing every request to another thread cost as much CPU as answering it.
 */
public final class Router extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    /** The segment that starts an as-of view: {@code /<index>/+as-of/<moment>/simple/}. */
    private static final String AS_OF = "+as-of";

    /** What a version in a JSON API URL may hold: PEP 440's characters, and nothing a redirect would have to encode. */
    private static final Pattern VERSION_SEGMENT = Pattern.compile("[A-Za-z0-9._+!-]{1,128}");

    private final Map<String, IndexRoutes> indexes;
    private final String defaultIndex;
    private final HealthReport health;
    private final ServerMetrics metrics;
    private final Gate gate;
    private final WriteRoutes writes;
    private final Executor mayWait;
    private final RootIndex root;
    private final WebUi web;
    private final Access access;
    private final SnapshotRoutes snapshots;

    /**
     * @param web the web UI's pages
     * @param metrics the meters {@code /metrics} shows; null when metrics are switched off (the route is then not found)
     * @param mayWait runs the requests that may wait, one (virtual) thread each
     */
    public Router(Map<String, IndexRoutes> indexes, String defaultIndex, HealthReport health, ServerMetrics metrics,
            Gate gate, WriteRoutes writes, WebUi web, SnapshotRoutes snapshots, Executor mayWait) {
        super(InvocationType.NON_BLOCKING);
        this.indexes = Map.copyOf(indexes);
        this.defaultIndex = defaultIndex;
        this.health = health;
        this.metrics = metrics;
        this.gate = gate;
        this.writes = writes;
        this.mayWait = mayWait;
        this.root = new RootIndex(indexes.keySet());
        this.web = web;
        this.access = new UiAccess();
        this.snapshots = snapshots;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!route(request, response, callback, false)) {
            mayWait.execute(() -> {
                try {
                    route(request, response, callback, true);
                } catch (Throwable e) {
                    Response.writeError(request, response, callback, e);
                }
            });
        }
        return true;
    }

    /**
     * Answers the request, or with {@code mayWait} false, answers it only when that needs no
     * waiting and otherwise returns false having sent nothing.
     */
    private boolean route(Request request, Response response, Callback callback, boolean mayWait) throws Exception {
        String method = request.getMethod();
        boolean read = HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method);
        if (!read && !mayWait) {
            return false; // a body to read
        }
        String path = Request.getPathInContext(request);
        if (read) {
            // The root is the default index too (see RootIndex): /<project>/ is its project page,
            // and an installer asking for / is sent to its project list, whose links are relative.
            path = root.route(path);
            String indexRoot = root.indexRootRedirect(path);
            if (indexRoot != null) {
                String query = request.getHttpURI().getQuery();
                Response.sendRedirect(request, response, callback, 301, indexRoot + (query == null ? "" : "?" + query), true);
                return true;
            }
            if (path.equals("/") && RootIndex.wantsProjectList(request)) {
                String query = request.getHttpURI().getQuery();
                response.getHeaders().put(HttpHeader.VARY, "Accept");
                Response.sendRedirect(request, response, callback, 302, "/simple/" + (query == null ? "" : "?" + query), true);
                return true;
            }
        }
        if (path.equals("/") && read && WebUi.isBrowser(request)) {
            if (!mayWait) {
                return false; // pages for people are built on a thread that may wait
            }
            web.handle(request, response, callback, path, access);
            return true;
        }
        if (path.equals("/") && read) {
            Identity who = lister(request, mayWait);
            if (who == null) {
                return false;
            }
            if (!gate.refusedCredentials(request, response, callback, who)) {
                List<String> shown = gate.readable(who, indexes.keySet());
                response.getHeaders().put(HttpHeader.VARY, "Accept"); // a browser gets the web UI here
                Replies.text(request, response, callback, 200, "pymirror: point pip at /simple/"
                        + (shown.contains(defaultIndex) ? " (index '" + defaultIndex + "')" : "")
                        + "; indexes: " + names(shown));
            }
            return true;
        }
        if (path.equals("/health")) {
            if (!mayWait) {
                return false; // asks each index for its state
            }
            if (!read) {
                WriteRoutes.drain(request, response);
                Replies.methodNotAllowed(request, response, callback, "GET, HEAD");
                return true;
            }
            Identity who = lister(request, true);
            if (!gate.refusedCredentials(request, response, callback, who)) {
                health.send(request, response, callback, gate.readable(who, indexes.keySet()));
            }
            return true;
        }
        if (path.equals("/metrics") && metrics != null) {
            if (!mayWait) {
                return false; // formatting every meter is not for the I/O thread
            }
            if (!read) {
                WriteRoutes.drain(request, response);
                Replies.methodNotAllowed(request, response, callback, "GET, HEAD");
                return true;
            }
            // Open to anyone, as /health is: restricted indexes are counted under one label, unnamed.
            byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, HttpMethod.HEAD.is(method) ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body), callback);
            return true;
        }
        if (path.startsWith("/" + SnapshotRoutes.SEGMENT + "/") || path.equals("/" + SnapshotRoutes.SEGMENT)) {
            return snapshot(request, response, callback, path, read, mayWait);
        }
        String[] parts = path.substring(1).split("/", -1);
        int at = 0;
        String indexName = defaultIndex;
        String prefix = "/";
        if (!isLegacyJsonAtRoot(parts) && !parts[0].equals("simple") && !parts[0].equals("files") && !parts[0].isEmpty()
                && !parts[0].equals(AS_OF)) {
            indexName = parts[0];
            if (!indexes.containsKey(indexName)) {
                if (indexName.equals("-")) {
                    // The web UI: "-" is no index or project name (see WebUi), so its paths are found
                    // here, on the way to a 404, and cost the installers' routes nothing.
                    return webUi(request, response, callback, path, read, mayWait);
                }
                Identity who = lister(request, mayWait);
                if (who == null) {
                    return false;
                }
                if (!read) {
                    // Read what the client sends first: it would see a closed connection, not the answer.
                    WriteRoutes.drain(request, response);
                }
                if (!gate.refusedCredentials(request, response, callback, who)) {
                    Replies.text(request, response, callback, 404, "no index '" + parts[0] + "' here; indexes: "
                            + names(gate.readable(who, indexes.keySet())));
                }
                return true;
            }
            prefix = "/" + parts[0] + "/";
            at = 1;
        }
        IndexRoutes index = indexes.get(indexName);
        if (index != null) {
            request.setAttribute(AccessLog.INDEX_ATTRIBUTE, indexName); // for the JSON access log
        }
        boolean indexRoot = at >= parts.length || (parts[at].isEmpty() && at == parts.length - 1);
        if (read) {
            if (!mayWait && (gate.readersNeedLogin(indexName) || (index != null && index.mayCheckCredentials(request)))) {
                return false; // checking a password takes a hash that is slow on purpose
            }
            if (!gate.admitsReader(request, response, callback, indexName)) {
                return true;
            }
            if (indexRoot) {
                Replies.movedPermanently(request, response, callback, prefix + "simple/");
                return true;
            }
            if (parts[at].equals(AS_OF)) {
                // The index as it was at a moment: the same routes under the prefix, on a view of it.
                if (parts.length - at < 3) {
                    Replies.text(request, response, callback, 404, "an index as of a moment is at " + prefix + AS_OF
                            + "/<moment>/simple/, the moment a date (2026-11-01) or an RFC 3339 date-time"
                            + " (2026-11-01T12:00:00Z)");
                    return true;
                }
                try {
                    index = index.asOf(parts[at + 1]);
                } catch (IllegalArgumentException e) { // not a moment
                    Replies.text(request, response, callback, 400, e.getMessage());
                    return true;
                }
                prefix = prefix + AS_OF + "/" + parts[at + 1] + "/";
                at += 2;
                if (parts[at].isEmpty() && at == parts.length - 1) {
                    Replies.movedPermanently(request, response, callback, prefix + "simple/");
                    return true;
                }
            }
            return switch (parts[at]) {
                case "simple" -> simple(request, response, callback, index, prefix, parts, at + 1, mayWait);
                case "files" -> files(request, response, callback, index, parts, at + 1, mayWait);
                case "pypi" -> legacyJson(request, response, callback, index, prefix, parts, at + 1, mayWait);
                default -> {
                    Replies.text(request, response, callback, 404, "nothing at " + path
                            + "; pages are under " + prefix + "simple/");
                    yield true;
                }
            };
        }
        write(request, response, callback, index, indexName, parts, at, indexRoot);
        return true;
    }

    /** {@code /+snapshot/<name>/...}: a snapshot's routes, read-only, for the readers of the index it froze. */
    private boolean snapshot(Request request, Response response, Callback callback, String path, boolean read,
            boolean mayWait) throws Exception {
        String[] parts = path.substring(1).split("/", -1);
        if (!read) {
            if (!mayWait) {
                return false;
            }
            WriteRoutes.drain(request, response);
            Replies.methodNotAllowed(request, response, callback, "GET, HEAD");
            return true;
        }
        if (parts.length < 2 || parts[1].isEmpty()) {
            Replies.text(request, response, callback, 404, "a snapshot is at /" + SnapshotRoutes.SEGMENT
                    + "/<name>/simple/ (pymirror snapshot list names them)");
            return true;
        }
        String name = parts[1];
        if (!mayWait && !snapshots.known(name)) {
            return false; // read from disk once, on a thread that may wait
        }
        SnapshotRoutes.Served snapshot;
        try {
            snapshot = snapshots.find(name);
        } catch (IOException e) {
            // A bucket that does not answer about a snapshot this node has not served yet.
            LOG.warn("snapshot '{}' not looked up: {}", name, e.getMessage());
            response.getHeaders().put("Retry-After", "5");
            Replies.text(request, response, callback, 503, "pymirror's storage did not answer about snapshot '"
                    + name + "'; try again later");
            return true;
        }
        if (snapshot == null) {
            Replies.text(request, response, callback, 404, "no snapshot '" + name + "' here (pymirror snapshot list"
                    + " names them)");
            return true;
        }
        if (!mayWait && snapshot.info().restricted()) {
            return false; // checking a password takes a hash that is slow on purpose
        }
        if (!gate.admitsSnapshotReader(request, response, callback, snapshot.info().index(),
                snapshot.info().restricted())) {
            return true;
        }
        String prefix = "/" + SnapshotRoutes.SEGMENT + "/" + name + "/";
        if (parts.length == 2 || (parts.length == 3 && parts[2].isEmpty())) {
            Replies.movedPermanently(request, response, callback, prefix + "simple/");
            return true;
        }
        IndexRoutes index = snapshot.routes();
        return switch (parts[2]) {
            case "simple" -> simple(request, response, callback, index, prefix, parts, 3, mayWait);
            case "files" -> files(request, response, callback, index, parts, 3, mayWait);
            case "pypi" -> legacyJson(request, response, callback, index, prefix, parts, 3, mayWait);
            default -> {
                Replies.text(request, response, callback, 404, "nothing at " + path + "; pages are under " + prefix
                        + "simple/");
                yield true;
            }
        };
    }

    private boolean webUi(Request request, Response response, Callback callback, String path, boolean read,
            boolean mayWait) {
        if (!mayWait) {
            return false;
        }
        if (!read) {
            WriteRoutes.drain(request, response);
        }
        if (path.equals("/-")) {
            Replies.movedPermanently(request, response, callback, "/-/");
            return true;
        }
        web.handle(request, response, callback, path, access);
        return true;
    }

    /** The gate, as the web UI asks it. */
    private final class UiAccess implements Access {

        @Override
        public List<String> readable(Request request, Response response, Callback callback) {
            Identity who = lister(request, true);
            return gate.refusedCredentials(request, response, callback, who) ? null : gate.readable(who, indexes.keySet());
        }

        @Override
        public boolean admits(Request request, Response response, Callback callback, String index) {
            return gate.admitsReader(request, response, callback, index);
        }

        @Override
        public String user(Request request) {
            // Valid credentials were checked by readable() when an index needs a login, and are remembered.
            return Gate.sendsCredentials(request) && gate.identify(request) instanceof Identity.User u ? u.name() : null;
        }

        @Override
        public boolean loggedIn(Request request, Response response, Callback callback) {
            Identity who = Gate.sendsCredentials(request) ? gate.identify(request) : Identity.ANONYMOUS;
            if (who instanceof Identity.User) {
                return true;
            }
            if (!gate.refusedCredentials(request, response, callback, who)) {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, Gate.CHALLENGE);
                Replies.text(request, response, callback, 401, "log in with a user of this server to see the indexes"
                        + " that need it");
            }
            return false;
        }
    }

    /**
     * True when a path at the root is the default index's legacy JSON API ({@code /pypi/...}), which
     * clients find at the root as they find it on PyPI. {@code /pypi/} is reserved for it, except
     * that an index named {@code pypi} (the default configuration's mirror) keeps its own routes
     * there: {@code /pypi/}, {@code /pypi/simple/...}, {@code /pypi/files/...}, {@code /pypi/+as-of/...} and its own legacy
     * API at {@code /pypi/pypi/...}. The default index's projects named {@code simple}, {@code files}
     * or {@code pypi} are then at {@code /<default>/pypi/<project>/json}.
     */
    private boolean isLegacyJsonAtRoot(String[] parts) {
        if (!parts[0].equals("pypi") || parts.length < 2) {
            return false;
        }
        return !indexes.containsKey("pypi") || !(parts[1].isEmpty() || parts[1].equals("simple")
                || parts[1].equals("files") || parts[1].equals("pypi") || parts[1].equals(AS_OF));
    }

    /**
     * Whose eyes a list of index names is for: anonymous when no credentials were sent or no index
     * is closed (nothing to hide, nothing to check); otherwise the credentials' owner, or null
     * when checking them has to wait ({@code mayWait} false).
     */
    private Identity lister(Request request, boolean mayWait) {
        if (!Gate.sendsCredentials(request) || !gate.anyClosed()) {
            return Identity.ANONYMOUS;
        }
        return mayWait ? gate.identify(request) : null;
    }

    private static String names(List<String> shown) {
        return shown.isEmpty() ? "none that you may read" : String.join(", ", shown);
    }

    /** POST and DELETE: uploads to the index's root, actions on its files. */
    private void write(Request request, Response response, Callback callback, IndexRoutes index, String indexName,
            String[] parts, int at, boolean indexRoot) throws Exception {
        String method = request.getMethod();
        boolean fileRoute = !indexRoot && parts[at].equals("files") && parts.length - at == 3
                && ProjectName.isValid(parts[at + 1]) && ProjectName.isNormalized(parts[at + 1]) && !parts[at + 2].isEmpty();
        boolean post = HttpMethod.POST.is(method);
        boolean writeRoute = (indexRoot && post) || (fileRoute && (post || HttpMethod.DELETE.is(method)));
        if ((!writeRoute || index.writable() == null) && gate.readersNeedLogin(indexName)
                && !gate.admitsReader(request, response, callback, indexName, true)) {
            return; // what a closed index is and takes is for its readers to know
        }
        if (!writeRoute) {
            WriteRoutes.drain(request, response);
            Replies.methodNotAllowed(request, response, callback, indexRoot ? "GET, HEAD, POST"
                    : fileRoute ? "GET, HEAD, POST, DELETE" : "GET, HEAD");
            return;
        }
        WritableIndex target = index.writable();
        if (target == null) {
            WriteRoutes.drain(request, response);
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            Replies.text(request, response, callback, 405, "index '" + indexName
                    + "' takes no uploads or changes: only hosted indexes do");
            return;
        }
        String user = gate.admitsWriter(request, response, callback, indexName);
        if (user == null) {
            return;
        }
        if (indexRoot) {
            writes.upload(request, response, callback, target, user);
        } else if (post) {
            writes.fileAction(request, response, callback, target, ProjectName.of(parts[at + 1]), parts[at + 2]);
        } else {
            writes.delete(request, response, callback, target, ProjectName.of(parts[at + 1]), parts[at + 2]);
        }
    }

    private boolean simple(Request request, Response response, Callback callback, IndexRoutes index, String prefix,
            String[] parts, int at, boolean mayWait) {
        int remaining = parts.length - at;
        if (remaining == 0) {
            Replies.movedPermanently(request, response, callback, prefix + "simple/");
            return true;
        }
        if (remaining == 1 && parts[at].isEmpty()) {
            if (!mayWait) {
                return false; // a mirror asks its upstream, a tree lists a folder
            }
            index.projectList(request, response, callback);
            return true;
        }
        String name = parts[at];
        boolean trailingSlash = remaining == 2 && parts[at + 1].isEmpty();
        if (remaining > 2 || (remaining == 2 && !trailingSlash) || !ProjectName.isValid(name)) {
            Replies.text(request, response, callback, 404, "not a project page: " + Request.getPathInContext(request));
            return true;
        }
        String normalized = ProjectName.normalize(name);
        if (!trailingSlash || !normalized.equals(name)) {
            String query = request.getHttpURI().getQuery();
            Replies.movedPermanently(request, response, callback,
                    prefix + "simple/" + normalized + "/" + (query == null ? "" : "?" + query));
            return true;
        }
        if (!mayWait) {
            return index.readyPage(request, response, callback, ProjectName.of(name));
        }
        index.page(request, response, callback, ProjectName.of(name));
        return true;
    }

    /**
     * {@code pypi/<project>/json} and {@code pypi/<project>/<version>/json}; a non-normalized name
     * gets a 301 to the normalized one, as project pages do. Waits always: it reads metadata files,
     * which a mirror may have to fetch.
     */
    private boolean legacyJson(Request request, Response response, Callback callback, IndexRoutes index, String prefix,
            String[] parts, int at, boolean mayWait) {
        int remaining = parts.length - at;
        boolean shaped = (remaining == 2 || remaining == 3) && parts[parts.length - 1].equals("json")
                && ProjectName.isValid(parts[at]) && (remaining == 2 || VERSION_SEGMENT.matcher(parts[at + 1]).matches());
        if (!shaped) {
            LegacyJsonRoutes.error(request, response, callback, 404, "not a URL of the JSON API: "
                    + Request.getPathInContext(request) + "; it has " + prefix + "pypi/<project>/json and "
                    + prefix + "pypi/<project>/<version>/json");
            return true;
        }
        String version = remaining == 3 ? parts[at + 1] : null;
        String normalized = ProjectName.normalize(parts[at]);
        if (!normalized.equals(parts[at])) {
            String query = request.getHttpURI().getQuery();
            Replies.movedPermanently(request, response, callback, prefix + "pypi/" + normalized + "/"
                    + (version == null ? "" : version + "/") + "json" + (query == null ? "" : "?" + query));
            return true;
        }
        if (!mayWait) {
            return false;
        }
        index.legacyJson().send(request, response, callback, ProjectName.of(normalized), version, prefix);
        return true;
    }

    private boolean files(Request request, Response response, Callback callback, IndexRoutes index, String[] parts,
            int at, boolean mayWait) throws Exception {
        if (parts.length - at != 2 || !ProjectName.isValid(parts[at]) || !ProjectName.isNormalized(parts[at])
                || parts[at + 1].isEmpty()) {
            Replies.text(request, response, callback, 404, "not a file of this index: " + Request.getPathInContext(request));
            return true;
        }
        if (!mayWait) {
            return index.storedFile(request, response, callback, ProjectName.of(parts[at]), parts[at + 1]);
        }
        index.file(request, response, callback, ProjectName.of(parts[at]), parts[at + 1]);
        return true;
    }
}
