package dev.pymirror.server.mirror.retention;

import dev.pymirror.store.FileVersion;
import dev.pymirror.store.StagedFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * How {@code pymirror cache prune}, another process, tells a running server that it evicted files
 * from a mirror's cache: {@code <index>/.pruned}, replaced after each prune that removed something.
 * The server keeps its cache's counts in memory (for {@code /metrics} and {@code /health}) and
 * counts the cache again when this file's version changes; its own prunes adjust the counts
 * directly and leave the file alone.
 */
public final class PruneMarker {

    private final Path file;

    /** The marker of the mirror whose cache is {@code filesDir}. */
    public PruneMarker(Path filesDir) {
        this.file = filesDir.resolveSibling(".pruned");
    }

    /** Says that files were evicted now (the time written is for a reader of the folder). */
    public void touch() throws IOException {
        Files.createDirectories(file.getParent());
        try (StagedFile staged = StagedFile.create(file)) {
            byte[] text = (Instant.now() + "\n").getBytes(StandardCharsets.US_ASCII);
            staged.write(text, 0, text.length);
            staged.publish(null, -1);
        }
    }

    /** The marker's version now; empty when no prune ever wrote it (or it cannot be read). */
    public Optional<FileVersion> version() {
        try {
            return FileVersion.of(file);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
