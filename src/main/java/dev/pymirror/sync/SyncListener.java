package dev.pymirror.sync;

import dev.pymirror.sync.download.DownloadListener;
import dev.pymirror.sync.index.UpstreamPackageIndex;
import dev.pymirror.sync.resolve.Resolution;

/** Everything a sync reports while it runs, for progress bars or log lines. Called from many threads. */
public interface SyncListener extends DownloadListener, UpstreamPackageIndex.Listener {

    /** An attempt to reach the upstream failed and another follows after {@code delay}. */
    @Override
    default void retrying(java.net.URI url, int failedAttempt, java.time.Duration delay, String reason) {}

    /** A step starts: {@code resolving}, {@code downloading}, {@code writing pages}. */
    default void step(String description) {}

    /** A target was resolved. */
    default void resolved(Resolution resolution) {}

    /** Something the user should know that is no failure. */
    default void note(String message) {}

    SyncListener NONE = new SyncListener() {};
}
