package dev.pymirror.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code pymirror} command: a thin dispatcher to one class per sub-command. */
@Command(
        name = "pymirror",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A Python package index that image builds and CI control.",
        subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    @Override
    public void run() {
        // No sub-command given: show what there is rather than doing nothing silently.
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
