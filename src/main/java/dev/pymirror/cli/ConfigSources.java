package dev.pymirror.cli;

import dev.pymirror.server.config.ConfigFile;
import dev.pymirror.server.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Which configuration file a command reads: {@code --config}, else {@code $PYMIRROR_CONFIG}, else
 * {@code ~/.config/pymirror/pymirror.toml} when it exists, else none (the built-in defaults).
 */
final class ConfigSources {

    private ConfigSources() {}

    /** The configuration file to read, or null for none. */
    static Path configFile(Path option, Map<String, String> environment) {
        if (option != null) {
            return option;
        }
        String env = environment.get("PYMIRROR_CONFIG");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        Path usual = Path.of(System.getProperty("user.home"), ".config", "pymirror", "pymirror.toml");
        return Files.isRegularFile(usual) ? usual : null;
    }

    /** The configuration file read, in words: its path, or that there was none. */
    static String describe(Path file) {
        return file == null ? "no configuration file: defaults" : file.toString();
    }

    /**
     * Where a command's indexes come from, for a message about one that is not there: the
     * configuration read and the data directory, whose {@code indexes.toml} adds to it.
     */
    static String indexSources(Path file, ServerConfig config) {
        return "configuration: " + describe(file) + "; data directory: " + config.dataDir();
    }

    /** The file's configuration, or the defaults. */
    static ServerConfig read(Path option, Map<String, String> environment) {
        Path file = configFile(option, environment);
        return file == null ? ServerConfig.defaults() : ConfigFile.read(file);
    }
}
