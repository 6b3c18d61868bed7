package dev.pymirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.testing.Sdist;
import dev.pymirror.testing.Wheel;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AddAndVerifyCommandTest {

    @TempDir
    Path dir;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    Path write(Wheel wheel) throws IOException {
        return Files.write(dir.resolve(wheel.filename()), wheel.bytes());
    }

    @Test
    void addsWheelsAndSdistsWithMetadataAndPagesAndVerifyAgrees() throws IOException {
        Wheel wheel = Wheel.of("local-tool", "1.0").requiresPython(">=3.9").build();
        Sdist sdist = Sdist.of("local-tool", "0.9").build();
        Path sdistFile = Files.write(dir.resolve(sdist.filename()), sdist.bytes());
        Path tree = dir.resolve("tree");

        assertThat(run("add", "--output", tree.toString(), write(wheel).toString(), sdistFile.toString()))
                .as(err.toString()).isZero();

        assertThat(out.toString()).isEqualTo("added local-tool/" + wheel.filename() + "\nadded local-tool/"
                + sdist.filename() + "\n");
        assertThat(Files.readAllBytes(tree.resolve("local-tool/" + wheel.filename() + ".metadata"))).isEqualTo(wheel.metadata());
        assertThat(Files.readString(tree.resolve("local-tool/index.html")))
                .contains("href=\"" + wheel.filename() + "#sha256=" + wheel.sha256() + "\"")
                .contains("href=\"" + sdist.filename() + "#sha256=" + sdist.sha256() + "\"")
                .contains("data-requires-python=\"&gt;=3.9\"");
        assertThat(Files.readString(tree.resolve("index.html"))).contains("href=\"local-tool/\"");
        assertThat(Files.readString(tree.resolve(".pymirror/manifest.json"))).contains("\"source\" : \"add\"");

        assertThat(run("verify", tree.toString())).isZero();
        assertThat(out.toString()).isEqualTo("ok: 1 projects, 2 files, " + dev.pymirror.sync.progress.ByteSizes.format(
                wheel.bytes().length + sdist.bytes().length) + " checked\n");

        assertThat(run("add", "--output", tree.toString(), write(wheel).toString())).isZero();
        assertThat(out.toString()).isEqualTo("already there: local-tool/" + wheel.filename() + "\n");
    }

    @Test
    void refusesFilesThatAreNotWhatTheirNamesSayAndAddsNone() throws IOException {
        Path good = write(Wheel.of("good", "1.0").build());
        Path fake = Files.writeString(dir.resolve("fake-1.0-py3-none-any.whl"), "not a zip");
        Path liar = Files.write(dir.resolve("liar-1.0-py3-none-any.whl"), Wheel.of("other", "2.0").build().bytes());
        Path notDist = Files.writeString(dir.resolve("notes.txt"), "hello");
        Path tree = dir.resolve("tree");

        int code = run("add", "-o", tree.toString(), good.toString(), fake.toString(), liar.toString(), notDist.toString(),
                dir.resolve("missing-1.0.tar.gz").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("pymirror add: nothing was added:\n")
                .contains("  " + fake + ": not a readable wheel (")
                .contains("  " + liar + ": its metadata describes other 2.0, not what its name says (liar 1.0)")
                .contains("  " + notDist + ": not a wheel or sdist name (")
                .contains("  " + dir.resolve("missing-1.0.tar.gz") + ": no such file");
        assertThat(Files.exists(tree.resolve("good"))).isFalse();
    }

    @Test
    void refusesToReplaceAPublishedFileWithOtherBytes() throws IOException {
        Path tree = dir.resolve("tree");
        Wheel first = Wheel.of("same", "1.0").build();
        assertThat(run("add", "-o", tree.toString(), write(first).toString())).isZero();
        Wheel other = Wheel.of("same", "1.0").payload(100, 3).build();

        assertThat(run("add", "-o", tree.toString(), write(other).toString())).isEqualTo(2);
        assertThat(err.toString()).contains(": the tree already holds a different " + first.filename() + " (sha256 "
                + first.sha256() + "); a published file never changes, so it is not replaced");
    }

    @Test
    void addNeedsFilesAndADirectory() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "");

        assertThat(run("add")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required parameter: 'FILE'");
        assertThat(run("add", "-o", file.toString(), "x-1.0.tar.gz")).isEqualTo(2);
        assertThat(err.toString()).contains("--output " + file + " is a file, not a directory");
    }

    @Test
    void verifyFindsTamperedMissingAndUnlistedFiles() throws IOException {
        Path tree = dir.resolve("tree");
        Wheel a = Wheel.of("a", "1.0").build();
        Wheel b = Wheel.of("b", "1.0").build();
        assertThat(run("add", "-o", tree.toString(), write(a).toString(), write(b).toString())).isZero();
        Files.write(tree.resolve("a/" + a.filename()), Wheel.of("a", "1.0").payload(10, 1).build().bytes());
        Files.delete(tree.resolve("b/" + b.filename() + ".metadata"));
        Wheel stray = Wheel.of("b", "2.0").build();
        Files.write(tree.resolve("b/" + stray.filename()), stray.bytes());
        Files.writeString(tree.resolve("b/.~staged-123-x.whl"), "half");

        assertThat(run("verify", tree.toString())).isEqualTo(1);

        assertThat(out.toString())
                .contains("problem: a/" + a.filename() + ": sha256 is ")
                .contains("problem: a/index.html: gives " + a.filename() + " a sha256 that is not the file's")
                .contains("problem: b/" + b.filename() + ".metadata: missing")
                .contains("problem: b/" + stray.filename() + ": not in the manifest (run 'pymirror sync --no-download'"
                        + " to adopt it)")
                .contains("problem: b/index.html: does not list " + stray.filename())
                .contains("problem: b/.~staged-123-x.whl: left by a write that never finished")
                .containsPattern("\\d+ problems in 2 projects, 3 files, .* checked\n$");
    }

    @Test
    void verifyFlagsPagesWithTheLegacyMetadataAttributeAndSyncNoDownloadRewritesThem() throws IOException {
        Path tree = dir.resolve("tree");
        Wheel wheel = Wheel.of("Flask.Like", "1.0").build();
        assertThat(run("add", "-o", tree.toString(), write(wheel).toString())).isZero();
        // As an older pymirror wrote it: the legacy attribute beside PEP 714's.
        Path page = tree.resolve("flask-like/index.html");
        String older = Files.readString(page).replaceAll(" data-core-metadata=(\"[^\"]*\")",
                " data-dist-info-metadata=$1 data-core-metadata=$1");
        assertThat(older).contains("data-dist-info-metadata=\"sha256=" + wheel.metadataSha256() + "\"");
        Files.writeString(page, older);

        assertThat(run("verify", tree.toString())).isEqualTo(1);
        assertThat(out.toString()).contains("problem: flask-like/index.html: carries the legacy data-dist-info-metadata"
                + " attribute, on which pip 22.x to 23.0 refuse names not spelled as typed (run 'pymirror sync"
                + " --no-download' to rewrite the pages)\n");

        assertThat(run("sync", "--no-download", "--output", tree.toString())).as(err.toString()).isZero();
        assertThat(Files.readString(page)).doesNotContain("dist-info-metadata")
                .contains("data-core-metadata=\"sha256=" + wheel.metadataSha256() + "\"");
        assertThat(run("verify", tree.toString())).as(out.toString()).isZero();
    }

    @Test
    void verifyOfSomethingThatIsNoTreeIsAUsageError() {
        assertThat(run("verify", dir.resolve("nothing").toString())).isEqualTo(2);
        assertThat(err.toString()).contains(dir.resolve("nothing") + " is not a mirror tree");
    }
}
