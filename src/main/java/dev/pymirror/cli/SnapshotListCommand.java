package dev.pymirror.cli;

import dev.pymirror.server.snapshot.SnapshotInfo;
import dev.pymirror.server.snapshot.SnapshotStore;
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
            List<SnapshotInfo> all = new SnapshotStore(config.dataDir()).list();
            if (all.isEmpty()) {
                spec.commandLine().getOut().println("no snapshots in " + config.dataDir());
            }
            all.forEach(s -> spec.commandLine().getOut().println(SnapshotCommand.line(s)));
        });
    }
}
