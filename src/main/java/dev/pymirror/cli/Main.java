package dev.pymirror.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code pymirror} command: a thin dispatcher to one class per sub-command. */
@Command(
        name = "pymirror",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A Python package index that image builds and CI control.",
        subcommands = {ServeCommand.class, SyncCommand.class, AddCommand.class, VerifyCommand.class,
            InjectCommand.class, EjectCommand.class, RunCommand.class, UserCommand.class, IndexCommand.class,
            FileCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    public static CommandLine commandLine() {
        return commandLine(System.getenv());
    }

    /**
     * The command line, with the environment the commands read (DIB_* variables and the like) given
     * rather than taken from the process, so tests can set it.
     */
    public static CommandLine commandLine(Map<String, String> environment) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public <K> K create(Class<K> type) throws Exception {
                if (type == InjectCommand.class) {
                    return (K) new InjectCommand(environment);
                }
                if (type == RunCommand.class) {
                    return (K) new RunCommand(environment);
                }
                return defaults.create(type);
            }
        };
        CommandLine cli = new CommandLine(new Main(), factory);
        // `pymirror run --root R pip install -U x`: the command's own options are not pymirror's.
        cli.getSubcommands().get("run").setStopAtPositional(true);
        return cli;
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
