package dev.pymirror.inject;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * The URL of a package index that an image root's clients are pointed at: {@code http}, {@code https}
 * or {@code file} (a local tree such as {@code file:///tmp/pypi}).
 *
 * <p>It is written verbatim into INI and TOML files, so anything that could break out of a value
 * (white space, control characters, quotes, a backslash) is refused here rather than escaped there.
 *
 * @param uri the parsed URL
 */
public record IndexUrl(URI uri) {

    public IndexUrl {
        if (uri == null) {
            throw new IllegalArgumentException("index URL is missing");
        }
    }

    /**
     * Parses and checks an index URL.
     *
     * @param text the URL as given
     * @param source where it came from ("--index-url", "DIB_PYPI_MIRROR_URL_1"), named in errors
     * @throws InvalidSettingException naming the source and what is wrong
     */
    public static IndexUrl parse(String text, String source) {
        if (text == null || text.isBlank()) {
            throw new InvalidSettingException(source + " is empty: give the URL of an index, such as file:///tmp/pypi");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c == 0x7f || c == '"' || c == '\\') {
                throw new InvalidSettingException(source + " is not a valid index URL: '" + printable(text)
                        + "' contains " + describe(c) + " at position " + (i + 1));
            }
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new InvalidSettingException(source + " is not a valid index URL: '" + text + "': " + e.getReason()
                    + (e.getIndex() >= 0 ? " at position " + (e.getIndex() + 1) : ""));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "http", "https" -> {
                if (uri.getHost() == null || uri.getHost().isEmpty()) {
                    throw new InvalidSettingException(source + " is not a valid index URL: '" + text + "' names no host");
                }
            }
            case "file" -> {
                if (uri.getPath() == null || !uri.getPath().startsWith("/")) {
                    throw new InvalidSettingException(source + " is not a valid index URL: '" + text
                            + "' is not an absolute file URL (write file:///path)");
                }
                if (uri.getAuthority() != null && !uri.getAuthority().equalsIgnoreCase("localhost")) {
                    throw new InvalidSettingException(source + " is not a valid index URL: '" + text
                            + "' names a remote host in a file URL (write file:///path)");
                }
            }
            case "" -> throw new InvalidSettingException(source + " is not a valid index URL: '" + text
                    + "' has no scheme (write http://, https:// or file:///)");
            default -> throw new InvalidSettingException(source + " is not a valid index URL: '" + text
                    + "' has scheme '" + uri.getScheme() + "' (pip and uv read http, https and file)");
        }
        return new IndexUrl(uri);
    }

    /**
     * A warning when this is the root of a web server ({@code http://host:3141/}): pip asks it for
     * {@code <url><project>/}, and pymirror serve, PyPI and a tree served as docs/static-tree.md
     * shows have their index at {@code /simple/}, so every install would fail with "no matching
     * distribution". Only a warning: a tree served at a server's root is an index too, and inject
     * does not ask the index (it need not be reachable from here).
     */
    public Optional<String> serverRoot() {
        String path = uri.getRawPath();
        if ("file".equalsIgnoreCase(uri.getScheme()) || (path != null && !path.isEmpty() && !path.equals("/"))) {
            return Optional.empty();
        }
        return Optional.of(this + " is the root of its server: pip will ask it for " + uri.resolve("/") + "<project>/;"
                + " an index served by pymirror serve, or as a tree at /simple/, is at " + uri.resolve("/simple/"));
    }

    /** True for plain {@code http}, which pip refuses unless its host is trusted. */
    public boolean isPlainHttp() {
        return "http".equalsIgnoreCase(uri.getScheme());
    }

    /**
     * The {@code host} or {@code host:port} pip's {@code trusted-host} needs for this URL: present
     * for plain {@code http} only.
     */
    public Optional<String> trustedHost() {
        if (!isPlainHttp()) {
            return Optional.empty();
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return Optional.of(uri.getPort() >= 0 ? host + ":" + uri.getPort() : host);
    }

    /** The URL as written in configuration files. */
    @Override
    public String toString() {
        return uri.toString();
    }

    private static String describe(char c) {
        if (c == ' ') {
            return "a space";
        }
        if (c == '"' || c == '\\') {
            return "'" + c + "'";
        }
        return String.format("the control character U+%04X", (int) c);
    }

    private static String printable(String text) {
        StringBuilder b = new StringBuilder();
        text.codePoints().forEach(cp -> {
            if (cp < ' ' || cp == 0x7f) {
                b.append(String.format("\\u%04x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }
}
