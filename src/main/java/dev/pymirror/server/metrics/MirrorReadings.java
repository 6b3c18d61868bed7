package dev.pymirror.server.metrics;

import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * What a mirror tells {@code /metrics} when it is scraped; each is a read of a number the mirror
 * keeps anyway, never a walk of its cache.
 *
 * @param downloadsInFlight files being fetched from the upstream now
 * @param upstreamState the upstream circuit: 0 up, 1 slow, 2 down
 * @param cachedFiles files in the cache
 * @param cachedBytes their bytes
 */
public record MirrorReadings(IntSupplier downloadsInFlight, IntSupplier upstreamState, LongSupplier cachedFiles,
        LongSupplier cachedBytes) {}
