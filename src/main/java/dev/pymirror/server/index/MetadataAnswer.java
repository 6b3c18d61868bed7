package dev.pymirror.server.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a request for a file's PEP 658 core metadata gets: a file in the store, or bytes fetched and
 * checked for this request (or one just before it) that are being stored after the answer.
 */
public sealed interface MetadataAnswer {

    /** The metadata's bytes (read from disk when stored). */
    byte[] bytes() throws IOException;

    /** A complete, verified metadata file on disk. */
    record Stored(Path path) implements MetadataAnswer {
        @Override
        public byte[] bytes() throws IOException {
            return Files.readAllBytes(path);
        }
    }

    /**
     * Metadata checked against every digest its listing states, held in memory until it is stored:
     * a client waits for neither the disk nor the page rebuilt from it.
     *
     * @param fetched true when this request had it fetched (a cache miss), false when it joined one
     *     that did
     */
    record Held(byte[] bytes, boolean fetched) implements MetadataAnswer {}
}
