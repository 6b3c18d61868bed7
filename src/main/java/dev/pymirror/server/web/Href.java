package dev.pymirror.server.web;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A link of the web UI. Made only from the UI's own route shapes with each name percent-encoded, or
 * from a file URL that is this server's or plain http(s): no {@code javascript:} or other scheme a
 * hostile page could carry can become a link.
 */
final class Href {

    /** The UI's prefix: {@code -} is neither a project name (PEP 508) nor an index name, so it clashes with neither. */
    static final String PREFIX = "/-/";

    private final String value;

    private Href(String value) {
        this.value = value;
    }

    static Href home() {
        return new Href(PREFIX);
    }

    static Href stylesheet() {
        return new Href(PREFIX + "style.css");
    }

    static Href server() {
        return new Href(PREFIX + "server");
    }

    static Href audit() {
        return new Href(PREFIX + "audit");
    }

    static Href snapshots() {
        return new Href(PREFIX + "snapshots");
    }

    /** A snapshot's simple-API root, for "pip install --index-url". */
    static Href snapshot(String name) {
        return new Href("/+snapshot/" + segment(name) + "/simple/");
    }

    static Href health() {
        return new Href("/health");
    }

    static Href metrics() {
        return new Href("/metrics");
    }

    static Href login() {
        return new Href(PREFIX + "login");
    }

    static Href index(String index) {
        return new Href(PREFIX + "index/" + segment(index) + "/");
    }

    static Href project(String index, String project) {
        return new Href(PREFIX + "index/" + segment(index) + "/" + segment(project) + "/");
    }

    /** The search page for {@code query}, across every index or within one (null: every index). */
    static Href search(String query, String index) {
        return new Href(PREFIX + "search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
                + (index == null ? "" : "&index=" + URLEncoder.encode(index, StandardCharsets.UTF_8)));
    }

    /** The simple-API page installers read, for "pip install --index-url". */
    static Href simple(String index) {
        return new Href("/" + segment(index) + "/simple/");
    }

    /**
     * A file's link as a project page gives it, resolved against the page's URL on this server
     * ({@code /<index>/simple/<project>/}); null when it is not this server's or http(s).
     */
    static Href file(String index, String project, String url) {
        URI resolved;
        try {
            resolved = URI.create("/" + segment(index) + "/simple/" + segment(project) + "/").resolve(url);
        } catch (IllegalArgumentException e) {
            return null;
        }
        String scheme = resolved.getScheme();
        if (scheme == null) {
            return resolved.getRawPath() != null && resolved.getRawPath().startsWith("/")
                    && resolved.getRawAuthority() == null ? new Href(resolved.toString()) : null;
        }
        return scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https") ? new Href(resolved.toString()) : null;
    }

    /** One path segment, percent-encoded but for RFC 3986's unreserved characters. */
    static String segment(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return value;
    }
}
