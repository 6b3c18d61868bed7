package dev.pymirror.cli;

import dev.pymirror.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.Map;
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
}
