package dev.pymirror.server.index;

import java.nio.file.Path;

/** What a request for a file gets: a file in the store, or one still arriving to follow. */
public sealed interface FileAnswer {

    /** A complete, verified file on disk. */
    record Stored(Path path) implements FileAnswer {}

    /** A file still arriving from an upstream. */
    record Arriving(FileDownload download) implements FileAnswer {}
}
