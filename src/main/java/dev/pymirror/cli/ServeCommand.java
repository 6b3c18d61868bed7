package dev.pymirror.cli;

import dev.pymirror.upstream.RedactedUrl;
import dev.pymirror.logging.LogFormat;
import dev.pymirror.server.PymirrorServer;
import dev.pymirror.server.StartupException;
import dev.pymirror.server.config.ConfigException;
import dev.pymirror.server.config.IndexConfig;
import dev.pymirror.server.config.MirrorConfig;
import dev.pymirror.server.config.NoSuchIndexException;
import dev.pymirror.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pymirror serve}: run the index server until stopped. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Serve Python package indexes: a caching proxy of an upstream index (which keeps serving what it"
                    + " has cached when the upstream fails), hosted indexes that take twine uploads, static trees, and"
                    + " groups of these. Without a configuration file: one mirror, 'pypi'.",
            "",
            "Settings come from, lowest first: built-in defaults, the configuration file (--config,"
                    + " $PYMIRROR_CONFIG, or ~/.config/pymirror/pymirror.toml when it exists), the environment"
                    + " ($PYMIRROR_HOST, $PYMIRROR_PORT, $PYMIRROR_DATA, $PYMIRROR_UPSTREAM, $PYMIRROR_OFFLINE,"
                    + " $PYMIRROR_PAGE_TTL, $PYMIRROR_PREFETCH_DEPENDENCIES), then these options.",
            ""
        })
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "TOML configuration file.")
    Path configFile;

    @Option(names = "--data", paramLabel = "DIR", description = "Where the cache lives (default: ~/.local/share/pymirror).")
    Path data;

    @Option(names = "--upstream", paramLabel = "URL", description = "The index to mirror (default: https://pypi.org/simple/).")
    String upstream;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "Address to listen on (default: 127.0.0.1).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on (default: 3141; 0 picks a free one).")
    Integer port;

    @Option(names = "--offline", description = "Serve from the cache only; never contact the upstream.")
    Boolean offline;

    @Option(names = "--page-ttl", paramLabel = "DURATION",
            description = "How long a cached project page is served before it is revalidated (default: 5m).")
    String pageTtl;

    @Option(names = "--prefetch-dependencies", arity = "0..1", paramLabel = "BOOL", fallbackValue = "true",
            description = "Once a wheel's metadata is kept or the wheel stored, fetch its dependencies' pages before a"
                    + " client asks for them (default: false; README).")
    String prefetch;

    /** The environment, replaceable in tests. */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() {
        ServerConfig config;
        try {
            config = resolveConfig();
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("pymirror serve: " + e.getMessage());
            return 2;
        }
        String logFormat = LogFormat.problem();
        if (logFormat != null) {
            // Said here, in one line: a warning inside logback's start would print its whole status list.
            spec.commandLine().getErr().println("pymirror serve: " + logFormat);
        }
        PymirrorServer server;
        try {
            server = PymirrorServer.start(config);
        } catch (StartupException e) {
            // A group of indexes.toml naming an index the configuration read does not have.
            String where = e.getCause() instanceof NoSuchIndexException
                    ? " (" + ConfigSources.indexSources(ConfigSources.configFile(configFile, environment), config) + ")"
                    : "";
            spec.commandLine().getErr().println("pymirror serve: " + e.getMessage() + where);
            return 1;
        }
        // SIGTERM stops the server, and join() below returns: the exit is 0. The hook covers the
        // other ends (SIGINT, SIGHUP) with the same graceful stop.
        StopSignal.onTerm(server::close);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "pymirror-shutdown"));
        var out = spec.commandLine().getOut();
        out.println("pymirror serving " + server.simpleUrl() + " (" + describe(server.config()) + ")");
        out.println("  indexes: " + String.join(", ", server.config().indexes().keySet().stream()
                .map(n -> server.baseUrl() + n + "/simple/").toList()));
        out.println("  data: " + config.dataDir().toAbsolutePath());
        if (!config.storage().local()) {
            out.println("  storage: " + config.storage().describe());
        }
        out.println("  configuration: " + ConfigSources.describe(ConfigSources.configFile(configFile, environment)));
        out.println("  use:  pip install --index-url " + server.simpleUrl() + " PACKAGE");
        out.flush();
        try {
            server.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** Defaults, then the file, then the environment, then the options. */
    ServerConfig resolveConfig() {
        ServerConfig config = ServeSettings.of(environment).applyTo(ConfigSources.read(configFile, environment));
        return new ServeSettings(ServeSettings.Source.OPTIONS, host, port == null ? null : port.toString(),
                data == null ? null : data.toString(), upstream, offline == null ? null : offline.toString(), pageTtl,
                prefetch, null).applyTo(config);
    }

    private static String describe(ServerConfig c) {
        return switch (c.defaultIndexConfig()) {
            case MirrorConfig m -> c.offline() ? "offline: cache only" : "mirror of " + RedactedUrl.of(m.upstream());
            case IndexConfig i -> i.kind() + " index '" + i.name() + "'";
        };
    }
}
