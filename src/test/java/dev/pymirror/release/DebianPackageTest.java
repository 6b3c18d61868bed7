package dev.pymirror.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.testing.DebianRoot;
import dev.pymirror.testing.LocalPorts;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.Wheel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package that {@code ./mvnw -Prelease package} builds, installed with {@code dpkg -i}
 * into a debootstrapped Debian root that has systemd but no Java: the unit passes
 * {@code systemd-analyze verify}, {@code pymirror serve} runs there as the unit runs it (its user, its
 * ExecStart, its environment), the root's pip installs through it, and removing (then purging) the
 * package keeps the data.
 */
@Tag("slow")
@Tag("release")
class DebianPackageTest {

    private static final String UNIT = "usr/lib/systemd/system/pymirror.service";

    /** Removed by {@link #cleanUp} with --one-file-system, never through a mount left behind. */
    @TempDir(cleanup = CleanupMode.NEVER)
    Path dir;

    private Path root;
    private Process server;

    @AfterEach
    void cleanUp() throws Exception {
        if (server != null && server.isAlive()) {
            server.destroyForcibly().waitFor();
        }
        if (root != null && Files.exists(root.resolve("proc/self"))) {
            new ProcessBuilder("umount", "-l", root.resolve("proc").toString()).inheritIO().start().waitFor();
        }
        new ProcessBuilder("rm", "-rf", "--one-file-system", dir.toString()).inheritIO().start().waitFor();
    }

    @Test
    void installsOnARootWithoutJavaServesAsTheUnitRunsItAndKeepsTheDataWhenRemoved() throws Exception {
        Path deb = ReleaseFiles.debianPackage();
        root = DebianRoot.extractTo(dir.resolve("root"), List.of("systemd"));
        // systemd finds its units, and the JVM its own files, through /proc, as on a booted machine.
        assertThat(run("mount", "-t", "proc", "proc", root.resolve("proc").toString()).exitCode()).isZero();
        assertThat(chroot("sh", "-c", "command -v java || ls -d /usr/lib/jvm").exitCode())
                .as("the root has no Java").isNotZero();

        Files.copy(deb, root.resolve("tmp/pymirror.deb"));
        Result installed = chroot("dpkg", "-i", "/tmp/pymirror.deb");
        assertThat(installed.exitCode()).as(installed.toString()).isZero();
        assertThat(installed.output()).doesNotContain("Warning").doesNotContain("warning");

        // The files, the user, the data folder, the conffile, the enabled unit.
        assertThat(Files.readSymbolicLink(root.resolve("usr/bin/pymirror"))).isEqualTo(Path.of("/opt/pymirror/bin/pymirror"));
        assertThat(root.resolve("opt/pymirror/runtime/bin/java")).isExecutable();
        assertThat(root.resolve("opt/pymirror/elements/pypi-mirror/extra-data.d/05-pymirror-inject")).isExecutable();
        String passwd = chroot("getent", "passwd", "pymirror").output().strip();
        assertThat(passwd).matches("pymirror:x:\\d+:\\d+:[^:]*:/var/lib/pymirror:/usr/sbin/nologin");
        int uid = Integer.parseInt(passwd.split(":")[2]);
        assertThat(uid).as("a system user").isLessThan(1000);
        Path data = root.resolve("var/lib/pymirror");
        assertThat(Files.getAttribute(data, "unix:uid")).isEqualTo(uid);
        assertThat(Files.getAttribute(data, "unix:mode")).isEqualTo(040750);
        assertThat(chroot("dpkg-query", "-W", "-f=${Conffiles}", "pymirror").output())
                .contains("/etc/pymirror/pymirror.toml");
        // Enabled by deb-systemd-helper; bookworm's systemd names the unit by /lib, its merged-/usr alias.
        Path enabled = Files.readSymbolicLink(root.resolve("etc/systemd/system/multi-user.target.wants/pymirror.service"));
        assertThat(enabled.toString()).isIn("/" + UNIT, "/lib/systemd/system/pymirror.service");
        assertThat(root.resolve(enabled.toString().substring(1))).isRegularFile();

        // The unit as systemd reads it: no error, no warning.
        Result verified = chroot("systemd-analyze", "verify", "/" + UNIT);
        assertThat(verified.exitCode()).as(verified.toString()).isZero();
        assertThat(verified.output()).as(verified.toString()).isBlank();
        Unit unit = Unit.read(root.resolve(UNIT));
        assertThat(unit.value("ExecStart")).isEqualTo("/usr/bin/pymirror serve --config /etc/pymirror/pymirror.toml");
        assertThat(unit.value("User")).isEqualTo("pymirror");
        assertThat(unit.value("ProtectSystem")).isEqualTo("strict");
        assertThat(unit.value("ReadWritePaths")).isEqualTo("/var/lib/pymirror");
        assertThat(unit.value("NoNewPrivileges")).isEqualTo("yes");

        // `serve` starts from the AOT cache made at build time, under /opt now: with AOTMode=on the
        // JVM refuses to start unless it can take the cache the launcher names, and -Xlog:aot says which.
        Result fromCache = chroot("env", "-i", "PYMIRROR_JAVA_OPTS=-XX:AOTMode=on -Xlog:aot=info", "/usr/bin/pymirror",
                "serve", "--help");
        assertThat(fromCache.exitCode()).as(fromCache.toString()).isZero();
        assertThat(fromCache.output()).as(fromCache.toString()).contains("Opened AOT cache /opt/pymirror/app/pymirror.aot");

        int port = LocalPorts.free();
        try (TestIndexServer upstream = TestIndexServer.start()
                .add(Wheel.of("acme-app", "1.0").requires("acme-lib>=1.0,<2").build())
                .add(Wheel.of("acme-lib", "1.5").build(), Wheel.of("acme-lib", "2.0").build())) {
            // As an administrator would: the port and the upstream changed in the installed configuration.
            Path config = root.resolve("etc/pymirror/pymirror.toml");
            String edited = Files.readString(config).replace("port = 3141", "port = " + port)
                    .replace("upstream = \"https://pypi.org/simple/\"", "upstream = \"" + upstream.simpleUrl() + "\"");
            assertThat(edited).contains("port = " + port).contains(upstream.simpleUrl());
            Files.writeString(config, edited);

            server = startAsTheUnit(unit);
            String base = "http://127.0.0.1:" + port;
            awaitHealthy(base + "/health");

            Result pip = chroot("env", "-i", "PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/root", "PIP_CONFIG_FILE=/dev/null",
                    "python3", "-m", "pip", "install", "--no-cache-dir", "--break-system-packages",
                    "--index-url", base + "/simple/", "acme-app");
            assertThat(pip.exitCode()).as(pip.toString()).isZero();
            assertThat(pip.output()).contains("Successfully installed acme-app-1.0 acme-lib-1.5");

            server.destroy(); // SIGTERM, as systemctl stop sends
            assertThat(server.waitFor(1, TimeUnit.MINUTES)).isTrue();
            assertThat(server.exitValue()).as("a drained stop exits 0").isZero();
        }
        String log = Files.readString(dir.resolve("serve.log"));
        assertThat(log).contains("data in /var/lib/pymirror").contains("\"GET /simple/acme-app/ HTTP/1.1\" 200");
        List<Path> cached = cachedFiles(data);
        assertThat(cached).as(log).anyMatch(p -> p.getFileName().toString().equals("acme_lib-1.5-py3-none-any.whl"));
        for (Path p : cached) {
            assertThat(Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS)).as(p.toString()).isEqualTo(uid);
        }

        // Removed: the program goes, the data, the user and the changed configuration stay.
        Result removed = chroot("dpkg", "-r", "pymirror");
        assertThat(removed.exitCode()).as(removed.toString()).isZero();
        assertThat(root.resolve("opt/pymirror")).doesNotExist();
        assertThat(root.resolve("usr/bin/pymirror")).doesNotExist();
        assertThat(cachedFiles(data)).isEqualTo(cached);
        assertThat(Files.readString(root.resolve("etc/pymirror/pymirror.toml"))).contains("port = " + port);
        assertThat(chroot("getent", "passwd", "pymirror").exitCode()).isZero();

        // Installed again: the same data, and the unit enabled, not left masked by the removal.
        Result again = chroot("dpkg", "-i", "/tmp/pymirror.deb");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(root.resolve("etc/systemd/system/pymirror.service")).as("a mask").doesNotExist();
        assertThat(root.resolve("etc/systemd/system/multi-user.target.wants/pymirror.service")).isSymbolicLink();
        assertThat(Files.readString(root.resolve("etc/pymirror/pymirror.toml"))).contains("port = " + port);
        assertThat(cachedFiles(data)).isEqualTo(cached);
        assertThat(chroot("dpkg", "-r", "pymirror").exitCode()).isZero();

        // Purged: the configuration goes too, never the data.
        Result purged = chroot("dpkg", "--purge", "pymirror");
        assertThat(purged.exitCode()).as(purged.toString()).isZero();
        assertThat(purged.output()).contains("kept /var/lib/pymirror");
        assertThat(root.resolve("etc/pymirror")).doesNotExist();
        assertThat(cachedFiles(data)).isEqualTo(cached);
    }

    /** Starts the unit's ExecStart in the root as its User, in its WorkingDirectory, with its Environment only. */
    private Process startAsTheUnit(Unit unit) throws Exception {
        List<String> command = new ArrayList<>(List.of("chroot", root.toString(), "setpriv",
                "--reuid=" + unit.value("User"), "--regid=" + unit.value("Group"), "--init-groups",
                "env", "-i", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
        command.addAll(unit.values("Environment"));
        command.addAll(List.of("sh", "-c", "cd \"$0\" && umask " + unit.value("UMask") + " && exec " + unit.value("ExecStart"),
                unit.value("WorkingDirectory")));
        Path log = dir.resolve("serve.log");
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    }

    private void awaitHealthy(String url) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (true) {
            assertThat(server.isAlive()).as("pymirror serve is running: " + Files.readString(dir.resolve("serve.log"))).isTrue();
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("pymirror serve did not answer " + url + " in 2 minutes");
            }
            Thread.sleep(200);
        }
    }

    private static List<Path> cachedFiles(Path data) throws Exception {
        try (Stream<Path> all = Files.walk(data)) {
            return all.filter(p -> p.toString().contains("/files/")).sorted().toList();
        }
    }

    private Result chroot(String... command) throws Exception {
        List<String> full = new ArrayList<>(List.of("chroot", root.toString()));
        full.addAll(List.of(command));
        return run(full.toArray(String[]::new));
    }

    /** Runs a command with a clean environment (this machine's PIP_* would reach the root) and its output merged. */
    private static Result run(String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(Map.of("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "LANG", "C.UTF-8", "DEBIAN_FRONTEND", "noninteractive"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in 5 minutes:\n" + out);
        }
        return new Result(String.join(" ", command), p.exitValue(), out);
    }

    private record Result(String command, int exitCode, String output) {
        @Override
        public String toString() {
            return command + " exited " + exitCode + ":\n" + output;
        }
    }
}
