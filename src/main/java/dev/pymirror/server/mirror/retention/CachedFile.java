package dev.pymirror.server.mirror.retention;

import dev.pymirror.packaging.version.Version;
import java.time.Instant;
import java.util.List;

/**
 * A distribution file in a mirror's cache, with the siblings that go with it.
 *
 * @param project the project's normalized name (its folder)
 * @param filename the file's name
 * @param siblings the names of its {@code .metadata} and {@code .provenance} files, those that exist
 * @param bytes the size of the file and its siblings
 * @param lastAccess when it was last read (or cached, if never read since)
 * @param version the version its name states, or null for a name that states none pymirror reads
 */
public record CachedFile(String project, String filename, List<String> siblings, long bytes,
        Instant lastAccess, Version version) {

    public CachedFile {
        siblings = List.copyOf(siblings);
    }

    /** The file's key in {@link AccessTimes}: {@code project/filename}. */
    public String key() {
        return project + "/" + filename;
    }
}
