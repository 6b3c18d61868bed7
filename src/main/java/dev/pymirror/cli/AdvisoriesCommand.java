package dev.pymirror.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code pymirror advisories import|status}: the OSV advisories the server's guard blocks by. */
@Command(
        name = "advisories",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        subcommands = {AdvisoriesImportCommand.class, AdvisoriesStatusCommand.class},
        description = {
            "Import OSV advisories (OSV's all.zip for PyPI, or a folder of records) into the data directory,"
                    + " or show what is loaded. Indexes block by them with block = [\"malware\"] and"
                    + " block-vulnerable = \"critical\"|\"high\"|\"medium\"|\"low\".",
            ""
        })
final class AdvisoriesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("pymirror advisories: a sub-command is required");
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
