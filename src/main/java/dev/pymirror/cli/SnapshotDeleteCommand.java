package dev.pymirror.cli;

import dev.pymirror.server.snapshot.SnapshotInfo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pymirror snapshot delete NAME}. */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Delete a snapshot: the server stops serving it at once, and its files go (a file the index"
                + " or another snapshot still holds stays there).")
final class SnapshotDeleteCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
        return data.edit(spec.commandLine(), "snapshot delete", config -> {
            try (ServerStorage storage = ServerStorage.open(config)) {
                SnapshotInfo s = storage.snapshots().delete(name);
                spec.commandLine().getOut().println("deleted snapshot '" + s.name() + "' (" + s.files() + " files)");
            }
        });
    }
}
