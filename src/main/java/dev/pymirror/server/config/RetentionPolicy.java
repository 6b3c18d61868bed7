package dev.pymirror.server.config;

import java.time.Duration;

/**
 * What a mirror index keeps in its file cache; every limit is optional (0 or null: no limit).
 *
 * @param maxCacheSize the most bytes the cached files (with their metadata and provenance) may
 *     take; the least recently used go first
 * @param maxUnusedAge how long a file may go without being read before it goes
 * @param keepVersions how many of a project's newest versions keep their files
 * @param interval how often a running server applies the policy
 */
public record RetentionPolicy(long maxCacheSize, Duration maxUnusedAge, int keepVersions, Duration interval) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofHours(1);
    public static final RetentionPolicy NONE = new RetentionPolicy(0, null, 0, null);

    public RetentionPolicy {
        if (maxCacheSize < 0) {
            throw new ConfigException("max-cache-size must not be negative");
        }
        if (keepVersions < 0) {
            throw new ConfigException("keep-versions must not be negative");
        }
        if (maxUnusedAge != null && (maxUnusedAge.isNegative() || maxUnusedAge.isZero())) {
            throw new ConfigException("max-unused-age must be a positive duration, not " + maxUnusedAge);
        }
        interval = interval == null ? DEFAULT_INTERVAL : interval;
        if (interval.isNegative() || interval.isZero()) {
            throw new ConfigException("prune-interval must be a positive duration, not " + interval);
        }
    }

    /** Whether any limit is set: without one, nothing is ever evicted. */
    public boolean limits() {
        return maxCacheSize > 0 || maxUnusedAge != null || keepVersions > 0;
    }
}
