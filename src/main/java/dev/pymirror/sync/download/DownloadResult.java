package dev.pymirror.sync.download;

import java.util.List;
import java.util.Map;

/**
 * What a download run did.
 *
 * @param fetched the files now in place, with their checked hash and size
 * @param failures one sentence per file that could not be had
 * @param bytes bytes received over the network for files in place
 */
public record DownloadResult(Map<PlannedFile, FetchedFile> fetched, List<String> failures, long bytes) {

    public DownloadResult {
        fetched = Map.copyOf(fetched);
        failures = List.copyOf(failures);
    }

    public boolean ok() {
        return failures.isEmpty();
    }
}
