package dev.pymirror.sync.download;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Whole files downloaded while resolving (an sdist to read its PKG-INFO, a wheel from a server
 * that does not answer range requests), kept so that the download step moves them into the tree
 * instead of fetching them again. It lives inside the output directory, so the move is a rename.
 * What the resolution did not choose is deleted with the spool.
 */
public final class Spool {

    private final Path dir;
    private final ConcurrentHashMap<String, FetchedFile> files = new ConcurrentHashMap<>();

    public Spool(Path dir) {
        this.dir = dir;
    }

    /** Where a file of this name is downloaded to. */
    public Path pathFor(String filename) {
        return dir.resolve(filename);
    }

    /** Records a file downloaded and checked into {@link #pathFor}. */
    public void put(String filename, FetchedFile file) {
        files.put(filename, file);
    }

    /** A file downloaded earlier in this run, if any. */
    public Optional<FetchedFile> get(String filename) {
        return Optional.ofNullable(files.get(filename));
    }

    /** Removes the spool and whatever is left in it. */
    public void clear() throws IOException {
        files.clear();
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }
}
