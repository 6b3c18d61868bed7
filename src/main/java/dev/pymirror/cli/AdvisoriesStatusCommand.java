package dev.pymirror.cli;

import dev.pymirror.advisories.Advisories;
import dev.pymirror.advisories.AdvisoryStore;
import dev.pymirror.server.guard.FeedStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code pymirror advisories status}: what is loaded, and how old it is. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show how many advisories are stored (and how many report malware), the newest record's"
                + " 'modified' time, and when they were imported; with an advisories-url, how the server's last"
                + " fetches from it went.")
final class AdvisoriesStatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        return data.read(spec.commandLine(), "advisories status", config -> {
            AdvisoryStore store = new AdvisoryStore(config.dataDir());
            Advisories a = store.load();
            Instant now = Instant.now();
            // Written by a server that fetches from an advisories-url, each time it tries.
            FeedStatus.read(store).ifPresent(feed -> {
                out.printf("fetched from: %s%n", feed.url());
                out.printf("last attempt: %s%n", feed.lastAttempt() == null ? "-"
                        : feed.lastAttempt() + " (" + age(feed.lastAttempt(), now) + " ago)");
                out.printf("last success: %s%n", feed.lastSuccess() == null ? "-"
                        : feed.lastSuccess() + " (" + age(feed.lastSuccess(), now) + " ago)");
                if (feed.lastError() != null) {
                    out.printf("last error: %s%n", feed.lastError());
                }
            });
            if (a.imported().isEmpty()) {
                out.println("no advisories imported (pymirror advisories import all.zip)");
                return;
            }
            out.printf("advisories: %d (malware: %d)%n", a.count(), a.malwareCount());
            out.printf("newest record modified: %s%n", a.newestModified().map(t -> t + " (" + age(t, now) + " ago)")
                    .orElse("-"));
            out.printf("imported: %s (%s ago)%n", a.imported().get(), age(a.imported().get(), now));
        });
    }

    private static String age(Instant then, Instant now) {
        Duration d = Duration.between(then, now);
        if (d.isNegative()) {
            return "0s";
        }
        return d.toDays() > 0 ? d.toDays() + "d" : d.toHours() > 0 ? d.toHours() + "h" : d.toMinutes() + "m";
    }
}
