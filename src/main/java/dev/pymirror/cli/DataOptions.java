package dev.pymirror.cli;

import dev.pymirror.server.config.ConfigException;
import dev.pymirror.server.config.NoSuchIndexException;
import dev.pymirror.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options of the commands that edit a server's state ({@code user}, {@code index}, {@code file}):
 * which configuration, and which data directory, with the same precedence as {@code serve}.
 */
final class DataOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "TOML configuration file (default: $PYMIRROR_CONFIG, or ~/.config/pymirror/pymirror.toml).")
    Path configFile;

    @Option(names = "--data", paramLabel = "DIR",
            description = "The server's data directory (default: the configuration's, $PYMIRROR_DATA, or ~/.local/share/pymirror).")
    Path data;

    /** The environment, replaceable in tests. */
    Map<String, String> environment = System.getenv();

    /** The configuration, with the data directory these options and the environment name. */
    ServerConfig config() {
        ServerConfig c = ConfigSources.read(configFile, environment);
        String env = environment.get("PYMIRROR_DATA");
        if (env != null && !env.isBlank()) {
            c = c.withDataDir(Path.of(env.strip()));
        }
        return data == null ? c : c.withDataDir(data);
    }

    /** What {@link ConfigSources#indexSources} says for these options. */
    String indexSources(ServerConfig config) {
        return ConfigSources.indexSources(ConfigSources.configFile(configFile, environment), config);
    }

    /** What a command does to the server's state, given its configuration. */
    interface Edit {
        /** Anything checked it throws, and a {@link ConfigException}, is a failure with a message. */
        void run(ServerConfig config) throws Exception;
    }

    /**
     * Reads the configuration these options name, then runs {@code edit} on it, unless root would
     * change a directory that belongs to the server's user ({@link DataDirectoryUser}). An unusable
     * configuration is a usage error (2); a {@link ConfigException} or checked exception from the
     * edit is a failure (1); either way the message goes to standard error after
     * {@code pymirror <command>: }. Other unchecked exceptions are bugs and are not caught.
     *
     * @param cli the command line whose output and error streams to use
     * @param command the command as typed after {@code pymirror}, e.g. {@code user add}
     * @return the exit code: 0 when the edit succeeded, with standard output flushed
     */
    int edit(CommandLine cli, String command, Edit edit) {
        return run(cli, command, true, edit);
    }

    /** As {@link #edit}, for a command that only reads the state (a list, statistics). */
    int read(CommandLine cli, String command, Edit read) {
        return run(cli, command, false, read);
    }

    private int run(CommandLine cli, String command, boolean changes, Edit edit) {
        ServerConfig c;
        try {
            c = config();
        } catch (ConfigException e) {
            cli.getErr().println("pymirror " + command + ": " + e.getMessage());
            return 2;
        }
        try {
            if (changes) {
                DataDirectoryUser.checkMayChange(c.dataDir(), command);
            }
            edit.run(c);
            cli.getOut().flush();
            return 0;
        } catch (NoSuchIndexException e) {
            cli.getErr().println("pymirror " + command + ": " + e.getMessage() + " (" + indexSources(c) + ")");
            return 1;
        } catch (ConfigException e) {
            cli.getErr().println("pymirror " + command + ": " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            throw e; // a bug, not a failure to report
        } catch (Exception e) {
            cli.getErr().println("pymirror " + command + ": " + e.getMessage());
            return 1;
        }
    }
}
