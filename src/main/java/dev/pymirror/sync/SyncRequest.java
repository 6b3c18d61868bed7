package dev.pymirror.sync;

import dev.pymirror.sync.download.RetryPolicy;
import dev.pymirror.sync.resolve.InstallTarget;
import dev.pymirror.sync.resolve.SdistPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything a sync is asked to do.
 *
 * @param requirementFiles {@code -r} files
 * @param constraintFiles {@code -c} files
 * @param specs requirements given as arguments
 * @param targets the interpreters and platforms to resolve for
 * @param upstream the index to sync from, or null to take the requirements files' {@code --index-url}
 *     or else {@code defaultUpstream}
 * @param defaultUpstream the index when neither the command line nor a file names one
 * @param output the tree's directory
 * @param sdists which projects may be mirrored as sdists
 * @param prereleases accept pre-releases everywhere
 * @param jobs how many downloads run at once
 * @param prune remove files no target needs any more
 * @param retry how failures of the upstream are retried
 * @param timeout how long to wait for a connection, an answer, or the next chunk
 * @param lockFiles lock files ({@code pylock.toml}, {@code uv.lock}) whose files are mirrored as
 *     they are, beside or instead of requirements
 */
public record SyncRequest(
        List<Path> requirementFiles,
        List<Path> constraintFiles,
        List<String> specs,
        List<InstallTarget> targets,
        URI upstream,
        URI defaultUpstream,
        Path output,
        SdistPolicy sdists,
        boolean prereleases,
        int jobs,
        boolean prune,
        RetryPolicy retry,
        Duration timeout,
        List<Path> lockFiles) {

    /** A request from requirements alone. */
    public SyncRequest(List<Path> requirementFiles, List<Path> constraintFiles, List<String> specs,
            List<InstallTarget> targets, URI upstream, URI defaultUpstream, Path output, SdistPolicy sdists,
            boolean prereleases, int jobs, boolean prune, RetryPolicy retry, Duration timeout) {
        this(requirementFiles, constraintFiles, specs, targets, upstream, defaultUpstream, output, sdists, prereleases,
                jobs, prune, retry, timeout, List.of());
    }

    public SyncRequest {
        lockFiles = List.copyOf(lockFiles);
        requirementFiles = List.copyOf(requirementFiles);
        constraintFiles = List.copyOf(constraintFiles);
        specs = List.copyOf(specs);
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("a sync needs at least one target");
        }
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be at least 1: " + jobs);
        }
    }

    /** This request with these lock files. */
    public SyncRequest withLockFiles(List<Path> locks) {
        return new SyncRequest(requirementFiles, constraintFiles, specs, targets, upstream, defaultUpstream, output,
                sdists, prereleases, jobs, prune, retry, timeout, locks);
    }
}
