package dev.pymirror.server.mirror;

import dev.pymirror.server.config.RetentionPolicy;
import java.time.Instant;

/**
 * What a mirror's file cache holds now and the limits it is kept to, from memory (no disk walk):
 * for {@code /health} and the web UI, which anyone may ask often.
 *
 * @param files files in the cache (distributions, their metadata and provenance)
 * @param bytes their bytes
 * @param counted false while the start-up count of the cache runs (the figures are then partial)
 * @param policy the retention policy ({@link RetentionPolicy#NONE} when it keeps everything)
 * @param lastPrune when the server last applied the policy; null before the first time
 * @param lastEvicted files the last prune evicted
 * @param lastFreed bytes the last prune freed
 */
public record CacheUse(long files, long bytes, boolean counted, RetentionPolicy policy, Instant lastPrune,
        int lastEvicted, long lastFreed) {}
