package dev.pymirror.cli;

import dev.pymirror.server.config.ConfigException;
import dev.pymirror.server.config.IndexCatalog;
import dev.pymirror.server.config.IndexConfig;
import dev.pymirror.server.config.MirrorConfig;
import dev.pymirror.server.config.NoSuchIndexException;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.server.mirror.retention.AccessTimes;
import dev.pymirror.server.mirror.retention.BucketCache;
import dev.pymirror.server.mirror.retention.CacheContents;
import dev.pymirror.server.mirror.retention.CacheRetention;
import dev.pymirror.server.mirror.retention.DiskCache;
import dev.pymirror.server.mirror.retention.PruneMarker;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code pymirror cache stats|prune}: the file caches of a server's mirror indexes. */
@Command(
        name = "cache",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        subcommands = {CacheStatsCommand.class, CachePruneCommand.class},
        description = {
            "Show or prune the file caches of a server's mirror indexes, by the retention policy of each"
                    + " ([index.NAME] max-cache-size, max-unused-age, keep-versions).",
            "",
            "Safe beside a running server: a file being served is still sent whole, and one a page still"
                    + " lists is fetched again when asked for.",
            ""
        })
final class CacheCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("pymirror cache: a sub-command is required");
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /**
     * A mirror index and the retention over its cache, in the data directory or in the bucket the
     * nodes share; {@code marker} is null for a bucket (each node counts what it published itself).
     */
    record Cache(MirrorConfig index, CacheRetention retention, PruneMarker marker) {}

    /** The mirror named {@code only}, or every mirror when it is null, in {@code storage}. */
    static List<Cache> caches(ServerConfig config, ServerStorage storage, String only) {
        IndexCatalog catalog = new IndexCatalog(config);
        List<Cache> caches = new ArrayList<>();
        boolean found = false;
        for (IndexCatalog.Entry e : catalog.list()) {
            IndexConfig i = e.index();
            if (only != null && !i.name().equals(only)) {
                continue;
            }
            found = true;
            if (i instanceof MirrorConfig m) {
                Path files = catalog.dataDir().resolve(m.name()).resolve("files");
                // No node name: a command reads the nodes' documents of reads and writes none.
                CacheContents contents = storage.bucket() == null ? new DiskCache(files)
                        : new BucketCache(storage.bucket(), m.name() + "/files/", m.name() + "/reads/", null);
                caches.add(new Cache(m, new CacheRetention(contents, m.retention(), new AccessTimes(Clock.systemUTC()),
                        Clock.systemUTC()), storage.bucket() == null ? new PruneMarker(files) : null));
            } else if (only != null) {
                throw new ConfigException("index '" + only + "' is a " + i.kind() + " index; only a mirror has a cache");
            }
        }
        if (only != null && !found) {
            throw new NoSuchIndexException("there is no index '" + only + "'");
        }
        return caches;
    }
}
