package dev.pymirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.testing.Wheel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleCommandTest {

    @TempDir
    Path dir;

    Path tree;
    Path keys;

    @BeforeEach
    void tree() throws IOException {
        tree = dir.resolve("tree");
        Files.createDirectories(tree.resolve("lib"));
        Files.writeString(tree.resolve("index.html"), "<a href=\"lib/\">lib</a>");
        Files.writeString(tree.resolve("lib/lib-1.0-py3-none-any.whl"), "wheel");
        keys = dir.resolve("keys");
        CliRun keygen = CliRun.run("bundle", "keygen", "--out", keys.toString(), "--comment", "build host");
        assertThat(keygen.exitCode()).as(keygen.err()).isZero();
        assertThat(keygen.out()).contains("fingerprint SHA256:").contains("pymirror-ed25519 ");
    }

    String pub() {
        return keys.resolve("pymirror-bundle.pub").toString();
    }

    @Test
    void createShowVerifyImport() throws IOException {
        Path bundle = dir.resolve("site.bundle");
        CliRun create = CliRun.run("bundle", "create", "--from", tree.toString(), "--key",
                keys.resolve("pymirror-bundle.key").toString(), "--out", bundle.toString());
        assertThat(create.exitCode()).as(create.err()).isZero();
        assertThat(create.out()).startsWith("bundled 2 files (").contains("2 objects").contains("signed by SHA256:");

        CliRun show = CliRun.run("bundle", "show", bundle.toString(), "--files");
        assertThat(show.out()).contains("base:      none (a full bundle)", "tree:      2 files", "lib/lib-1.0-py3-none-any.whl");

        CliRun verify = CliRun.run("bundle", "verify", bundle.toString(), "--trust", pub());
        assertThat(verify.exitCode()).as(verify.err()).isZero();
        assertThat(verify.out()).startsWith("ok: " + bundle);

        CliRun imported = CliRun.run("bundle", "import", bundle.toString(), "--into", dir.resolve("site").toString(),
                "--trust", pub());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.out()).startsWith("imported 2 files");
        assertThat(dir.resolve("site/lib/lib-1.0-py3-none-any.whl")).hasContent("wheel");

        CliRun again = CliRun.run("bundle", "import", bundle.toString(), "--into", dir.resolve("site").toString(),
                "--trust", pub());
        assertThat(again.out()).contains("already holds manifest");
    }

    @Test
    void aRefusedBundleIsOneLineAndExitCodeOneAndChangesNothing() throws IOException {
        Path bundle = dir.resolve("site.bundle");
        CliRun.run("bundle", "create", "--from", tree.toString(), "--key", keys.resolve("pymirror-bundle.key").toString(),
                "--out", bundle.toString());
        byte[] bytes = Files.readAllBytes(bundle);
        bytes[bytes.length - 1024 - 600] ^= 1;
        Files.write(bundle, bytes);

        CliRun run = CliRun.run("bundle", "import", bundle.toString(), "--into", dir.resolve("site").toString(),
                "--trust", pub());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).hasSize(1).first().asString().startsWith("pymirror bundle import: " + bundle);
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString()).filter(n -> n.contains("site") && !n.endsWith("lock")))
                    .containsExactly("site.bundle");
        }
    }

    @Test
    void aBundleIsNotWrittenIntoTheTreeItBundles() {
        CliRun run = CliRun.run("bundle", "create", "--from", tree.toString(), "--key",
                keys.resolve("pymirror-bundle.key").toString(), "--out", tree.resolve("x.bundle").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("pymirror bundle create: --out " + tree.resolve("x.bundle")
                + " is inside the tree it bundles");
        assertThat(tree.resolve("x.bundle")).doesNotExist();
    }

    @Test
    void aTrustArgumentThatIsNoKeyIsAUsageError() {
        CliRun run = CliRun.run("bundle", "verify", dir.resolve("x.bundle").toString(), "--trust",
                dir.resolve("missing.pub").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("pymirror bundle verify: --trust " + dir.resolve("missing.pub") + ": no such file");
    }

    @Test
    void aMissingBundleIsNamed() {
        CliRun run = CliRun.run("bundle", "show", dir.resolve("x.bundle").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("pymirror bundle show: " + dir.resolve("x.bundle") + ": no such bundle file\n");
    }

    @Test
    void anIndexOfTheServerIsBundledAndImportedIntoAHostedIndexAndASnapshot() throws IOException {
        Path wheels = Files.createDirectories(dir.resolve("wheels/acme-app"));
        Wheel app = Wheel.of("acme-app", "1.0").build();
        Files.write(wheels.resolve(app.filename()), app.bytes());
        Path config = Files.writeString(dir.resolve("pymirror.toml"), """
                [index.wheels]
                kind = "static"
                path = "%s"

                [index.local]
                kind = "hosted"
                """.formatted(wheels.getParent()));
        Path data = dir.resolve("data");
        Path bundle = dir.resolve("wheels.bundle");
        CliRun create = CliRun.run(CliRun.onData("bundle", config, data, "create", "--index", "wheels", "--key",
                keys.resolve("pymirror-bundle.key").toString(), "--out", bundle.toString()));
        assertThat(create.exitCode()).as(create.err()).isZero();
        assertThat(create.out()).contains("of index 'wheels'");

        CliRun hosted = CliRun.run(CliRun.onData("bundle", config, data, "import", bundle.toString(), "--into-index",
                "local", "--trust", pub()));
        assertThat(hosted.exitCode()).as(hosted.err()).isZero();
        assertThat(hosted.out()).contains("into index 'local': 1 added, 0 already there");
        assertThat(CliRun.run(CliRun.onData("file", config, data, "list", "local")).out()).contains(app.filename())
                .contains("sha256=" + app.sha256());

        CliRun snapshot = CliRun.run(CliRun.onData("bundle", config, data, "import", bundle.toString(),
                "--into-snapshot", "carried", "--trust", pub()));
        assertThat(snapshot.exitCode()).as(snapshot.err()).isZero();
        assertThat(snapshot.out()).contains("as snapshot 'carried': 1 projects, 1 files");
        assertThat(data.resolve(".snapshots/carried/simple/acme-app").resolve(app.filename()))
                .hasBinaryContent(app.bytes());
        // An incremental bundle becomes a snapshot too: its base is the snapshot made of the bundle it follows.
        Wheel app2 = Wheel.of("acme-app", "2.0").build();
        Files.write(wheels.resolve(app2.filename()), app2.bytes());
        Path delta = dir.resolve("wheels-delta.bundle");
        CliRun since = CliRun.run(CliRun.onData("bundle", config, data, "create", "--index", "wheels", "--key",
                keys.resolve("pymirror-bundle.key").toString(), "--out", delta.toString(), "--since",
                bundle.toString()));
        assertThat(since.exitCode()).as(since.err()).isZero();
        assertThat(since.out()).contains("over base");
        CliRun next = CliRun.run(CliRun.onData("bundle", config, data, "import", delta.toString(),
                "--into-snapshot", "carried-2", "--trust", pub()));
        assertThat(next.exitCode()).as(next.err()).isZero();
        assertThat(next.out()).contains("as snapshot 'carried-2': 1 projects, 2 files");
        assertThat(data.resolve(".snapshots/carried-2/simple/acme-app").resolve(app.filename()))
                .hasBinaryContent(app.bytes());
        assertThat(data.resolve(".snapshots/carried/simple/acme-app").resolve(app2.filename())).doesNotExist();
        CliRun hostedDelta = CliRun.run(CliRun.onData("bundle", config, data, "import", delta.toString(),
                "--into-index", "local", "--trust", pub()));
        assertThat(hostedDelta.out()).as(hostedDelta.err()).contains("1 added, 1 already there");

        // Refused (another key): no snapshot, and no pending folder left behind.
        CliRun.run("bundle", "keygen", "--out", dir.resolve("other-keys").toString());
        CliRun wrongKey = CliRun.run(CliRun.onData("bundle", config, data, "import", bundle.toString(),
                "--into-snapshot", "refused", "--trust", dir.resolve("other-keys/pymirror-bundle.pub").toString()));
        assertThat(wrongKey.exitCode()).isEqualTo(1);
        assertThat(wrongKey.err()).contains("which is not trusted");
        try (Stream<Path> left = Files.list(data.resolve(".snapshots"))) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(".lock", "carried",
                    "carried-2");
        }

        CliRun taken = CliRun.run(CliRun.onData("bundle", config, data, "import", bundle.toString(),
                "--into-snapshot", "carried", "--trust", pub()));
        assertThat(taken.exitCode()).isEqualTo(1);
        assertThat(taken.err()).startsWith("pymirror bundle import: snapshot 'carried' exists already");

        CliRun notHosted = CliRun.run(CliRun.onData("bundle", config, data, "import", bundle.toString(),
                "--into-index", "wheels", "--trust", pub()));
        assertThat(notHosted.exitCode()).isEqualTo(1);
        assertThat(notHosted.err()).isEqualTo("pymirror bundle import: index 'wheels' is a static index; bundles are"
                + " imported into hosted indexes\n");
    }

    @Test
    void oneSourceAndOneTargetAreUsageErrors() {
        CliRun neither = CliRun.run("bundle", "create", "--key", "k", "--out", dir.resolve("x.bundle").toString());
        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(neither.err()).startsWith("pymirror bundle create: give either --from TREE or --index INDEX");
        CliRun both = CliRun.run("bundle", "create", "--from", tree.toString(), "--index", "pypi", "--key", "k",
                "--out", dir.resolve("x.bundle").toString());
        assertThat(both.exitCode()).isEqualTo(2);
        CliRun two = CliRun.run("bundle", "import", "x.bundle", "--into", dir.resolve("site").toString(),
                "--into-snapshot", "s", "--trust", pub());
        assertThat(two.exitCode()).isEqualTo(2);
        assertThat(two.err()).startsWith("pymirror bundle import: give one of --into TREE, --into-index INDEX and"
                + " --into-snapshot NAME");
        assertThat(dir.resolve("site")).doesNotExist();
    }
}
