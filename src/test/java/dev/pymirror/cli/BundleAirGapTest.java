package dev.pymirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.testing.Installation;
import dev.pymirror.testing.Pip;
import dev.pymirror.testing.PipInstaller;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.ToolRun;
import dev.pymirror.testing.Wheel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The air-gapped round trip: sync from an index on 127.0.0.1, bundle, stop the index, import into
 * another directory, and the real pips (Debian's 23.0.1 and 26.2.1) install from the imported tree
 * over file://; then an incremental bundle, and a damaged one and one signed by another key refused.
 */
@Tag("slow")
class BundleAirGapTest {

    @TempDir
    Path dir;

    static CliRun ok(String... args) {
        CliRun run = CliRun.run(args);
        assertThat(run.exitCode()).as(String.join(" ", args) + "\n" + run.err() + run.out()).isZero();
        return run;
    }

    static void sync(TestIndexServer upstream, Path tree) {
        ok("sync", "--python-version", "3.11", "--platform", "manylinux_2_28_x86_64", "--upstream", upstream.simpleUrl(),
                "--retries", "0", "--quiet", "--output", tree.toString(), "app");
    }

    @Test
    void aBundledTreeIsInstalledFromOnASiteWithoutTheIndex() throws Exception {
        Path tree = dir.resolve("build-host/mirror");
        Path keys = dir.resolve("build-host/keys");
        Path full = dir.resolve("transfer/full.bundle");
        Path delta = dir.resolve("transfer/delta.bundle");
        Files.createDirectories(full.getParent());
        ok("bundle", "keygen", "--out", keys.toString());
        String key = keys.resolve("pymirror-bundle.key").toString();
        Wheel app2 = Wheel.of("app", "2.0").requires("lib>=2").build();
        try (TestIndexServer upstream = TestIndexServer.start()) {
            upstream.add(Wheel.of("app", "1.0").requires("lib>=2").build(), Wheel.of("lib", "2.0").build());
            sync(upstream, tree);
            ok("bundle", "create", "--from", tree.toString(), "--key", key, "--out", full.toString());
            upstream.add(app2);
            sync(upstream, tree);
            CliRun made = ok("bundle", "create", "--from", tree.toString(), "--key", key, "--out", delta.toString(),
                    "--since", full.toString());
            assertThat(made.out()).contains("over base");
        }
        // The site: only the bundles and the public key came across.
        Path site = dir.resolve("site/pypi");
        Files.createDirectories(site.getParent());
        String trust = keys.resolve("pymirror-bundle.pub").toString();
        ok("bundle", "import", full.toString(), "--into", site.toString(), "--trust", trust);

        assertThat(pip23(site, "app")).containsEntry("app", "1.0").containsEntry("lib", "2.0");

        CliRun imported = ok("bundle", "import", delta.toString(), "--into", site.toString(), "--trust", trust);
        assertThat(imported.out()).contains("from the base");
        assertThat(pip23(site, "app")).containsEntry("app", "2.0").containsEntry("lib", "2.0");
        PipInstaller pip26 = PipInstaller.newest(dir);
        Path target = dir.resolve("pip26-site");
        ToolRun run = pip26.pip(List.of("install", "--no-input", "--retries", "0", "--index-url", site.toUri().toString(),
                "--target", target.toString(), "app"), Files.createDirectories(dir.resolve("pip26-work")));
        assertThat(run.ok()).as(run.toString()).isTrue();
        assertThat(Installation.distributionsIn(target)).containsEntry("app", "2.0").containsEntry("lib", "2.0");
        ok("verify", site.toString());

        // A flipped byte in app 2.0's wheel, inside the delta: refused, naming the file; the site unchanged.
        byte[] bytes = Files.readAllBytes(delta);
        int at = indexOf(bytes, app2.bytes());
        bytes[at + app2.bytes().length / 2] ^= 0x01;
        Path damaged = Files.write(dir.resolve("transfer/damaged.bundle"), bytes);
        byte[] before = Files.readAllBytes(site.resolve("app/index.html"));
        Path emptySite = dir.resolve("site/other");
        ok("bundle", "import", full.toString(), "--into", emptySite.toString(), "--trust", trust);
        CliRun refused = CliRun.run("bundle", "import", damaged.toString(), "--into", emptySite.toString(), "--trust",
                trust);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).startsWith("pymirror bundle import: " + damaged + ": app/app-2.0-py3-none-any.whl"
                + " (object ").contains("does not match its SHA-256");
        assertThat(pip23(emptySite, "app")).containsEntry("app", "1.0");

        // Signed by a key the site does not trust: refused, naming the signer's fingerprint.
        ok("bundle", "keygen", "--out", dir.resolve("other-keys").toString());
        CliRun wrongKey = CliRun.run("bundle", "import", delta.toString(), "--into", site.toString(), "--trust",
                dir.resolve("other-keys/pymirror-bundle.pub").toString());
        String signer = CliRun.run("bundle", "show", delta.toString()).out().lines()
                .filter(l -> l.startsWith("signed by: ")).findFirst().orElseThrow().split(" ")[2];
        assertThat(wrongKey.exitCode()).isEqualTo(1);
        assertThat(wrongKey.err()).startsWith("pymirror bundle import: " + delta + " is signed by key " + signer
                + ", which is not trusted");
        assertThat(Files.readAllBytes(site.resolve("app/index.html"))).isEqualTo(before);
    }

    /** Debian's pip installs {@code requirement} from the tree over file://; what it installed. */
    Map<String, String> pip23(Path tree, String requirement) throws Exception {
        Path target = Files.createTempDirectory(dir, "pip23-site");
        ToolRun run = new Pip(Files.createTempDirectory(dir, "pip23-home")).install(tree.toUri().toString(), target,
                requirement);
        assertThat(run.ok()).as(run.toString()).isTrue();
        return Installation.distributionsIn(target);
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        List<Integer> found = new ArrayList<>();
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            found.add(i);
        }
        assertThat(found).as("the wheel's bytes in the bundle").hasSize(1);
        return found.getFirst();
    }
}
