package dev.pymirror.cli;

import dev.pymirror.server.snapshot.SnapshotInfo;
import dev.pymirror.sync.progress.ByteSizes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code pymirror snapshot create|list|show|delete}: an index frozen as it is served now. */
@Command(
        name = "snapshot",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        subcommands = {SnapshotCreateCommand.class, SnapshotListCommand.class, SnapshotShowCommand.class,
            SnapshotDeleteCommand.class},
        description = {
            "Freeze what an index serves now, pages and files, as a named snapshot that the server serves read-only"
                    + " at /+snapshot/NAME/simple/ for as long as it is kept, whatever the index, its upstream or"
                    + " its cache retention do afterwards.",
            "",
            "Works on the data directory, beside a running server or without one: the server serves a new"
                    + " snapshot at once and stops serving a deleted one at once. With a bucket (storage ="
                    + " s3://...) it works on the bucket, from any node's machine: every node serves a new snapshot"
                    + " at its first request and stops serving a deleted one within a second.",
            ""
        })
final class SnapshotCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("pymirror snapshot: a sub-command is required");
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** One line about a snapshot, as list and create print it. */
    static String line(SnapshotInfo s) {
        return String.format("%-24s of %s index '%s', %s: %d projects, %d files (%s)%s", s.name(), s.kind(), s.index(),
                s.created(), s.projects(), s.files(), ByteSizes.format(s.bytes()),
                s.leftOut() == 0 ? "" : "; " + s.leftOut() + " listed files not held (not in the cache) left out");
    }
}
