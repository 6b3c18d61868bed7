package dev.pymirror.cli;

import dev.pymirror.server.PymirrorServer;
import dev.pymirror.server.config.IndexCatalog;
import dev.pymirror.server.config.IndexConfig;
import dev.pymirror.server.index.PackageIndex;
import dev.pymirror.server.snapshot.SnapshotInfo;
import dev.pymirror.server.snapshot.SnapshotName;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pymirror snapshot create NAME --index INDEX}. */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Freeze what an index serves now as snapshot NAME, served at /+snapshot/NAME/simple/.",
            "Every project page and file the index serves (after its min-age and advisory guard) is kept. A mirror"
                    + " is read from its cache only, never its upstream: the projects whose pages it has cached, and"
                    + " of their files those it holds (install through the server first what the snapshot must"
                    + " hold). Files in the data directory are hard-linked (no space used, and no cache retention"
                    + " or deletion can take them); others are copied. With a bucket (storage = s3://...) the"
                    + " snapshot is a manifest there and copies of its files beside it, served by every node."})
final class SnapshotCreateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Parameters(index = "0", paramLabel = "NAME", description = "The snapshot's name: letters, digits, '.', '_', '-'.")
    String name;

    @Option(names = "--index", required = true, paramLabel = "INDEX", description = "The index to freeze.")
    String index;

    @Override
    public Integer call() {
        return data.edit(spec.commandLine(), "snapshot create", config -> {
            SnapshotName.check(name); // before any index is opened
            try (ServerStorage storage = ServerStorage.open(config)) {
                PackageIndex served = PymirrorServer.openIndex(config, index, storage.bucket());
                IndexConfig c = new IndexCatalog(config).merged().indexes().get(index);
                SnapshotInfo s = storage.snapshots().create(name, served, c.kind(), c.read().needsLogin(),
                        Clock.systemUTC());
                spec.commandLine().getOut().println("created " + SnapshotCommand.line(s));
                spec.commandLine().getOut().println("served at /+snapshot/" + s.name() + "/simple/");
            }
        });
    }
}
