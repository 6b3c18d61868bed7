package dev.pymirror.server.http;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.simple.ContentNegotiation;
import java.util.HashSet;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * The server's root as the default index, the way devpi serves one: devpi's documentation, and
 * diskimage-builder's {@code pypi} element after it, point pip at {@code http://host:3141/}, so pip
 * asks for {@code /<project>/}. Such a request is routed as the default index's
 * {@code /simple/<project>/}, the same answer byte for byte (negotiation, ETag, relative file URLs,
 * which resolve to {@code /files/...} from either place).
 *
 * <p>The rule for names: a first segment that is an index name or a reserved route, in any spelling
 * of a project name ({@code Files}, {@code my_index} for {@code my-index}), stays that index or route;
 * a project of that name is reached at {@code /simple/<name>/} only. Reserved are the routes of the
 * root ({@code simple}, {@code files}, {@code health}) and the names kept for routes to come
 * ({@code metrics}, {@code pypi} for the legacy JSON API).
 *
 * <p>An index's root is its index too: {@code /<index>/<project>/} is redirected to
 * {@code /<index>/simple/<project>/} (a project named {@code simple} or {@code files} is reached
 * under {@code simple/} only), since {@code http://host/<index>/}, the upload URL, is easily given
 * for the index URL. A redirect, not the page itself: the page's relative file URLs
 * ({@code ../../files/...}) would resolve from one level up to the root's {@code /files/}, which
 * is the default index's, not this one's.
 */
final class RootIndex {

    /** First path segments that are never a project at the root. */
    static final Set<String> RESERVED = Set.of("simple", "files", "health", "metrics", "pypi");

    /** Second path segments that are an index's own routes, never a project under it. */
    static final Set<String> INDEX_ROUTES = Set.of("simple", "files");

    private final Set<String> taken;
    private final Set<String> indexNames;

    RootIndex(Set<String> indexNames) {
        this.indexNames = Set.copyOf(indexNames);
        Set<String> names = new HashSet<>(RESERVED);
        for (String index : indexNames) {
            names.add(ProjectName.isValid(index) ? ProjectName.normalize(index) : index);
        }
        this.taken = Set.copyOf(names);
    }

    /**
     * The path a read request is routed by: {@code /simple/<project>/} for {@code /<project>/} when
     * the name is free, otherwise {@code path} unchanged. Only one shape is looked at, with its
     * trailing slash, as pip asks: {@code /favicon.ico} from a browser is no project.
     */
    String route(String path) {
        int slash = path.indexOf('/', 1);
        if (slash < 0 || slash != path.length() - 1) {
            return path;
        }
        String name = path.substring(1, slash);
        if (!ProjectName.isValid(name) || taken.contains(ProjectName.normalize(name))) {
            return path;
        }
        return "/simple" + path;
    }

    /**
     * Where {@code /<index>/<project>/} is sent: {@code /<index>/simple/<project>/}; null for any
     * other path. The same slip as at the root, one level down: an index's root (its upload URL)
     * given as its index URL.
     */
    String indexRootRedirect(String path) {
        int slash = path.indexOf('/', 1);
        if (slash < 0) {
            return null;
        }
        int second = path.indexOf('/', slash + 1);
        if (second != path.length() - 1) {
            return null;
        }
        String index = path.substring(1, slash);
        String name = path.substring(slash + 1, second);
        if (!indexNames.contains(index) || INDEX_ROUTES.contains(name) || !ProjectName.isValid(name)) {
            return null;
        }
        return "/" + index + "/simple/" + name + "/";
    }

    /**
     * True when a request for {@code /} comes from an installer wanting the project list: it names
     * a simple-API type in its Accept header (pip since 22.2, uv) or asks with {@code ?format=}. A
     * browser (text/html) or curl ({@code *}{@code /*}) gets the page for people instead. Older pips
     * accept text/html only, but no pip asks for the list to install: it asks for
     * {@code /<project>/}, which every client gets.
     */
    static boolean wantsProjectList(Request request) {
        String query = request.getHttpURI().getQuery();
        if (query != null && (query.startsWith("format=") || query.contains("&format="))) {
            return true;
        }
        return ContentNegotiation.namesSimpleApi(request.getHeaders().get(HttpHeader.ACCEPT));
    }
}
