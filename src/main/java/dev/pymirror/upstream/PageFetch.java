package dev.pymirror.upstream;

import dev.pymirror.simple.ProjectPage;

/** The outcome of asking an upstream for a project page, when the upstream answered properly. */
public sealed interface PageFetch {

    /** A page, with what identifies this version of it. */
    record Fetched(ProjectPage page, Validators validators) implements PageFetch {}

    /** The page has not changed since the validators sent. */
    record NotModified() implements PageFetch {}

    /** The upstream has no such project (404 or 410). */
    record NotFound() implements PageFetch {}
}
