package dev.pymirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.testing.TreeSnapshot;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** pymirror use through the command line, on a scratch home: the files, --print, --undo, errors. */
class UseCommandTest {

    @TempDir
    Path home;

    private final Map<String, String> env = new HashMap<>();
    private StringWriter out;
    private StringWriter err;

    @BeforeEach
    void setUp() {
        env.put("HOME", home.toString());
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cli = Main.commandLine(env, args);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void writesEachClientsFileAndUndoPutsBackExactlyWhatWasThere() throws Exception {
        // A user's own pip.conf, private and old, and a .pypirc with another repository.
        Path pipConf = Files.createDirectories(home.resolve(".config/pip")).resolve("pip.conf");
        Files.writeString(pipConf, "[global]\ntimeout = 60\n");
        Files.setAttribute(pipConf, "unix:mode", 0600);
        Files.setLastModifiedTime(pipConf, FileTime.from(Instant.parse("2020-01-02T03:04:05Z")));
        Files.writeString(home.resolve(".pypirc"), "[distutils]\nindex-servers = other\n");
        TreeSnapshot before = TreeSnapshot.of(home);

        assertThat(run("use", "http://mirror.internal:3141", "--index", "internal")).isZero();
        assertThat(Files.readString(pipConf)).endsWith("[global]\nindex-url = http://mirror.internal:3141/internal/simple/\n"
                + "trusted-host = mirror.internal:3141\n");
        assertThat(Files.getAttribute(pipConf, "unix:mode")).isEqualTo(0100600);
        assertThat(Files.readString(home.resolve(".config/uv/uv.toml")))
                .endsWith("[[index]]\nurl = \"http://mirror.internal:3141/internal/simple/\"\ndefault = true\n");
        assertThat(Files.readString(home.resolve(".config/pdm/config.toml")))
                .endsWith("[pypi]\nurl = \"http://mirror.internal:3141/internal/simple/\"\n");
        assertThat(Files.readString(home.resolve(".pypirc"))).endsWith("[distutils]\nindex-servers =\n    pymirror\n\n"
                + "[pymirror]\nrepository = http://mirror.internal:3141/internal/\n");
        assertThat(Files.readString(home.resolve(".config/pypoetry/config.toml")))
                .endsWith("[repositories.pymirror]\nurl = \"http://mirror.internal:3141/internal/\"\n");
        assertThat(out.toString()).startsWith("pointed the clients at http://mirror.internal:3141/internal/simple/"
                + " (uploads: http://mirror.internal:3141/internal/):\n").endsWith("undo with: pymirror use --undo\n");
        assertThat(err.toString()).contains("poetry source add --default pymirror http://mirror.internal:3141/internal/simple/");

        // A second use before undo changes nothing and says why.
        String written = Files.readString(pipConf);
        assertThat(run("use", "https://other.example/")).isEqualTo(1);
        assertThat(err.toString()).contains("records earlier changes").contains("pymirror use --undo");
        assertThat(Files.readString(pipConf)).isEqualTo(written);

        assertThat(run("use", "--undo")).isZero();
        assertThat(TreeSnapshot.of(home)).isEqualTo(before);
        assertThat(run("use", "--undo")).isZero();
        assertThat(err.toString()).isEqualTo("pymirror use: nothing to undo: " + home.toRealPath()
                + "/.local/state/pymirror/use.json does not exist\n");
    }

    @Test
    void systemWritesTheMachinesFilesInItsRootAndUndoPutsThemBack() throws Exception {
        Path root = Files.createDirectories(home.resolve("machine"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/pip.conf"), "[global]\ncert = /etc/ssl/certs/ca-certificates.crt\n");
        TreeSnapshot before = TreeSnapshot.of(root);
        assertThat(run("use", "https://mirror.example/", "--system", "--root", root.toString())).isZero();
        assertThat(Files.readString(root.resolve("etc/pip.conf")))
                .endsWith("[global]\nindex-url = https://mirror.example/simple/\n");
        assertThat(Files.readString(root.resolve("etc/uv/uv.toml"))).contains("url = \"https://mirror.example/simple/\"");
        assertThat(root.resolve("var/lib/pymirror/use.json")).exists();
        assertThat(out.toString()).endsWith("undo with: pymirror use --undo --system --root " + root + "\n");
        // The user's files are not the machine's.
        assertThat(home.resolve(".config")).doesNotExist();
        assertThat(run("use", "--undo", "--system", "--root", root.toString())).isZero();
        assertThat(TreeSnapshot.of(root)).isEqualTo(before);
    }

    @Test
    void printShowsTheEnvironmentAndWritesNothing() throws Exception {
        TreeSnapshot before = TreeSnapshot.of(home);
        assertThat(run("use", "http://127.0.0.1:3141/", "--print")).isZero();
        assertThat(out.toString()).isEqualTo("""
                export PIP_INDEX_URL=http://127.0.0.1:3141/simple/
                export PIP_TRUSTED_HOST=127.0.0.1:3141
                export UV_DEFAULT_INDEX=http://127.0.0.1:3141/simple/
                export PDM_PYPI_URL=http://127.0.0.1:3141/simple/
                export TWINE_REPOSITORY_URL=http://127.0.0.1:3141/
                export POETRY_REPOSITORIES_PYMIRROR_URL=http://127.0.0.1:3141/
                """);
        assertThat(TreeSnapshot.of(home)).isEqualTo(before);
        assertThat(run("use", "https://mirror.example/pymirror/", "--index", "main", "--print")).isZero();
        assertThat(out.toString()).startsWith("export PIP_INDEX_URL=https://mirror.example/pymirror/main/simple/\n"
                + "export UV_DEFAULT_INDEX=").contains("TWINE_REPOSITORY_URL=https://mirror.example/pymirror/main/\n");
    }

    @Test
    void badInputIsAUsageErrorThatChangesNothing() throws Exception {
        TreeSnapshot before = TreeSnapshot.of(home);
        String[][] cases = {
            {"give the server's URL, or --undo", "use"},
            {"--undo takes no URL", "use", "--undo", "http://h/"},
            {"URL carries credentials", "use", "http://alice:secret@h/"},
            {"must be a server's http or https URL", "use", "file:///srv/tree"},
            {"--index 'Main/x' is not an index name", "use", "http://h/", "--index", "Main/x"},
            {"--root is the machine's root: give it with --system", "use", "http://h/", "--root", "/"},
        };
        for (String[] c : cases) {
            String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
            assertThat(run(args)).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString()).as(String.join(" ", args)).contains(c[0]);
        }
        assertThat(TreeSnapshot.of(home)).isEqualTo(before);
    }
}
