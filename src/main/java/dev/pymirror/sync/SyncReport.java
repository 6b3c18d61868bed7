package dev.pymirror.sync;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a sync did, for the summary line and the tests.
 *
 * @param upstream the index synced from
 * @param packagesPerTarget how many releases each target resolved to, by target name
 * @param projects how many distinct projects the tree serves for the targets
 * @param filesNeeded how many files the targets need
 * @param filesFetched how many of them were downloaded in this run
 * @param filesPresent how many the tree already held
 * @param filesPruned how many files no target needs were removed
 * @param bytesDownloaded bytes received from the upstream, metadata and files
 * @param pagesWritten how many pages changed
 * @param elapsed the time the sync took
 * @param notes what the user should know, one sentence each
 */
public record SyncReport(
        String upstream,
        Map<String, Integer> packagesPerTarget,
        int projects,
        int filesNeeded,
        int filesFetched,
        int filesPresent,
        int filesPruned,
        long bytesDownloaded,
        int pagesWritten,
        Duration elapsed,
        List<String> notes) {

    public SyncReport {
        packagesPerTarget = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(packagesPerTarget));
        notes = List.copyOf(notes);
    }
}
