package dev.pymirror.cli;

import dev.pymirror.server.snapshot.SnapshotInfo;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code pymirror snapshot list}. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the snapshots of the data directory.")
final class SnapshotListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Override
    public Integer call() {
        return data.read(spec.commandLine(), "snapshot list", config -> {
            try (ServerStorage storage = ServerStorage.open(config)) {
                List<SnapshotInfo> all = storage.snapshots().list();
                if (all.isEmpty()) {
                    spec.commandLine().getOut().println("no snapshots in " + (storage.bucket() == null
                            ? config.dataDir() : storage.bucket().describe()));
                }
                all.forEach(s -> spec.commandLine().getOut().println(SnapshotCommand.line(s)));
            }
        });
    }
}
