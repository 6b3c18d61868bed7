package dev.pymirror.testing;

/**
 * One way a client reaches the client matrix's projects: an index URL, what kind of path it is,
 * and which encoding of the pages the client is given there.
 *
 * @param kind what serves the pages
 * @param encoding the encoding the client reads on this path ({@link Encoding#NEGOTIATED}: the
 *     server answers what the client's Accept prefers)
 * @param indexUrl the URL to give the client as its index
 */
public record IndexPath(Kind kind, Encoding encoding, String indexUrl) {

    /** What serves the pages. */
    public enum Kind {
        /** {@code pymirror serve}'s caching proxy of a test upstream on 127.0.0.1. */
        MIRROR,
        /** A hosted index whose files were uploaded with twine. */
        HOSTED,
        /** A group: a hosted index (with some of the projects) before the mirror (with all of them). */
        GROUP,
        /** The synced tree served by {@code pymirror serve} as a static index. */
        STATIC,
        /** The synced tree read over {@code file://}. */
        TREE_FILE,
        /** The synced tree served by nginx. */
        TREE_NGINX;

        /** A short name for test display names and the README's table. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** The encoding of pages on a path. */
    public enum Encoding {
        /** PEP 691 JSON or PEP 503 HTML, as the client's Accept header prefers. */
        NEGOTIATED,
        /** PEP 503 HTML whatever the client asks for. */
        HTML
    }

    @Override
    public String toString() {
        return kind.label() + (encoding == Encoding.HTML ? " (html)" : " (negotiated)");
    }
}
