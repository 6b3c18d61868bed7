package dev.pymirror.bundle;

/**
 * What {@code bundle import} did: the tree it made visible, and where its objects came from
 * (extracted now, already staged by an interrupted import, or reused from the base's tree).
 * {@code unchanged} when the tree already was that bundle's.
 */
public record ImportReport(String manifestId, String signedBy, int files, long bytes, int extracted, int resumed,
        int fromBase, boolean unchanged) {}
