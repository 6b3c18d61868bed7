package dev.pymirror.advisories;

/**
 * What an import changed.
 *
 * @param read PyPI records read from the source
 * @param added records that were not in the store
 * @param replaced records whose newer {@code modified} replaced the stored copy
 * @param withdrawn stored records removed because the source withdrew them
 * @param unchanged records the store had already, as recent or more
 * @param total advisories in the store now
 */
public record ImportReport(int read, int added, int replaced, int withdrawn, int unchanged, int total) {}
