package dev.pymirror.cli;

import dev.pymirror.server.config.ConfigException;
import dev.pymirror.server.config.ConfigFile;
import dev.pymirror.server.config.MirrorConfig;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.upstream.RedactedUrl;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The settings of {@code serve} that the environment ({@code $PYMIRROR_HOST}, ...) or the options
 * ({@code --host}, ...) give, as the text they were given, laid over a configuration; a value that
 * does not parse is a {@link ConfigException} naming the variable or the option it came from. Null
 * or blank: not given.
 */
record ServeSettings(Source source, String host, String port, String data, String upstream, String offline,
        String pageTtl, String prefetch, String metrics) {

    /** Where settings came from, which names them in messages. */
    enum Source {
        ENVIRONMENT, OPTIONS;

        /** {@code --page-ttl} or {@code $PYMIRROR_PAGE_TTL}, as a message names the setting. */
        String name(String setting) {
            return this == OPTIONS ? "--" + setting : "$" + variable(setting);
        }
    }

    /** What the environment sets: {@code $PYMIRROR_HOST}, {@code $PYMIRROR_PORT}, ... */
    static ServeSettings of(Map<String, String> environment) {
        return new ServeSettings(Source.ENVIRONMENT, environment.get(variable("host")), environment.get(variable("port")),
                environment.get(variable("data")), environment.get(variable("upstream")),
                environment.get(variable("offline")), environment.get(variable("page-ttl")),
                environment.get(variable("prefetch-dependencies")), environment.get(variable("metrics")));
    }

    private static String variable(String setting) {
        return "PYMIRROR_" + setting.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** {@code config} with every setting given here in place of its own. */
    ServerConfig applyTo(ServerConfig config) {
        ServerConfig c = config;
        if (given(host)) {
            c = c.withHost(host.strip());
        }
        if (given(port)) {
            try {
                c = c.withPort(Integer.parseInt(port.strip()));
            } catch (NumberFormatException e) {
                throw new ConfigException(source.name("port") + ": '" + port + "' is not a port number");
            }
        }
        if (given(data)) {
            c = c.withDataDir(Path.of(data.strip()));
        }
        if (given(upstream)) {
            URI uri;
            try {
                uri = URI.create(upstream.strip());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(source.name("upstream") + ": '" + RedactedUrl.of(upstream) + "' is not a URL");
            }
            c = withMirror(c, "upstream", m -> m.withUpstream(uri));
        }
        if (given(offline)) {
            c = c.withOffline(bool(offline, "offline"));
        }
        if (given(pageTtl)) {
            c = withMirror(c, "page-ttl", m -> m.withPageTtl(ConfigFile.parseDuration(pageTtl)));
        }
        if (given(prefetch)) {
            boolean on = bool(prefetch, "prefetch-dependencies");
            c = withMirror(c, "prefetch-dependencies", m -> m.withPrefetchDependencies(on));
        }
        if (given(metrics)) {
            c = c.withMetrics(bool(metrics, "metrics"));
        }
        return c;
    }

    /**
     * {@code c} with its default mirror changed by {@code change}; what the configuration refuses (no
     * default mirror, a value out of range) is said with the setting's name.
     */
    private ServerConfig withMirror(ServerConfig c, String setting, UnaryOperator<MirrorConfig> change) {
        try {
            return c.withDefaultMirror(change.apply(c.defaultMirror()));
        } catch (ConfigException e) {
            throw new ConfigException(source.name(setting) + ": " + e.getMessage(), e);
        }
    }

    private boolean bool(String value, String setting) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on" -> true;
            case "0", "false", "no", "off" -> false;
            default -> throw new ConfigException(source.name(setting) + ": '" + value + "' is not true or false");
        };
    }

    private static boolean given(String value) {
        return value != null && !value.isBlank();
    }
}
