package dev.pymirror.sync.download;

import java.net.URI;
import java.time.Duration;

/** What the downloader is doing, for progress bars and log lines. Called from many threads. */
public interface DownloadListener {

    /** Downloading starts: this many files, this many bytes (as far as the index states sizes). */
    default void planned(int files, long bytes) {}

    /** A file starts. */
    default void started(PlannedFile file) {}

    /** Bytes arrived (negative when a failed attempt's bytes are taken back). */
    default void received(long bytes) {}

    /** A file is in place; {@code reused} when it was downloaded earlier in the run, while resolving. */
    default void finished(PlannedFile file, FetchedFile fetched, boolean reused) {}

    /** An attempt failed and another follows after {@code delay}. */
    default void retrying(URI url, int failedAttempt, Duration delay, String reason) {}

    /** A file could not be had. */
    default void failed(PlannedFile file, String reason) {}

    DownloadListener NONE = new DownloadListener() {};
}
