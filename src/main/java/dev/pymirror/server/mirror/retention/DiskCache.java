package dev.pymirror.server.mirror.retention;

import dev.pymirror.simple.ProvenanceObject;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A mirror's cache in the data directory: {@code <project>/<file>} under its files folder, last
 * read as the file's atime (written by {@link AccessTimes#flush}), or its arrival (mtime) if later.
 * A file being served when it is removed is still sent whole: an open file keeps its bytes on
 * Linux until closed.
 */
public final class DiskCache implements CacheContents {

    private final Path filesDir;

    public DiskCache(Path filesDir) {
        this.filesDir = filesDir;
    }

    @Override
    public void flush(AccessTimes accesses) {
        accesses.flush(filesDir);
    }

    @Override
    public boolean remove(CachedFile f) throws IOException {
        Path file = filesDir.resolve(f.project()).resolve(f.filename());
        boolean removed = Files.deleteIfExists(file);
        for (String sibling : f.siblings()) {
            Files.deleteIfExists(file.resolveSibling(sibling));
        }
        return removed;
    }

    @Override
    public List<CachedFile> scan() throws IOException {
        List<CachedFile> files = new ArrayList<>();
        if (!Files.isDirectory(filesDir)) {
            return files;
        }
        try (DirectoryStream<Path> projects = Files.newDirectoryStream(filesDir, Files::isDirectory)) {
            for (Path projectDir : projects) {
                String project = projectDir.getFileName().toString();
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(projectDir)) {
                    for (Path p : entries) {
                        String name = p.getFileName().toString();
                        if (name.startsWith(".") || CacheRetention.isSibling(name)) {
                            continue; // a staged download, or a sibling counted with its file
                        }
                        cached(project, name, p).ifPresent(files::add);
                    }
                } catch (NoSuchFileException gone) {
                    // The project's folder went while we looked.
                }
            }
        }
        return files;
    }

    private static Optional<CachedFile> cached(String project, String name, Path p) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(p, BasicFileAttributes.class);
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        }
        if (!a.isRegularFile()) {
            return Optional.empty();
        }
        long bytes = a.size();
        List<String> siblings = new ArrayList<>();
        for (String s : List.of(name + CacheRetention.METADATA, name + ProvenanceObject.SUFFIX)) {
            try {
                bytes += Files.size(p.resolveSibling(s));
                siblings.add(s);
            } catch (NoSuchFileException absent) {
                // Not every file has one.
            }
        }
        // The later of the atime and the file's arrival (mtime): a file cached and never read since
        // counts from its arrival.
        Instant last = a.lastAccessTime().toInstant();
        if (a.lastModifiedTime().toInstant().isAfter(last)) {
            last = a.lastModifiedTime().toInstant();
        }
        return Optional.of(new CachedFile(project, name, siblings, bytes, last, CacheRetention.version(name)));
    }
}
