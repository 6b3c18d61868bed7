package dev.pymirror.cli;

import dev.pymirror.server.mirror.retention.Eviction;
import dev.pymirror.server.mirror.retention.PruneReport;
import dev.pymirror.sync.progress.ByteSizes;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pymirror cache prune}: evicts what each mirror's retention policy says, now. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Evict the cached files each mirror index's retention policy says to, now (a running server"
                + " also does it every prune-interval).")
final class CachePruneCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--index", paramLabel = "NAME", description = "Only this mirror index (default: every mirror).")
    String index;

    @Option(names = "--dry-run", description = "Only list what would be evicted.")
    boolean dryRun;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        return data.edit(spec.commandLine(), "cache prune", config -> {
            try (ServerStorage storage = ServerStorage.open(config)) {
                for (CacheCommand.Cache c : CacheCommand.caches(config, storage, index)) {
                    prune(out, c);
                }
            }
        });
    }

    private void prune(PrintWriter out, CacheCommand.Cache c) throws IOException {
        PruneReport r = c.retention().prune(dryRun, key -> { });
        if (!r.evicted().isEmpty() && !dryRun && c.marker() != null) {
            c.marker().touch(); // a running server counts its cache again
        }
        for (Eviction e : r.evicted()) {
            out.println((dryRun ? "would evict " : "evicted ") + c.index().name() + "/" + e.file().key() + " ("
                    + ByteSizes.format(e.file().bytes()) + "): " + e.reason());
        }
        out.printf("%s: %s %d files (%s), kept %d files (%s)%n", c.index().name(),
                dryRun ? "would evict" : "evicted", r.evicted().size(), ByteSizes.format(r.bytesFreed()),
                r.kept(), ByteSizes.format(r.bytesKept()));
    }
}
