package dev.pymirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.server.PymirrorServer;
import dev.pymirror.server.config.MirrorConfig;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.testing.LocalPorts;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.TreeSnapshot;
import dev.pymirror.testing.Wheel;
import java.net.URI;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** inject, eject and run through the command line: output, errors, exit codes. No mounts. */
class InjectCommandsTest {

    @TempDir
    Path dir;

    private Path root;
    private final Map<String, String> env = new HashMap<>();
    private StringWriter out;
    private StringWriter err;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(dir.resolve("root"));
        for (String d : new String[] {"etc", "root", "tmp", "var/lib"}) {
            Files.createDirectories(root.resolve(d));
        }
        // The default mirror location must not be this machine's: point it at nothing.
        env.put("DIB_IMAGE_CACHE", dir.resolve("no-cache").toString());
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cli = Main.commandLine(env);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private String real() throws Exception {
        return root.toRealPath().toString();
    }

    @Test
    void injectThenEjectThenEjectAgain() throws Exception {
        env.put("DIB_PYPI_MIRROR_URL", "http://mirror.internal/simple");
        env.put("DIB_PIP_RETRIES", "0");
        TreeSnapshot before = TreeSnapshot.of(root);

        assertThat(run("inject", "--root", root.toString(), "--offline", "--no-url-check")).isZero();
        assertThat(out.toString()).isEqualTo("""
                injected %1$s:
                  wrote etc/pip.conf (new)
                  made directory etc/uv
                  wrote etc/uv/uv.toml (new)
                  wrote root/.pydistutils.cfg (new)
                indexes: http://mirror.internal/simple
                undo with: pymirror eject --root %1$s
                """.formatted(real()));
        assertThat(err.toString()).isEqualTo("pymirror inject: note: no mirror directory mounted: "
                + dir.resolve("no-cache/pypi/mirror") + " does not exist (give one with --mirror DIR)\n");
        assertThat(Files.readString(root.resolve("etc/pip.conf"))).contains("retries = 0\n")
                .contains("trusted-host =\n    mirror.internal\n");

        assertThat(run("inject", "--root", root.toString(), "--no-url-check")).isEqualTo(1);
        assertThat(err.toString()).contains("pymirror inject: " + real() + " is already injected");

        assertThat(run("eject", "--root", root.toString())).isZero();
        assertThat(out.toString()).startsWith("ejected " + real() + ":\n  removed root/.pydistutils.cfg\n");
        assertThat(TreeSnapshot.of(root)).isEqualTo(before);

        assertThat(run("eject", "--root", root.toString())).isZero();
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).isEqualTo("pymirror eject: nothing to eject: " + real()
                + " holds no pymirror record (var/lib/pymirror/inject.json)\n");
    }

    @Test
    void warningsAboutTheChoiceGoToStandardError() throws Exception {
        env.put("PYPI_MIRROR_URL", "http://old/simple");
        assertThat(run("inject", "--root", root.toString(), "--no-mirror", "--retries", "3", "--no-url-check")).isZero();
        assertThat(err.toString()).isEqualTo("pymirror inject: warning: PYPI_MIRROR_URL is deprecated: use "
                + "DIB_PYPI_MIRROR_URL, DIB_PYPI_MIRROR_URL_1, ... instead\n");
        assertThat(out.toString()).contains("indexes: http://old/simple https://pypi.org/simple\n");
    }

    @Test
    void aServerRootGivenForItsIndexIsWarnedAboutNamingTheIndexUrl() throws Exception {
        // A server whose root is no index while its /simple/ is (as pymirror's was, and other indexes' are).
        try (TestIndexServer server = TestIndexServer.start().add(Wheel.of("acme", "1.0").build())) {
            assertThat(run("inject", "--root", root.toString(), "--no-mirror", "--offline", "--index-url", server.url()))
                    .isZero();
            assertThat(err.toString()).isEqualTo("pymirror inject: warning: " + server.url() + " answers as a server's"
                    + " root, not as an index (pip will find no project there); its index is " + server.url()
                    + "simple/: use that URL\n");
            assertThat(run("eject", "--root", root.toString())).isZero();

            // The index URL itself, and a URL that nothing answers: no warning.
            String nothing = "http://127.0.0.1:" + LocalPorts.free() + "/";
            assertThat(run("inject", "--root", root.toString(), "--no-mirror", "--offline", "--index-url",
                    server.simpleUrl(), "--index-url", nothing)).isZero();
            assertThat(err.toString()).isEmpty();
            assertThat(run("eject", "--root", root.toString())).isZero();
        }
    }

    @Test
    void pymirrorsOwnRootIsAnIndexAndIsNotWarnedAbout() throws Exception {
        try (TestIndexServer upstream = TestIndexServer.start();
                PymirrorServer server = PymirrorServer.start(new ServerConfig("127.0.0.1", 0, dir.resolve("data"), false,
                        "pypi", Map.of("pypi", MirrorConfig.defaults("pypi").withUpstream(URI.create(upstream.simpleUrl())))))) {
            assertThat(run("inject", "--root", root.toString(), "--no-mirror", "--offline", "--index-url",
                    server.baseUrl().toString())).isZero();
            assertThat(err.toString()).isEmpty();
        }
    }

    @Test
    void usageErrorsNameWhatIsWrongAndExitTwo() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x");
        String[][] cases = {
            {"--root " + dir.resolve("missing") + ": no such directory", "inject", "--root", dir.resolve("missing").toString()},
            {"--root " + file + ": not a directory", "inject", "--root", file.toString()},
            {"--root " + file + ": not a directory", "eject", "--root", file.toString()},
            {"--index-url is not a valid index URL: 'mirror.internal' has no scheme", "inject", "--root", root.toString(),
                "--index-url", "mirror.internal"},
            {"--retries must be 0 or more, not -1", "inject", "--root", root.toString(), "--retries", "-1"},
            {"--mirror " + dir.resolve("nope") + ": no such directory", "inject", "--root", root.toString(), "--mirror",
                dir.resolve("nope").toString()},
            {"--mirror and --no-mirror contradict each other", "inject", "--root", root.toString(), "--mirror",
                dir.toString(), "--no-mirror"},
            {"--env X: write NAME=VALUE", "run", "--root", root.toString(), "--env", "X", "--", "true"},
        };
        for (String[] c : cases) {
            String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
            assertThat(run(args)).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString()).as(String.join(" ", args)).contains(c[0]).contains("See 'pymirror " + args[0] + " --help'.");
        }
        assertThat(root.resolve("var/lib/pymirror")).doesNotExist();
    }

    @Test
    void aMalformedVariableIsAUsageErrorNamingIt() throws Exception {
        env.put("DIB_PYPI_MIRROR_URL_2", "http://bad host/");
        assertThat(run("inject", "--root", root.toString(), "--no-mirror")).isEqualTo(2);
        assertThat(err.toString()).startsWith("pymirror inject: DIB_PYPI_MIRROR_URL_2 is not a valid index URL: "
                + "'http://bad host/' contains a space at position 11\n");
        env.put("DIB_PYPI_MIRROR_URL_2", "http://ok/");
        env.put("DIB_PIP_RETRIES", "many");
        assertThat(run("inject", "--root", root.toString(), "--no-mirror")).isEqualTo(2);
        assertThat(err.toString()).contains("DIB_PIP_RETRIES must be a whole number of retries (0 or more), not 'many'");
    }

    @Test
    void picocliUsageErrorsExitTwoToo() {
        assertThat(run("inject")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--root=DIR'");
        assertThat(run("inject", "--root", root.toString(), "--retries", "abc")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--retries': 'abc' is not an int");
        assertThat(run("run", "--root", root.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required parameter: 'CMD'");
    }

    @Test
    void aRecordThatDoesNotMatchIsAFailure() throws Exception {
        assertThat(run("inject", "--root", root.toString(), "--no-mirror")).isZero();
        Files.writeString(root.resolve("var/lib/pymirror/inject.json"), "[]");
        assertThat(run("eject", "--root", root.toString())).isEqualTo(1);
        assertThat(err.toString()).startsWith("pymirror eject: " + real()
                + "/var/lib/pymirror/inject.json is not a record pymirror can read: ");
    }

    /** The output with line wrapping undone. */
    private String flat() {
        return out.toString().replaceAll("\\s+", " ");
    }

    @Test
    void helpSaysWhatEachCommandDoes() {
        assertThat(run("inject", "--help")).isZero();
        assertThat(flat()).contains("Usage: pymirror inject", "--index-url=URL", "--offline", "--retries=N",
                "--break-system-packages", "--no-official-index", "DIB_PYPI_MIRROR_URL", "_10 before _2", "Exit status");
        assertThat(run("eject", "--help")).isZero();
        assertThat(flat()).contains("Usage: pymirror eject", "byte for byte", "Exit status");
        assertThat(run("run", "--help")).isZero();
        assertThat(flat()).contains("Usage: pymirror run", "CMD...", "SIGTERM", "PIP_*", "Exit status");
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("inject", "eject", "run");
    }
}
