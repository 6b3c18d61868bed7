package dev.pymirror.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code pymirror audit names}: checks a server's indexes for supply-chain risks. */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        subcommands = {AuditNamesCommand.class},
        description = {"Check a server's indexes for supply-chain risks.", ""})
final class AuditCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("pymirror audit: a sub-command is required");
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
