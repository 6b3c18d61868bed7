package dev.pymirror.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pymirror.server.config.ConfigException;
import dev.pymirror.server.config.ServerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {

    @TempDir
    Path dir;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final Map<String, String> env = new HashMap<>();

    private CommandLine cli() {
        CommandLine cli = new CommandLine(new ServeCommand());
        ((ServeCommand) cli.getCommand()).environment = env;
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli;
    }

    private ServerConfig resolve(String... args) {
        CommandLine cli = cli();
        cli.parseArgs(args);
        return ((ServeCommand) cli.getCommand()).resolveConfig();
    }

    @Test
    void optionsOverrideTheEnvironmentWhichOverridesTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("c.toml"), """
                port = 1111
                host = "127.0.0.2"
                [index.pypi]
                upstream = "http://file.example/simple/"
                page-ttl = "1h"
                """);
        env.put("PYMIRROR_CONFIG", file.toString());
        env.put("PYMIRROR_PORT", "2222");
        env.put("PYMIRROR_UPSTREAM", "http://env.example/simple/");
        env.put("PYMIRROR_OFFLINE", "yes");
        ServerConfig c = resolve("--upstream", "http://flag.example/simple", "--data", dir.toString());
        assertThat(c.port()).isEqualTo(2222);
        assertThat(c.host()).isEqualTo("127.0.0.2");
        assertThat(c.defaultMirror().upstream()).isEqualTo(URI.create("http://flag.example/simple/"));
        assertThat(c.defaultMirror().pageTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(c.offline()).isTrue();
        assertThat(c.dataDir()).isEqualTo(dir);
        assertThat(resolve("--port", "3333", "--page-ttl", "10s").port()).isEqualTo(3333);
    }

    @Test
    void upstreamOnTheCommandLineKeepsTheFilesOtherMirrorSettings() throws Exception {
        // --upstream replaces the file's upstream alone, not the mirror it belongs to.
        Path file = prefetchingMirrorFile();
        ServerConfig c = resolve("--config", file.toString(), "--upstream", "http://127.0.0.1:8/simple/");
        assertThat(c.defaultMirror().upstream()).isEqualTo(URI.create("http://127.0.0.1:8/simple/"));
        assertThat(c.defaultMirror().prefetchDependencies()).isTrue();
        assertThat(resolve("--upstream", "http://127.0.0.1:8/simple/").defaultMirror().prefetchDependencies()).isFalse();
    }

    @Test
    void prefetchDependenciesComesFromTheFileTheEnvironmentOrTheOption() throws Exception {
        Path file = prefetchingMirrorFile();
        assertThat(resolve("--prefetch-dependencies").defaultMirror().prefetchDependencies()).isTrue();
        assertThat(resolve("--prefetch-dependencies=false").defaultMirror().prefetchDependencies()).isFalse();
        env.put("PYMIRROR_PREFETCH_DEPENDENCIES", "yes");
        assertThat(resolve().defaultMirror().prefetchDependencies()).isTrue();
        assertThat(resolve("--prefetch-dependencies", "off").defaultMirror().prefetchDependencies()).isFalse();
        env.put("PYMIRROR_PREFETCH_DEPENDENCIES", "0");
        assertThat(resolve("--config", file.toString()).defaultMirror().prefetchDependencies()).isFalse();
        env.clear();
        assertThat(resolve("--config", file.toString()).defaultMirror().prefetchDependencies()).isTrue();
        assertThat(resolve().defaultMirror().prefetchDependencies()).as("off by default").isFalse();
    }

    /** A configuration file whose one mirror has prefetch-dependencies on. */
    private Path prefetchingMirrorFile() throws Exception {
        return Files.writeString(dir.resolve("prefetch.toml"), """
                [index.pypi]
                upstream = "http://127.0.0.1:9/simple/"
                prefetch-dependencies = true
                """);
    }

    @Test
    void garbageInTheEnvironmentOrOptionsIsNamed() {
        env.put("PYMIRROR_PORT", "eighty");
        assertThatThrownBy(() -> resolve()).isInstanceOf(ConfigException.class)
                .hasMessage("$PYMIRROR_PORT: 'eighty' is not a port number");
        env.clear();
        env.put("PYMIRROR_OFFLINE", "maybe");
        assertThatThrownBy(() -> resolve()).hasMessage("$PYMIRROR_OFFLINE: 'maybe' is not true or false");
        env.clear();
        assertThatThrownBy(() -> resolve("--page-ttl", "soon")).hasMessageContaining("--page-ttl: 'soon' is not a duration");
        assertThatThrownBy(() -> resolve("--upstream", "ftp://x/")).hasMessageContaining("must be an http:// or https:// URL");
        assertThatThrownBy(() -> resolve("--port", "99999")).hasMessageContaining("between 0 and 65535");
        assertThatThrownBy(() -> resolve("--prefetch-dependencies", "sometimes"))
                .hasMessage("--prefetch-dependencies: 'sometimes' is not true or false");
        env.put("PYMIRROR_PREFETCH_DEPENDENCIES", "maybe");
        assertThatThrownBy(() -> resolve()).hasMessage("$PYMIRROR_PREFETCH_DEPENDENCIES: 'maybe' is not true or false");
        env.clear();
    }

    @Test
    void aBadConfigurationExitsWithUsageErrorAndSaysWhy() {
        assertThat(cli().execute("--config", dir.resolve("missing.toml").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("pymirror serve: configuration file").contains("does not exist");
        assertThat(cli().execute("--port", "x")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--port'");
    }

    @Test
    void anIndexMissingAtStartUpIsNamedWithTheConfigurationRead() throws Exception {
        // A group kept in the data directory whose member was declared in a configuration file that
        // this server, started without one, does not read.
        Files.writeString(dir.resolve("indexes.toml"), """
                [index.main]
                kind = "group"
                members = ["internal", "pypi"]
                """);
        int code = cli().execute("--port", "0", "--data", dir.toString(), "--upstream", "http://127.0.0.1:9/simple/");
        assertThat(code).isEqualTo(1);
        Path usual = ConfigSources.configFile(null, env);
        assertThat(err.toString()).contains("group 'main' has member 'internal', which is not one of the indexes")
                .contains("(configuration: " + (usual == null ? "no configuration file: defaults" : usual)
                        + "; data directory: " + dir + ")");
    }

    @Test
    void aTakenPortIsAClearStartupError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int code = cli().execute("--port", Integer.toString(taken.getLocalPort()), "--data", dir.toString(),
                    "--upstream", "http://127.0.0.1:9/simple/");
            assertThat(code).isEqualTo(1);
            assertThat(err.toString()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .contains("address is in use");
        }
    }

    @Test
    void anUnusableDataDirectoryIsAClearStartupError() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        int code = cli().execute("--port", "0", "--data", file.resolve("data").toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("the data directory " + file.resolve("data")).contains("cannot be used");
    }

    @Test
    void mirrorOptionsNameTheirMistakeWhenTheDefaultIndexIsNoMirror() throws Exception {
        Path file = Files.writeString(dir.resolve("hosted.toml"), """
                default-index = "internal"
                [index.internal]
                kind = "hosted"
                """);
        assertThatThrownBy(() -> resolve("--config", file.toString(), "--upstream", "http://x.example/simple/"))
                .hasMessage("--upstream: the default index 'internal' is a hosted index, not a mirror");
        assertThat(cli().execute("--config", file.toString(), "--page-ttl", "5m")).isEqualTo(2);
        assertThat(err.toString()).contains("--page-ttl: the default index 'internal' is a hosted index, not a mirror");
        assertThat(cli().execute("--config", file.toString(), "--prefetch-dependencies")).isEqualTo(2);
        assertThat(err.toString())
                .contains("--prefetch-dependencies: the default index 'internal' is a hosted index, not a mirror");
    }
}
