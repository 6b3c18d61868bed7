package dev.pymirror.server.mirror.retention;

import java.util.List;

/**
 * What a prune evicted (or, dry-run, would evict) and what it kept.
 *
 * @param evicted the files evicted, least recently used first within each limit
 * @param kept the files left
 * @param bytesKept their bytes
 * @param dryRun whether nothing was removed
 */
public record PruneReport(List<Eviction> evicted, int kept, long bytesKept, boolean dryRun) {

    public PruneReport {
        evicted = List.copyOf(evicted);
    }

    public long bytesFreed() {
        return evicted.stream().mapToLong(e -> e.file().bytes()).sum();
    }
}
