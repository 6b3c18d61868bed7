package dev.pymirror.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code pymirror} command: a thin dispatcher to one class per sub-command. */
@Command(
        name = "pymirror",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A Python package index that image builds and CI control.",
        subcommands = {ServeCommand.class, UserCommand.class, IndexCommand.class, FileCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {

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
    public Integer call() {
        // No sub-command: a usage error, answered with what there is rather than silence.
        CommandLine cli = spec.commandLine();
        cli.getErr().println("pymirror: a command is required");
        cli.usage(cli.getErr());
        return CommandLine.ExitCode.USAGE;
    }
}
