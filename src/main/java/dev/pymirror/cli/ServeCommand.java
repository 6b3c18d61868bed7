package dev.pymirror.cli;

import dev.pymirror.upstream.RedactedUrl;
import dev.pymirror.logging.LogFormat;
import dev.pymirror.server.PymirrorServer;
import dev.pymirror.server.StartupException;
import dev.pymirror.server.config.ConfigException;
import dev.pymirror.server.config.ConfigFile;
import dev.pymirror.server.config.IndexConfig;
import dev.pymirror.server.config.MirrorConfig;
import dev.pymirror.server.config.NoSuchIndexException;
import dev.pymirror.server.config.ServerConfig;
import java.net.URI;
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
        ServerConfig config = ConfigSources.read(configFile, environment);

        config = apply(config, environment.get("PYMIRROR_HOST"), environment.get("PYMIRROR_PORT"),
                environment.get("PYMIRROR_DATA"), environment.get("PYMIRROR_UPSTREAM"),
                environment.get("PYMIRROR_OFFLINE"), environment.get("PYMIRROR_PAGE_TTL"),
                environment.get("PYMIRROR_PREFETCH_DEPENDENCIES"), "$");
        String metrics = environment.get("PYMIRROR_METRICS");
        if (notBlank(metrics)) {
            config = config.withMetrics(bool(metrics, "$PYMIRROR_METRICS"));
        }
        return apply(config, host, port == null ? null : port.toString(), data == null ? null : data.toString(),
                upstream, offline == null ? null : offline.toString(), pageTtl, prefetch, "--");
    }

    private static ServerConfig apply(ServerConfig c, String host, String port, String data, String upstream,
            String offline, String pageTtl, String prefetch, String source) {
        String env = source.equals("$") ? "$PYMIRROR_" : "--";
        if (notBlank(host)) {
            c = c.withHost(host.strip());
        }
        if (notBlank(port)) {
            try {
                c = c.withPort(Integer.parseInt(port.strip()));
            } catch (NumberFormatException e) {
                throw new ConfigException(name(env, "port") + ": '" + port + "' is not a port number");
            }
        }
        if (notBlank(data)) {
            c = c.withDataDir(Path.of(data.strip()));
        }
        if (notBlank(upstream)) {
            URI uri;
            try {
                uri = URI.create(upstream.strip());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name(env, "upstream") + ": '" + RedactedUrl.of(upstream) + "' is not a URL");
            }
            try {
                c = c.withDefaultMirror(c.defaultMirror().withUpstream(uri));
            } catch (ConfigException e) {
                throw new ConfigException(name(env, "upstream") + ": " + e.getMessage(), e);
            }
        }
        if (notBlank(offline)) {
            c = c.withOffline(bool(offline, name(env, "offline")));
        }
        if (notBlank(pageTtl)) {
            try {
                c = c.withDefaultMirror(c.defaultMirror().withPageTtl(ConfigFile.parseDuration(pageTtl)));
            } catch (ConfigException e) {
                throw new ConfigException(name(env, "page-ttl") + ": " + e.getMessage(), e);
            }
        }
        if (notBlank(prefetch)) {
            String option = name(env, "prefetch-dependencies");
            boolean on = bool(prefetch, option);
            try {
                c = c.withDefaultMirror(c.defaultMirror().withPrefetchDependencies(on));
            } catch (ConfigException e) {
                throw new ConfigException(option + ": " + e.getMessage(), e);
            }
        }
        return c;
    }

    private static boolean bool(String value, String name) {
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "1", "true", "yes", "on" -> true;
            case "0", "false", "no", "off" -> false;
            default -> throw new ConfigException(name + ": '" + value + "' is not true or false");
        };
    }

        private static String describe(ServerConfig c) {
        return switch (c.defaultIndexConfig()) {
            case MirrorConfig m -> c.offline() ? "offline: cache only" : "mirror of " + RedactedUrl.of(m.upstream());
            case IndexConfig i -> i.kind() + " index '" + i.name() + "'";
        };
    }

    private static String name(String prefix, String option) {
        return prefix.equals("--") ? "--" + option : prefix + option.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
