package dev.pymirror.cli;

import dev.pymirror.proxy.ProxyEnvironment;
import dev.pymirror.tls.CertificateTrust;
import dev.pymirror.tls.ClientTls;
import java.net.Authenticator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code pymirror} command: a thin dispatcher to one class per sub-command.
 *
 * <p>The sub-commands are registered here rather than in the annotation: picocli reads every
 * registered command's options by reflection when the command line is built, which for all of them
 * is most of a short command's start-up. {@link #main} builds only the command named first on the
 * command line; help, an unknown command or none at all get every command.
 */
@Command(
        name = "pymirror",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A Python package index that image builds and CI control.")
public final class Main implements Callable<Integer> {

    /** The sub-commands by name, in the order {@code pymirror --help} lists them. */
    static final Map<String, Class<?>> COMMANDS = commands();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        try {
            // Before any command builds a client: the JDK reads the proxy properties when it connects.
            ProxyEnvironment proxies = ProxyEnvironment.of(System.getenv());
            proxies.applyTo(System.getProperties());
            proxies.authenticator().ifPresent(Authenticator::setDefault);
            ClientTls.install(CertificateTrust.of(System.getenv()));
        } catch (IllegalArgumentException e) {
            System.err.println("pymirror: " + e.getMessage());
            System.exit(2);
        }
        System.exit(commandLine(System.getenv(), args).execute(args));
    }

    /** The configured command line with every sub-command, shared by {@link #main} and the tests. */
    public static CommandLine commandLine() {
        return commandLine(System.getenv());
    }

    /**
     * The command line with every sub-command, with the environment the commands read (DIB_*
     * variables and the like) given rather than taken from the process, so tests can set it.
     */
    public static CommandLine commandLine(Map<String, String> environment) {
        return commandLine(environment, new String[0]);
    }

    /**
     * The command line that runs {@code args}: when the first argument names a sub-command, only
     * that one is built (its messages still say {@code pymirror NAME}); otherwise every one, so
     * that help and the answer to an unknown command list them all.
     */
    public static CommandLine commandLine(Map<String, String> environment, String[] args) {
        CommandLine.IFactory factory = factory(environment);
        CommandLine cli = new CommandLine(new Main(), factory);
        Class<?> chosen = args.length > 0 ? COMMANDS.get(args[0]) : null;
        if (chosen != null) {
            cli.addSubcommand(args[0], new CommandLine(chosen, factory));
        } else {
            COMMANDS.forEach((name, type) -> cli.addSubcommand(name, new CommandLine(type, factory)));
            cli.addSubcommand("help", new CommandLine(CommandLine.HelpCommand.class, factory));
        }
        CommandLine run = cli.getSubcommands().get("run");
        if (run != null) {
            // `pymirror run --root R pip install -U x`: the command's own options are not pymirror's.
            run.setStopAtPositional(true);
        }
        CommandList.install(cli);
        UnknownCommand.install(cli);
        return cli;
    }

    private static Map<String, Class<?>> commands() {
        Map<String, Class<?>> commands = new LinkedHashMap<>();
        commands.put("serve", ServeCommand.class);
        commands.put("sync", SyncCommand.class);
        commands.put("add", AddCommand.class);
        commands.put("verify", VerifyCommand.class);
        commands.put("inject", InjectCommand.class);
        commands.put("eject", EjectCommand.class);
        commands.put("run", RunCommand.class);
        commands.put("user", UserCommand.class);
        commands.put("index", IndexCommand.class);
        commands.put("file", FileCommand.class);
        commands.put("cache", CacheCommand.class);
        commands.put("advisories", AdvisoriesCommand.class);
        commands.put("audit", AuditCommand.class);
        commands.put("use", UseCommand.class);
        commands.put("bundle", BundleCommand.class);
        commands.put("snapshot", SnapshotCommand.class);
        return java.util.Collections.unmodifiableMap(commands);
    }

    private static CommandLine.IFactory factory(Map<String, String> environment) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        return new CommandLine.IFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public <K> K create(Class<K> type) throws Exception {
                if (type == InjectCommand.class) {
                    return (K) new InjectCommand(environment);
                }
                if (type == RunCommand.class) {
                    return (K) new RunCommand(environment);
                }
                if (type == UseCommand.class) {
                    return (K) new UseCommand(environment);
                }
                return defaults.create(type);
            }
        };
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
