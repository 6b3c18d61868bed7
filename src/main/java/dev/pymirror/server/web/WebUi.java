package dev.pymirror.server.web;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.server.group.NameAuditResults;
import dev.pymirror.server.guard.GuardedIndex;
import dev.pymirror.server.snapshot.Snapshots;
import dev.pymirror.server.hosted.HostedIndex;
import dev.pymirror.server.index.IndexView;
import dev.pymirror.server.index.PackageIndex;
import dev.pymirror.server.index.Unavailable;
import dev.pymirror.server.metrics.ServerMetrics;
import dev.pymirror.server.mirror.MirrorIndex;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web UI: pages a person browses, under {@code /-/} (see {@link Href#PREFIX}), apart from the
 * simple API's routes, which it never touches. The router hands it only paths under the prefix
 * (which no index or project can have) and a browser's request for {@code /}, always on a thread
 * that may wait: nothing here runs on the installers' paths.
 *
 * <pre>
 * /-/                          the indexes (a browser asking for / gets this page too)
 * /-/index/&lt;index&gt;/            one index: facts, projects, a hosted index's uploads
 * /-/index/&lt;index&gt;/&lt;project&gt;/  one project: versions, files and where they came from
 * /-/search?q=..[&amp;index=..]    projects by name across the indexes the reader may read
 * /-/server                    caches, retention, upstream circuits and recent upstream errors
 * /-/audit                     the last {@code pymirror audit names}: names groups share with an upstream
 * /-/login                     asks the browser for credentials, then back to /-/
 * /-/style.css                 the stylesheet
 * </pre>
 *
 * Every page is for its reader ({@link Access}): indexes the reader may not read are neither shown
 * nor named, and their pages answer as their simple API does (401, 403). Pages are not cached by
 * anyone ({@code no-store}), and a Content-Security-Policy forbids any script at all, so that a
 * name that slipped through escaping still could not run.
 */
public final class WebUi {

    private static final Logger LOG = LoggerFactory.getLogger(WebUi.class);

    /** The longest search query read; longer ones are cut (no project name is longer in practice). */
    static final int MAX_QUERY = 100;

    private static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self';"
            + " base-uri 'none'; frame-ancestors 'none'";
    private static final String CSS_ETAG = "\"css-" + Integer.toHexString(StyleSheet.CSS.hashCode()) + "\"";

    private final Catalog catalog;
    private final Instant started = Instant.now();
    private final NameAuditResults audit;
    /** The data directory's snapshots; null when none are served (tests of the pages alone). */
    private final Snapshots snapshots;

    /**
     * @param indexes every index, in the configuration's order
     * @param restricted the indexes whose readers need a login
     */
    public WebUi(Map<String, PackageIndex> indexes, String defaultIndex, Set<String> restricted) {
        this(indexes, defaultIndex, restricted, Map.of(), null, null, null);
    }

    /**
     * @param guards the indexes that block by advisories, as served
     * @param metrics the server's counts (blocked requests per index); null when not counted
     * @param audit the last {@code pymirror audit names}; null when no group can be audited
     * @param snapshots the snapshots the server serves (listed to the readers of their indexes)
     */
    public WebUi(Map<String, PackageIndex> indexes, String defaultIndex, Set<String> restricted,
            Map<String, GuardedIndex> guards, ServerMetrics metrics, NameAuditResults audit, Snapshots snapshots) {
        this.catalog = new Catalog(indexes, defaultIndex, restricted, guards, metrics);
        this.audit = audit;
        this.snapshots = snapshots;
    }

    /**
     * True when a request for {@code /} comes from a web browser, which then gets the UI's home
     * page: browsers name {@code application/xhtml+xml} in their Accept header, which no installer
     * does (pip and uv name the simple API, and are sent to {@code /simple/} before this is asked;
     * curl sends {@code *}{@code /*} and keeps the plain-text answer).
     */
    public static boolean isBrowser(Request request) {
        String accept = request.getHeaders().get(HttpHeader.ACCEPT);
        return accept != null && accept.contains("application/xhtml+xml");
    }

    /**
     * Answers {@code path}, which is {@code /} or starts with {@code /-/}.
     *
     * @param access the server's gate, for this request
     */
    public void handle(Request request, Response response, Callback callback, String path, Access access) {
        String method = request.getMethod();
        if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            send(request, response, callback, 405, MessagePage.render("Not allowed",
                    "The web UI's pages are read with GET; uploads go to an index's own URL.", null));
            return;
        }
        String rest = path.equals("/") ? "" : path.substring(Href.PREFIX.length());
        try {
            route(request, response, callback, rest, access);
        } catch (IOException e) {
            // Its message may name paths of this machine: the log has it, the reader gets a sentence.
            LOG.error("web UI: {}: {}", path, e.toString());
            send(request, response, callback, 503, MessagePage.render("Not available",
                    "A disk error on this server; its log says more.", null));
        }
    }

    private void route(Request request, Response response, Callback callback, String rest, Access access)
            throws IOException {
        if (rest.equals("style.css")) {
            stylesheet(request, response, callback);
            return;
        }
        if (rest.equals("login")) {
            if (access.loggedIn(request, response, callback)) {
                Response.sendRedirect(request, response, callback, 303, Href.home().toString(), true);
            }
            return;
        }
        List<String> readable = access.readable(request, response, callback);
        if (readable == null) {
            return;
        }
        // Asked only once the gate admitted the credentials: the top bar names whoever they are.
        String user = access.user(request);
        try {
            page(request, response, callback, rest, access, readable, user);
        } catch (Unavailable e) {
            send(request, response, callback, e.status(), MessagePage.render(title(e.status()), e.getMessage(), user));
        }
    }

    private void page(Request request, Response response, Callback callback, String rest, Access access,
            List<String> readable, String user) throws IOException, Unavailable {
        switch (rest) {
            case "" -> send(request, response, callback, 200, HomePage.render(catalog.summaries(readable), user));
            case "server" -> send(request, response, callback, 200, ServerPage.render(started, catalog.mirrors(readable), user));
            case "search" -> search(request, response, callback, readable, user);
            case "audit" -> audit(request, response, callback, readable, user);
            case "snapshots" -> send(request, response, callback, 200, SnapshotsPage.render(snapshots == null ? List.of()
                    : snapshots.list().stream().filter(s -> !s.restricted() || readable.contains(s.index())).toList(), user));
            default -> {
                String[] parts = rest.split("/", -1);
                if (parts[0].equals("index") && (parts.length == 3 || parts.length == 4) && parts[parts.length - 1].isEmpty()) {
                    String name = parts[1];
                    if (!catalog.has(name)) {
                        throw new Unavailable(404, "There is no index '" + name + "' that you may read.");
                    }
                    if (!access.admits(request, response, callback, name)) {
                        return; // as its simple API answers: 401 with a challenge, or 403
                    }
                    if (parts.length == 3) {
                        index(request, response, callback, catalog.index(name), readable, user);
                    } else {
                        project(request, response, callback, catalog.index(name), parts[2], readable, user);
                    }
                    return;
                }
                throw new Unavailable(404, "Nothing is at " + Href.PREFIX + rest + ".");
            }
        }
    }

    private void index(Request request, Response response, Callback callback, PackageIndex index, List<String> readable,
            String user) throws IOException, Unavailable {
        IndexPage page = new IndexPage(server(request), catalog.summary(index, readable), catalog.projects(index),
                IndexView.beneath(index) instanceof HostedIndex h ? catalog.uploads(h) : List.of(),
                IndexView.beneath(index) instanceof MirrorIndex m ? Catalog.mirror(m) : null,
                catalog.guard(index.name()), catalog.cooldown(index.name()));
        send(request, response, callback, 200, page.render(user));
    }

    private void project(Request request, Response response, Callback callback, PackageIndex index, String name,
            List<String> readable, String user) throws Unavailable {
        if (!ProjectName.isValid(name)) {
            throw new Unavailable(404, "'" + name + "' is not a project name.");
        }
        String normalized = ProjectName.normalize(name);
        if (!normalized.equals(name)) {
            Response.sendRedirect(request, response, callback, 301, Href.project(index.name(), normalized).toString(), true);
            return;
        }
        ProjectView view = catalog.project(index, ProjectName.of(name), readable);
        send(request, response, callback, 200, ProjectDetailPage.render(view, server(request), user));
    }

    private void search(Request request, Response response, Callback callback, List<String> readable, String user)
            throws IOException, Unavailable {
        Fields fields;
        try {
            fields = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            send(request, response, callback, 400, MessagePage.render("Bad request",
                    "The search's query string is not well-formed.", user));
            return;
        }
        String query = fields.getValue("q");
        query = query == null ? "" : query.strip();
        if (query.length() > MAX_QUERY) {
            query = query.substring(0, MAX_QUERY);
        }
        String within = fields.getValue("index");
        if (within != null && (within.isEmpty() || !readable.contains(within))) {
            within = null; // an index the reader may not read (or none) is not searched, nor said to exist
        }
        send(request, response, callback, 200, SearchPage.render(query, within, catalog.search(query, readable, within), user));
    }

    private void audit(Request request, Response response, Callback callback, List<String> readable, String user) {
        NameAuditResults.Last last = null;
        boolean unreadable = false;
        if (audit != null) {
            try {
                last = audit.last().orElse(null);
            } catch (IOException e) {
                LOG.error("web UI: the audit's results: {}", e.toString());
                unreadable = true;
            }
        }
        send(request, response, callback, 200, AuditPage.render(last, unreadable, readable, user));
    }

    /** The server as the reader reached it: the URL a person copies into pip's command line. */
    private static String server(Request request) {
        HttpURI uri = request.getHttpURI();
        String authority = uri.getAuthority();
        return authority == null || authority.isEmpty() ? "http://<server>" : uri.getScheme() + "://" + authority;
    }

    private static void stylesheet(Request request, Response response, Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/css; charset=utf-8");
        response.getHeaders().put(HttpHeader.ETAG, CSS_ETAG);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "max-age=3600, public");
        if (CSS_ETAG.equals(request.getHeaders().get(HttpHeader.IF_NONE_MATCH))) {
            response.setStatus(304);
            response.write(true, null, callback);
            return;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, StyleSheet.BYTES.length);
        response.write(true, HttpMethod.HEAD.is(request.getMethod()) ? null : ByteBuffer.wrap(StyleSheet.BYTES), callback);
    }

    private static void send(Request request, Response response, Callback callback, int status, String html) {
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("Content-Security-Policy", CSP);
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("Referrer-Policy", "same-origin");
        response.getHeaders().put(HttpHeader.VARY, "Accept, Authorization");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, HttpMethod.HEAD.is(request.getMethod()) ? null : ByteBuffer.wrap(body), callback);
    }

    private static String title(int status) {
        return switch (status) {
            case 404 -> "Not found";
            case 502, 504 -> "The upstream failed";
            default -> "Not available";
        };
    }
}
