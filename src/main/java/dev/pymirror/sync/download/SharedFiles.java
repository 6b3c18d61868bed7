package dev.pymirror.sync.download;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files that trees synced earlier in one run hold, by the upstream URL they came from, so that
 * a tree synced later in the run takes its copy instead of fetching it again ({@code sync
 * --config}: several mirrors, one download per file). A file is lent only when its SHA-256 and
 * size are those the later tree expects; it is hard-linked into that tree's spool (copied across
 * file systems), from which the downloader moves it into place as it does any spooled file.
 */
public final class SharedFiles {

    private record Held(Path path, String sha256, long size) {}

    private final Map<String, Held> byUrl = new ConcurrentHashMap<>();

    /** Records a published file of a tree synced in this run. */
    public void remember(String url, Path published, String sha256, long size) {
        if (url != null && sha256 != null) {
            byUrl.put(url, new Held(published, sha256, size));
        }
    }

    /**
     * Puts a copy of the planned file into the spool when a tree synced earlier holds it with the
     * expected bytes; false when none does, or its copy is gone.
     */
    public boolean lend(PlannedFile file, Spool spool) throws IOException {
        Held held = byUrl.get(file.source().url());
        if (held == null || !Files.isRegularFile(held.path())) {
            return false;
        }
        String expected = file.expected().sha256();
        if (expected == null || !expected.equalsIgnoreCase(held.sha256())
                || file.expected().size() >= 0 && file.expected().size() != held.size()) {
            return false;
        }
        Path copy = spool.pathFor(file.filename());
        Files.createDirectories(copy.getParent());
        Files.deleteIfExists(copy);
        try {
            Files.createLink(copy, held.path());
        } catch (UnsupportedOperationException | IOException e) {
            if (e instanceof FileAlreadyExistsException) {
                throw (IOException) e;
            }
            Files.copy(held.path(), copy, StandardCopyOption.REPLACE_EXISTING); // another file system
        }
        spool.put(file.filename(), new FetchedFile(copy, held.sha256(), held.size()));
        return true;
    }
}
