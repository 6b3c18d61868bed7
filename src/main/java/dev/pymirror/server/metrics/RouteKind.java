package dev.pymirror.server.metrics;

/** What a request asked for, as {@code /metrics} counts it (the label {@code route}). */
public enum RouteKind {
    /** A project page or project list. */
    PAGE,
    /** A distribution file. */
    FILE,
    /** A file's {@code .metadata} (PEP 658). */
    METADATA,
    /** A POST to an index: an upload. */
    UPLOAD,
    /** Everything else: redirects, the root page, /health, /metrics, the legacy JSON API, yank and delete. */
    OTHER;

    final String label = name().toLowerCase(java.util.Locale.ROOT);
}
