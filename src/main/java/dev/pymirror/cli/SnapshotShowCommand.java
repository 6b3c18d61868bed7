package dev.pymirror.cli;

import dev.pymirror.server.snapshot.SnapshotInfo;
import dev.pymirror.server.snapshot.Snapshots;
import dev.pymirror.sync.progress.ByteSizes;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pymirror snapshot show NAME}. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show what a snapshot holds, where it is served and its tree (for pymirror bundle create --from).")
final class SnapshotShowCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
        return data.read(spec.commandLine(), "snapshot show", config -> {
            try (ServerStorage storage = ServerStorage.open(config)) {
                Snapshots store = storage.snapshots();
                java.util.Optional<SnapshotInfo> found = store.find(name);
                if (found.isEmpty()) {
                    throw store.noSuch(name);
                }
                SnapshotInfo s = found.get();
                PrintWriter out = spec.commandLine().getOut();
                out.println("name:       " + s.name());
                out.println("index:      " + s.index() + " (" + s.kind() + (s.restricted() ? ", login needed" : "") + ")");
                out.println("created:    " + s.created());
                out.println("projects:   " + s.projects());
                out.println("files:      " + s.files() + " (" + ByteSizes.format(s.bytes()) + ")");
                out.println("left out:   " + s.leftOut() + " listed files the index did not hold");
                out.println("served at:  /+snapshot/" + s.name() + "/simple/");
                out.println(store.where(s.name()));
            }
        });
    }
}
