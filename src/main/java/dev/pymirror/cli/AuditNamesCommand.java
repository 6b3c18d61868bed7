package dev.pymirror.cli;

import dev.pymirror.server.group.NameAudit;
import dev.pymirror.server.group.NameAuditResults;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code pymirror audit names}: names a group's own members hold that its upstreams also have. */
@Command(name = "names", mixinStandardHelpOptions = true,
        description = {"For each group, list the projects a hosted or static member owns that a mirror member's"
                + " upstream also has: the names someone holds, or squats, on the public index (dependency"
                + " confusion). The group serves the owner's versions only; this tells you who else has the name.",
            "Exit code: 0 when no name is shared, 1 when some are or an upstream could not be asked."})
final class AuditNamesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        boolean[] found = {false};
        int code = data.edit(spec.commandLine(), "audit names", config -> {
            NameAudit.Report report;
            // Hosted projects where the server keeps them: with storage = "s3://...", the bucket.
            try (ServerStorage storage = ServerStorage.open(config)) {
                report = NameAudit.run(config, config.dataDir(), storage.bucket(), Clock.systemUTC());
            }
            for (NameAudit.Finding f : report.findings()) {
                out.printf("group %s: %s (%s index '%s') also exists upstream of '%s' (%s): newest %s, uploaded %s%n",
                        f.group(), f.project(), f.ownerKind(), f.owner(), f.mirror(),
                        NameAudit.upstreamOf(config, f.mirror()), f.newestVersion().orElse("(no files)"),
                        f.uploaded().map(Object::toString).orElse("(time not given)"));
            }
            for (NameAudit.Failure f : report.failures()) {
                out.printf("group %s: %s could not be checked upstream of '%s': %s%n", f.group(), f.project(),
                        f.mirror(), f.problem());
            }
            out.printf("%d shared names, %d not checked%n", report.findings().size(), report.failures().size());
            found[0] = !report.findings().isEmpty() || !report.failures().isEmpty();
            // For the server's pymirror_shared_names gauge.
            new NameAuditResults(config.dataDir()).save(report, NameAudit.auditable(config), java.time.Instant.now());
        });
        return code == 0 && found[0] ? 1 : code;
    }
}
