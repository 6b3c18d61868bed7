package dev.pymirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.Wheel;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SyncCommandTest {

    @TempDir
    Path dir;

    TestIndexServer upstream;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws IOException {
        upstream = TestIndexServer.start();
        upstream.add(Wheel.of("app", "1.0").requires("lib>=2").build(),
                Wheel.of("lib", "2.0").build(), Wheel.of("lib", "1.0").build());
    }

    @AfterEach
    void stop() throws IOException {
        upstream.close();
    }

    int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    /** {@code sync} with a target and the test upstream, then the given arguments. */
    int sync(String... args) {
        List<String> all = new ArrayList<>(List.of("sync", "--python-version", "3.12", "--platform",
                "manylinux_2_28_x86_64", "--upstream", upstream.simpleUrl(), "--retries", "0"));
        all.addAll(List.of(args));
        return run(all.toArray(String[]::new));
    }

    @Test
    void syncsAndPrintsASummaryWithLogLinesWhenNoTerminalIsAttached() throws IOException {
        Path req = Files.writeString(dir.resolve("requirements.txt"), "app\n");

        int code = sync("-r", req.toString(), "--output", dir.resolve("m").toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("synced 2 projects for 1 target into " + dir.resolve("m") + ": 2 files"
                + " (2 downloaded, 0 already there), ")
                .contains("  cp312-manylinux_2_28_x86_64: 2 packages");
        assertThat(err.toString()).contains("==> resolving for 1 target against " + upstream.simpleUrl(),
                "cp312-manylinux_2_28_x86_64: 2 packages", "==> downloading 2 of 2 files",
                "fetched lib-2.0-py3-none-any.whl (");
        assertThat(Files.exists(dir.resolve("m/lib/lib-2.0-py3-none-any.whl"))).isTrue();
    }

    @Test
    void quietPrintsOnlyTheSummary() {
        int code = sync("app", "--output", dir.resolve("m").toString(), "--quiet");

        assertThat(code).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(out.toString()).startsWith("synced 2 projects");
    }

    @Test
    void aConflictFailsWithTheChainAndExitCodeOne() {
        int code = sync("app", "lib<2", "--output", dir.resolve("m").toString(), "-q");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("pymirror sync: cannot resolve for cp312-manylinux_2_28_x86_64: no version"
                + " of lib satisfies ")
                .contains("app 1.0 requires lib>=2").contains("command line requires lib<2")
                .doesNotContain("\tat ");
        assertThat(Files.exists(dir.resolve("m/index.html"))).isFalse();
    }

    @Test
    void anEditableLineIsAUsageErrorNamingTheFileAndLine() throws IOException {
        Path req = Files.writeString(dir.resolve("r.txt"), "app\n-e ./src\n");

        int code = sync("-r", req.toString(), "--output", dir.resolve("m").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("pymirror sync: " + req + ":2: './src' is an editable requirement");
    }

    @Test
    void aMissingRequirementsFileIsAUsageError() {
        int code = sync("-r", dir.resolve("missing.txt").toString(), "--output", dir.resolve("m").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("pymirror sync: " + dir.resolve("missing.txt") + ": no such file\n");
    }

    @Test
    void anUnreachableUpstreamIsAFailure() throws IOException {
        upstream.stop();

        int code = sync("app", "--output", dir.resolve("m").toString(), "-q");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("pymirror sync: the upstream " + upstream.simpleUrl() + " failed: cannot"
                + " read the page of app: the upstream refused the connection");
    }

    @Test
    void aServersRootGivenAsTheUpstreamIsNamedWithTheIndexToUse() {
        int code = run("sync", "--python-version", "3.12", "--platform", "manylinux_2_28_x86_64", "--upstream",
                upstream.url(), "--retries", "0", "app", "--output", dir.resolve("m").toString(), "-q");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("the upstream " + upstream.url() + " is not an index: its index is "
                + upstream.simpleUrl()).doesNotContain("no project");
    }

    @Test
    void garbageOptionsAreUsageErrorsThatNameWhatIsWrong() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "");
        String m = dir.resolve("m").toString();

        assertUsage(run("sync", "--output", m), "nothing to sync: give requirements with -r FILE or as SPEC arguments");
        assertUsage(sync("app", "--jobs", "0"), "--jobs must be between 1 and 256, not 0");
        assertUsage(sync("app", "--jobs", "many"), "Invalid value for option '--jobs': 'many' is not an int");
        assertUsage(run("sync", "app", "--retries", "-1"), "--retries must be between 0 and 20, not -1");
        assertUsage(sync("app", "--timeout", "0"), "--timeout must be between 1 and 3600 seconds, not 0");
        assertUsage(run("sync", "app", "--python-version", "three", "--platform", "manylinux_2_28_x86_64"),
                "--python-version three --platform manylinux_2_28_x86_64 --implementation cp is not a target: ");
        assertUsage(run("sync", "app", "--python-version", "3.12", "--platform", "any"),
                "--python-version 3.12 --platform any --implementation cp is not a target: ");
        assertUsage(run("sync", "app", "--python-version", "3.12", "--platform", "linux_x86_64", "--implementation",
                "cobol"), "--implementation cobol is not a target: ");
        assertUsage(run("sync", "app", "--upstream", "ftp://example.com/simple/"),
                "--upstream 'ftp://example.com/simple/' is not an http(s) URL of an index");
        assertUsage(run("sync", "app", "--upstream", "not a url"), "--upstream 'not a url' is not an http(s) URL of an index");
        assertUsage(sync("app", "--output", file.toString()), "--output " + file + " is a file, not a directory");
        assertUsage(sync("app", "--allow-sdist", "no good!"), "--allow-sdist takes :all:, :none: or project names;"
                + " 'no good!' is none of them");
        assertUsage(sync("app", "--only-binary", "::bad"), "--only-binary takes :all:, :none: or project names");
        assertUsage(sync("app", "--no-download", "--output", m), "--no-download rebuilds the pages from the files"
                + " already in the tree; it takes no requirements");
        assertUsage(sync("app", "--frobnicate"), "Unknown option: '--frobnicate'");
    }

    private void assertUsage(int code, String message) {
        assertThat(code).as(err.toString()).isEqualTo(2);
        assertThat(err.toString()).contains(message).contains("Usage: pymirror sync");
        err.getBuffer().setLength(0);
    }

    @Test
    void noDownloadRebuildsThePagesOfATreeAndFailsWithoutOne() throws IOException {
        assertThat(sync("app", "--output", dir.resolve("m").toString(), "-q")).isZero();
        Files.delete(dir.resolve("m/index.html"));
        out.getBuffer().setLength(0);

        assertThat(run("sync", "--no-download", "--output", dir.resolve("m").toString(), "-q")).isZero();
        assertThat(out.toString()).startsWith("rebuilt the pages of " + dir.resolve("m") + ": 2 projects, 2 files,"
                + " 1 pages written");
        assertThat(Files.exists(dir.resolve("m/index.html"))).isTrue();

        assertThat(run("sync", "--no-download", "--output", dir.resolve("none").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("pymirror sync: " + dir.resolve("none") + " does not exist");
    }

    @Test
    void aBrokenLockIsAUsageErrorNamingIt() throws IOException {
        Path lock = Files.writeString(dir.resolve("uv.lock"), "version = 7\n");

        assertThat(sync("--lock", lock.toString(), "--output", dir.resolve("m").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("pymirror sync: " + lock
                + ": version: is 7, a uv.lock version this pymirror does not read (it reads 1)");
        assertThat(dir.resolve("m")).doesNotExist();
    }

    @Test
    void aMirrorsFileSyncsEachMirrorAndOneFailingDoesNotStopTheOthers() throws IOException {
        Path config = Files.writeString(dir.resolve("mirrors.toml"), """
                [mirror.a]
                output = "a"
                roots = ["app"]

                [mirror.b]
                output = "b"
                roots = ["no-such-project"]

                [mirror.c]
                output = "c"
                roots = ["lib<2"]
                """);

        assertUsage(sync("--config", config.toString(), "app"), "--config FILE names each mirror's inputs and output;"
                + " give no -r, -c, --lock, --output or SPEC with it");
        assertUsage(sync("--config", config.toString(), "--no-download"), "--no-download rebuilds the pages");
        assertThat(sync("--config", config.toString(), "-q")).isEqualTo(1);
        assertThat(out.toString()).contains("[a] synced 2 projects", "[c] synced 1 projects");
        assertThat(err.toString()).contains("pymirror sync: [b] ")
                .contains("pymirror sync: 1 of 3 mirrors failed, and were left as they were: b");
        assertThat(dir.resolve("a/lib/index.html")).exists();
        assertThat(dir.resolve("b/index.html")).doesNotExist();
        Path broken = Files.writeString(dir.resolve("broken.toml"), "[mirror.x]\nlocks = []\n");
        assertThat(sync("--config", broken.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("pymirror sync: " + broken + ": mirror.x.output is missing");
    }

    @Test
    void helpDescribesTargetsAndDefaults() {
        assertThat(run("sync", "--help")).isZero();
        assertThat(out.toString()).contains("--python-version=X.Y", "--platform=TAG", "--allow-sdist", "--prune",
                "--no-download", "--lock=FILE", "--config=FILE", "~/.cache/image-create/pypi/mirror", "Exit codes:");
    }
}
