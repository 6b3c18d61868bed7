package dev.pymirror.sync.download;

import java.util.List;

/**
 * The files a sync needs, split into those to fetch and those the tree already holds.
 *
 * @param fetch files to download, in the order they were planned
 * @param present files already in the tree, checked against what the upstream states
 */
public record DownloadPlan(List<PlannedFile> fetch, List<PlannedFile> present) {

    public DownloadPlan {
        fetch = List.copyOf(fetch);
        present = List.copyOf(present);
    }

    /** Bytes to download, as far as the upstream states sizes. */
    public long bytesToFetch() {
        return fetch.stream().mapToLong(f -> Math.max(0, f.expected().size())).sum();
    }

    /** Every file needed. */
    public List<PlannedFile> all() {
        List<PlannedFile> all = new java.util.ArrayList<>(present);
        all.addAll(fetch);
        return all;
    }
}
