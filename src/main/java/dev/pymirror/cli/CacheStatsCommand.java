package dev.pymirror.cli;

import dev.pymirror.server.mirror.retention.CacheStats;
import dev.pymirror.server.config.RetentionPolicy;
import dev.pymirror.sync.progress.ByteSizes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pymirror cache stats}: each mirror cache's size, beside its retention policy. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Show how many projects, files and bytes each mirror index caches, and its retention policy.")
final class CacheStatsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--index", paramLabel = "NAME", description = "Only this mirror index (default: every mirror).")
    String index;

    @Override
    public Integer call() {
        return data.read(spec.commandLine(), "cache stats", config -> {
            try (ServerStorage storage = ServerStorage.open(config)) {
                for (CacheCommand.Cache c : CacheCommand.caches(config, storage, index)) {
                    CacheStats s = c.retention().stats();
                    spec.commandLine().getOut().printf("%-20s %d projects, %d files, %s%s; %s%n", c.index().name(),
                            s.projects(), s.files(), ByteSizes.format(s.bytes()),
                            s.leastRecentAccess().map(t -> ", least recently read " + t).orElse(""),
                            policy(c.retention().policy()));
                }
            }
        });
    }

    static String policy(RetentionPolicy p) {
        if (!p.limits()) {
            return "keeps everything";
        }
        StringBuilder s = new StringBuilder("policy:");
        if (p.maxCacheSize() > 0) {
            s.append(" max-cache-size ").append(ByteSizes.format(p.maxCacheSize()));
        }
        if (p.maxUnusedAge() != null) {
            s.append(" max-unused-age ").append(ByteSizes.format(p.maxUnusedAge()));
        }
        if (p.keepVersions() > 0) {
            s.append(" keep-versions ").append(p.keepVersions());
        }
        return s.toString();
    }
}
