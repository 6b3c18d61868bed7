package dev.pymirror.upstream;

/**
 * The outcome of asking an upstream for a page (a project page or the project list), when the
 * upstream answered properly.
 *
 * @param <T> what the page holds
 */
public sealed interface PageFetch<T> {

    /** A page, with what identifies this version of it. */
    record Fetched<T>(T page, Validators validators) implements PageFetch<T> {}

    /** The page has not changed since the validators sent. */
    record NotModified<T>() implements PageFetch<T> {}

    /** The upstream has no such page (404 or 410). */
    record NotFound<T>() implements PageFetch<T> {}
}
