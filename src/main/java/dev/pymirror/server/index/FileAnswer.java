package dev.pymirror.server.index;

import java.nio.file.Path;

/** What a request for a file gets: a file in the store, or one still arriving to follow. */
public sealed interface FileAnswer {

    /** A complete, verified file on disk. */
    record Stored(Path path) implements FileAnswer {}

    /**
     * A file still arriving from an upstream, or being kept.
     *
     * @param checked true when every byte was in and checked as the request joined the download
     *     (the file is being kept): it waits for nothing from the upstream, so it is a cache hit
     */
    record Arriving(FileDownload download, boolean checked) implements FileAnswer {
        /** A download the request waits for the upstream's bytes of: a cache miss. */
        public Arriving(FileDownload download) {
            this(download, false);
        }
    }
}
