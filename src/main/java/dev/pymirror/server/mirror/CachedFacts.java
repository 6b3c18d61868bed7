package dev.pymirror.server.mirror;

import java.util.Map;

/**
 * What the cache knows of a project's files that the upstream's page may not say: each cached
 * file's size, and the Requires-Python of each cached metadata file. Cached files never change, so
 * these hold for good.
 *
 * @param sizes bytes, by file name
 * @param requiresPython the metadata's {@code Requires-Python}, by the name of the file it describes
 */
record CachedFacts(Map<String, Long> sizes, Map<String, String> requiresPython) {

    static final CachedFacts NONE = new CachedFacts(Map.of(), Map.of());

    CachedFacts {
        sizes = Map.copyOf(sizes);
        requiresPython = Map.copyOf(requiresPython);
    }
}
