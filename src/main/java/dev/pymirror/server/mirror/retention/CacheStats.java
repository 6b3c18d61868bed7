package dev.pymirror.server.mirror.retention;

import java.time.Instant;
import java.util.Optional;

/**
 * A mirror cache's size.
 *
 * @param projects projects with at least one cached file
 * @param files distribution files cached
 * @param bytes their bytes, with their metadata and provenance files
 * @param leastRecentAccess when the least recently read file was last read
 */
public record CacheStats(int projects, int files, long bytes, Optional<Instant> leastRecentAccess) {
}
