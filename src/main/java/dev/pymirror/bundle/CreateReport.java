package dev.pymirror.bundle;

/** What {@code bundle create} wrote: the tree it describes and the part of it the bundle carries. */
public record CreateReport(String manifestId, String base, String signedBy, int files, long treeBytes, int objects,
        long objectBytes, long bundleBytes) {}
