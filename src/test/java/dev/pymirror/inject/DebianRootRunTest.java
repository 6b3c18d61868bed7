package dev.pymirror.inject;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.testing.DebianRoot;
import dev.pymirror.testing.PymirrorProcess;
import dev.pymirror.testing.StaticMirror;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.TreeSnapshot;
import dev.pymirror.testing.Wheel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pymirror run}, {@code inject} and {@code eject} on a real Debian root (debootstrap, cached)
 * with the real pip inside it, as root: pip installs from the mirror only, and afterwards the root is
 * what it was but for the installed package.
 */
@Tag("slow")
class DebianRootRunTest {

    /** The machine's own PIP_* variables point at local folders; these would break pip if they leaked in. */
    private static final Map<String, String> POISON = Map.of(
            "PIP_INDEX_URL", "http://127.0.0.1:9/leaked-from-the-host/",
            "PIP_NO_INDEX", "1",
            "PIP_CONFIG_FILE", "/dev/null",
            "PIP_FIND_LINKS", "/leaked-from-the-host",
            "UV_INDEX_URL", "http://127.0.0.1:9/leaked-from-the-host/");

    /** What a pip install may leave: the package itself and compiled bytecode. */
    private static final String SITE = "usr/local/lib/python3";

    /** Removed by {@link #cleanUp} with --one-file-system, never through a mount left behind by a bug. */
    @TempDir(cleanup = CleanupMode.NEVER)
    Path dir;

    private Path root;
    private Path mirror;
    private TreeSnapshot before;
    private final Map<String, String> env = new HashMap<>(System.getenv());

    @BeforeEach
    void freshRoot() throws Exception {
        root = DebianRoot.extractTo(dir.resolve("root"));
        mirror = StaticMirror.write(dir.resolve("mirror"),
                Wheel.of("acme-app", "1.0").requires("acme-lib>=1.0,<2").build(),
                Wheel.of("acme-lib", "1.5").build(),
                Wheel.of("acme-lib", "2.0").build());
        before = snapshot();
        env.putAll(POISON);
        // Not this machine's mirror cache: only what a test names is mounted.
        env.put("DIB_IMAGE_CACHE", dir.resolve("no-cache").toString());
    }

    @AfterEach
    void cleanUp() throws Exception {
        List<String> left = new java.util.ArrayList<>();
        for (String point : List.of("tmp/pypi", "dev", "sys", "proc")) {
            Path p = root.resolve(point);
            if (Mounts.isMountPoint(p)) {
                left.add(point);
                new ProcessBuilder("umount", "-l", p.toString()).inheritIO().start().waitFor();
            }
        }
        new ProcessBuilder("rm", "-rf", "--one-file-system", dir.toString()).inheritIO().start().waitFor();
        assertThat(left).as("mounts left in the root").isEmpty();
    }

    private TreeSnapshot snapshot() {
        return TreeSnapshot.of(root, Set.of("proc", "sys", "dev", "tmp/pypi"));
    }

    private static boolean isPackageOrBytecode(String path) {
        return path.endsWith(".pyc") || path.endsWith("__pycache__")
                || (path.startsWith(SITE) && path.contains("/dist-packages/acme_"));
    }

    private PymirrorProcess.Result pymirror(String... args) throws Exception {
        return PymirrorProcess.run(dir.resolve("logs"), env, 10, args);
    }

    /** Checks the root against the snapshot taken before; returns the new snapshot. */
    private TreeSnapshot assertRootAsBefore(boolean packageInstalled) {
        TreeSnapshot now = snapshot();
        List<String> differences = now.without(DebianRootRunTest::isPackageOrBytecode).differencesFrom(
                before.without(DebianRootRunTest::isPackageOrBytecode));
        assertThat(differences).as("differences in the root other than the package and bytecode").isEmpty();
        assertThat(root.resolve(RecordFile.PATH)).doesNotExist();
        boolean installed = now.paths().stream().anyMatch(p -> p.contains("/dist-packages/acme_app/"));
        assertThat(installed).as("acme_app installed").isEqualTo(packageInstalled);
        return now;
    }

    @Test
    void pipInstallsFromTheMirrorOnlyAndTheRootIsAsBeforeAfterwards() throws Exception {
        PymirrorProcess.Result r = pymirror("run", "--root", root.toString(), "--mirror", mirror.toString(), "--offline",
                "--break-system-packages", "--", "python3", "-m", "pip", "install", "--no-cache-dir", "acme-app");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).as(r.toString())
                .contains("Looking in indexes: file:///tmp/pypi\n")
                .contains("Successfully installed acme-app-1.0 acme-lib-1.5");
        assertThat(r.stderr()).contains("pymirror run: injected " + root.toRealPath())
                .contains("pymirror run: ejected " + root.toRealPath());
        List<String> added = assertRootAsBefore(true).differencesFrom(before);
        assertThat(added).anyMatch(line -> line.startsWith("+ " + SITE) && line.contains("dist-packages/acme_app-1.0.dist-info/RECORD "));
        assertThat(added).anyMatch(line -> line.contains("dist-packages/acme_lib-1.5.dist-info/METADATA "));
    }

    @Test
    void aPlainHttpIndexIsTrustedBesideTheMountedMirror() throws Exception {
        // The app is only in the mounted tree, its dependency only on the HTTP index.
        Path appOnly = StaticMirror.write(dir.resolve("app-only"), Wheel.of("acme-app", "1.0").requires("acme-lib").build());
        try (TestIndexServer server = TestIndexServer.start().add(Wheel.of("acme-lib", "1.5").build())) {
            PymirrorProcess.Result r = pymirror("run", "--root", root.toString(), "--mirror", appOnly.toString(),
                    "--index-url", "file:///tmp/pypi", "--index-url", server.simpleUrl(), "--offline", "--retries", "0",
                    "--break-system-packages", "--", "pip", "install", "--no-cache-dir", "acme-app");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stdout()).contains("Looking in indexes: file:///tmp/pypi, " + server.simpleUrl());
            assertThat(r.stdout()).contains("Successfully installed acme-app-1.0 acme-lib-1.5");
            assertThat(server.requests()).anyMatch(line -> line.contains("/simple/acme-lib/"));
        }
        assertRootAsBefore(true);
    }

    @Test
    void theCommandsExitCodeIsReturnedAndTheRootPutBack() throws Exception {
        PymirrorProcess.Result r = pymirror("run", "--root", root.toString(), "--mirror", mirror.toString(),
                "--env", "GREETING=hello world", "sh", "-c", "test -f /tmp/pypi/acme-app/index.html && env | sort > /tmp/pypi-env; cat /tmp/pypi-env; exit 7");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(7);
        // The command saw the mirror, and none of the host's variables.
        assertThat(r.stdout()).contains("HOME=/root\n").contains("LANG=C.UTF-8\n").contains("GREETING=hello world\n")
                .doesNotContain("PIP_").doesNotContain("UV_");
        Files.delete(root.resolve("tmp/pypi-env"));
        assertRootAsBefore(false);

        PymirrorProcess.Result failing = pymirror("run", "--root", root.toString(), "--no-mirror", "--offline",
                "--break-system-packages", "pip", "install", "--no-cache-dir", "no-such-package");
        assertThat(failing.exitCode()).as(failing.toString()).isEqualTo(1);
        assertThat(failing.stderr()).contains("pymirror run: ejected");
        assertRootAsBefore(false);
    }

    @Test
    void sigtermAndSigintStopTheCommandAndEject() throws Exception {
        for (String signal : List.of("TERM", "INT")) {
            PymirrorProcess run = PymirrorProcess.start(dir.resolve("logs"), env, PymirrorProcess.command("run", "--root",
                    root.toString(), "--mirror", mirror.toString(), "--", "sleep", "606"));
            waitFor(() -> sleeping(run.process().toHandle(), "606"), "the command to start");
            signal(run.process().pid(), signal);
            PymirrorProcess.Result r = run.await(2);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(signal.equals("TERM") ? 143 : 130);
            assertThat(r.stderr()).contains("pymirror run: ejected");
            assertThat(sleeping(ProcessHandle.current(), "606")).isFalse();
            assertRootAsBefore(false);
        }
    }

    @Test
    void ejectAfterAKilledRunUnmountsAndRestores() throws Exception {
        PymirrorProcess run = PymirrorProcess.start(dir.resolve("logs"), env, PymirrorProcess.command("run", "--root",
                root.toString(), "--mirror", mirror.toString(), "--", "sleep", "607"));
        waitFor(() -> sleeping(run.process().toHandle(), "607"), "the command to start");
        ProcessHandle orphan = run.process().toHandle().descendants().filter(h -> isSleep(h, "607")).findFirst().orElseThrow();
        run.process().destroyForcibly(); // SIGKILL: no shutdown hook, as in a crash
        run.await(1);
        orphan.destroyForcibly();
        orphan.onExit().get();
        assertThat(root.resolve(RecordFile.PATH)).exists();
        assertThat(Mounts.isMountPoint(root.resolve("tmp/pypi"))).isTrue();
        assertThat(Mounts.isMountPoint(root.resolve("proc"))).isTrue();

        PymirrorProcess.Result refused = pymirror("inject", "--root", root.toString(), "--mirror", mirror.toString());
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.stderr()).contains("is already injected");

        PymirrorProcess.Result ejected = pymirror("eject", "--root", root.toString());
        assertThat(ejected.exitCode()).as(ejected.toString()).isZero();
        assertThat(ejected.stdout()).contains("  unmounted dev\n  unmounted sys\n  unmounted proc\n  unmounted tmp/pypi\n");
        assertRootAsBefore(false);

        PymirrorProcess.Result again = pymirror("eject", "--root", root.toString());
        assertThat(again.exitCode()).isZero();
        assertThat(again.stderr()).contains("nothing to eject");
    }

    @Test
    void injectMountsTheMirrorReadOnlyAndEjectInAnotherProcessUndoesIt() throws Exception {
        PymirrorProcess.Result injected = pymirror("inject", "--root", root.toString(), "--mirror", mirror.toString());
        assertThat(injected.exitCode()).as(injected.toString()).isZero();
        assertThat(injected.stdout()).contains("  mounted " + mirror + " at tmp/pypi (read-only)\n");
        assertThat(root.resolve("tmp/pypi/acme-lib/index.html")).exists();
        assertThat(Files.isWritable(root.resolve("tmp/pypi")))
                .as("the mirror is mounted read-only").isFalse();

        PymirrorProcess.Result ejected = pymirror("eject", "--root", root.toString());
        assertThat(ejected.exitCode()).as(ejected.toString()).isZero();
        assertThat(Mounts.isMountPoint(root.resolve("tmp/pypi"))).isFalse();
        assertThat(mirror.resolve("acme-lib/index.html")).exists();
        assertRootAsBefore(false);
    }

    @Test
    void withoutRootAMountIsAClearError() throws Exception {
        // The root and the mirror must be reachable by an unprivileged user for the error to be about privileges.
        for (Path p = root; p != null && p.startsWith(dir.getParent()); p = p.getParent()) {
            Files.setAttribute(p, "unix:mode", 0755);
        }
        Files.setAttribute(mirror, "unix:mode", 0755);
        for (String[] args : List.of(
                new String[] {"inject", "--root", root.toString(), "--mirror", mirror.toString()},
                new String[] {"run", "--root", root.toString(), "--no-mirror", "true"})) {
            List<String> command = new java.util.ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534",
                    "--clear-groups"));
            command.addAll(PymirrorProcess.command(args));
            PymirrorProcess.Result r = PymirrorProcess.start(dir.resolve("logs"), env, command).await(2);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.stderr()).as(r.toString()).contains("needs root: run pymirror as root (for example with sudo)");
        }
        assertRootAsBefore(false);

        // A root left injected by root cannot be ejected by another user, and says why.
        PymirrorProcess.Result injected = pymirror("inject", "--root", root.toString(), "--mirror", mirror.toString());
        assertThat(injected.exitCode()).as(injected.toString()).isZero();
        List<String> eject = new java.util.ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        eject.addAll(PymirrorProcess.command("eject", "--root", root.toString()));
        PymirrorProcess.Result refused = PymirrorProcess.start(dir.resolve("logs"), env, eject).await(2);
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.stderr()).as(refused.toString()).contains("permission denied (pymirror is not running as root");
        assertThat(pymirror("eject", "--root", root.toString()).exitCode()).isZero();
        assertRootAsBefore(false);
    }

    private static boolean isSleep(ProcessHandle h, String seconds) {
        return h.info().command().map(c -> c.endsWith("/sleep")).orElse(false)
                && h.info().arguments().map(a -> a.length == 1 && a[0].equals(seconds)).orElse(false);
    }

    private static boolean sleeping(ProcessHandle parent, String seconds) {
        return parent.descendants().anyMatch(h -> isSleep(h, seconds));
    }

    private static void signal(long pid, String signal) throws IOException, InterruptedException {
        assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor()).isZero();
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("gave up waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
