package dev.pymirror.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.testing.LocalPorts;
import dev.pymirror.testing.Pip;
import dev.pymirror.testing.S3ProxyProcess;
import dev.pymirror.testing.ServeJvmOptions;
import dev.pymirror.testing.ToolRun;
import dev.pymirror.testing.Twine;
import dev.pymirror.testing.Wheel;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive as a person without a JDK uses it: unpacked anywhere, its {@code bin/pymirror}
 * reached through a symbolic link, run with no HOME, no JAVA_HOME and a PATH whose {@code java} (if
 * any) is not the bundled one, from another working directory. A user, a hosted index, a twine upload
 * and a pip install exercise what the jlink runtime must hold for Jetty, Jackson, picocli, logback
 * and Bouncy Castle.
 */
@Tag("slow")
@Tag("release")
class ReleaseArchiveTest {

    private static final String PATH = "/usr/sbin:/usr/bin:/sbin:/bin";

    @TempDir
    Path dir;

    private Process server;

    @AfterEach
    void stop() throws Exception {
        if (server != null && server.isAlive()) {
            server.destroyForcibly().waitFor();
        }
    }

    /** The archive unpacked in the test's folder: the release's top folder. */
    private Path unpack() throws Exception {
        Path unpacked = Files.createDirectories(dir.resolve("unpacked"));
        assertThat(new ProcessBuilder("tar", "-xzf", ReleaseFiles.archive().toString(), "-C", unpacked.toString())
                .inheritIO().start().waitFor()).isZero();
        try (Stream<Path> top = Files.list(unpacked)) {
            List<Path> folders = top.toList();
            assertThat(folders).hasSize(1);
            return folders.get(0);
        }
    }

    @Test
    void runsFromAnywhereWithItsOwnRuntimeAndServesUploadsToPip() throws Exception {
        Path release = unpack();
        assertThat(release.getFileName().toString()).startsWith("pymirror-");
        assertThat(release.resolve("bin/pymirror")).isExecutable();
        assertThat(release.resolve("etc/pymirror.toml")).isRegularFile();
        assertThat(release.resolve("elements/pypi-mirror/cleanup.d/05-pymirror-eject")).isExecutable();

        // Only the modules pymirror needs: no compiler, no tools.
        String modules = run(List.of(release.resolve("runtime/bin/java").toString(), "--list-modules"), null).stdout();
        assertThat(modules).contains("java.base@").contains("java.net.http@").contains("jdk.charsets@")
                .doesNotContain("jdk.compiler@").doesNotContain("jdk.jlink@").doesNotContain("java.compiler@");

        Path link = Files.createDirectories(dir.resolve("elsewhere/bin")).resolve("pymirror");
        Files.createSymbolicLink(link, release.resolve("bin/pymirror"));
        String runtimeVersion = Files.readAllLines(release.resolve("runtime/release")).stream()
                .filter(l -> l.startsWith("JAVA_VERSION=")).findFirst().orElseThrow().split("\"")[1];
        ToolRun version = run(List.of(link.toString(), "--version"), null);
        assertThat(version.exitCode()).as(version.toString()).isZero();
        assertThat(version.stdout()).startsWith("pymirror ").contains("Java " + runtimeVersion);

        // `serve` starts from the AOT cache made at build time, though the release moved: with
        // AOTMode=on the JVM refuses to start unless it can take the cache the launcher names, and
        // -Xlog:aot (after the launcher's -Xlog:aot=off) says which it opened.
        ToolRun fromCache = run(List.of("env", "PYMIRROR_JAVA_OPTS=-XX:AOTMode=on -Xlog:aot=info", link.toString(),
                "serve", "--help"), null);
        assertThat(fromCache.exitCode()).as(fromCache.toString()).isZero();
        ServeJvmOptions serveOptions = ServeJvmOptions.read(release.resolve("app/serve-jvm.options"));
        assertThat(serveOptions.options()).isEqualTo(ServeJvmOptions.ofCheckout().options());
        assertThat(fromCache.stdout()).as(fromCache.toString())
                .contains("Opened AOT cache " + release.toRealPath().resolve("app/pymirror.aot"))
                // made by a training with the options serve runs with (the JVM logs its heap size)
                .contains("created with max heap size = " + serveOptions.maxHeap());
        // And serve runs with them: the checkout's list, read from the release's copy.
        ToolRun withOptions = run(List.of("env", "JAVA_TOOL_OPTIONS=-XX:+PrintVMOptions", link.toString(), "serve", "--help"), null);
        assertThat(withOptions.exitCode()).as(withOptions.toString()).isZero();
        assertThat(withOptions.stdout()).as(withOptions.toString()).contains(serveOptions.printedVmOptions())
                .contains("VM option 'TrimNativeHeapInterval=5000'");
        // Without those options, nothing of it is said.
        ToolRun quiet = run(List.of(link.toString(), "serve", "--help"), null);
        assertThat(quiet.exitCode()).as(quiet.toString()).isZero();
        assertThat(quiet.stderr()).as(quiet.toString()).isEmpty();
        assertThat(quiet.stdout()).as(quiet.toString()).doesNotContain("AOT").doesNotContain("[aot");

        Path data = dir.resolve("data");
        ToolRun added = run(List.of(link.toString(), "user", "add", "alice", "--password-stdin", "--data", data.toString()),
                "s3cret-enough\n");
        assertThat(added.exitCode()).as(added.toString()).isZero();

        int port = LocalPorts.free();
        Path config = dir.resolve("pymirror.toml");
        Files.writeString(config, """
                host = "127.0.0.1"
                port = %d
                data = "%s"

                [index.internal]
                kind = "hosted"
                """.formatted(port, data));
        Path log = dir.resolve("serve.log");
        Path classes = dir.resolve("classes.log");
        ProcessBuilder serve = builder(List.of(link.toString(), "serve", "--config", config.toString()));
        serve.environment().put("PYMIRROR_JAVA_OPTS", "-Xlog:class+load=info:file=" + classes);
        server = serve.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String base = "http://127.0.0.1:" + port;
        awaitHealthy(base + "/health", log);
        // Started without Bouncy Castle: its jar is signed, and loading it (as a security provider
        // the runtime's java.security made the JVM look for on the class path) cost 0.2 s.
        assertThat(Files.readString(classes)).contains("dev.pymirror.server.PymirrorServer").doesNotContain("bcprov");

        Wheel wheel = Wheel.of("acme-internal", "1.0").build();
        Path file = dir.resolve(wheel.filename());
        Files.write(file, wheel.bytes());
        ToolRun upload = new Twine(Files.createDirectories(dir.resolve("twine-home"))).upload(base + "/internal/", "alice", "s3cret-enough", file);
        assertThat(upload.exitCode()).as(upload.toString()).isZero();
        ToolRun install = new Pip(Files.createDirectories(dir.resolve("pip-home"))).install(base + "/internal/simple/", dir.resolve("site"),
                "acme-internal");
        assertThat(install.exitCode()).as(install.toString()).isZero();
        assertThat(install.output()).contains("Successfully installed acme-internal-1.0");
        // The upload was hashed by the system's OpenSSL, through the runtime jlink made, and the JVM
        // said nothing of the native call (the jar's manifest allows it).
        assertThat(Files.readString(classes)).contains("dev.pymirror.hash.OpenSslSha256 ");
        assertThat(Files.readString(log)).doesNotContain("restricted method");

        server.destroy();
        assertThat(server.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(server.exitValue()).as("a drained stop exits 0: " + Files.readString(log)).isZero();
    }

    @Test
    void itsRuntimeHoldsWhatTheS3StorageNeeds() throws Exception {
        // The AWS SDK and its HTTP client reach modules (XML, Kerberos names, socket options) that
        // only jdeps over the jars finds: a serve that checks a real bucket proves the list.
        Path release = unpack();
        try (S3ProxyProcess proxy = S3ProxyProcess.start(Files.createDirectories(dir.resolve("s3")))) {
            proxy.bucket("nodes");
            int port = LocalPorts.free();
            Path config = dir.resolve("pymirror.toml");
            Files.writeString(config, """
                    port = %d
                    data = "%s"
                    storage = "s3://nodes/pymirror"

                    [s3]
                    endpoint = "%s"
                    path-style = true
                    access-key-id = "%s"
                    secret-access-key = "%s"

                    [index.internal]
                    kind = "hosted"
                    """.formatted(port, dir.resolve("data"), proxy.endpoint(), S3ProxyProcess.ACCESS_KEY,
                    S3ProxyProcess.SECRET_KEY));
            Path log = dir.resolve("serve.log");
            server = builder(List.of(release.resolve("bin/pymirror").toString(), "serve", "--config", config.toString()))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            awaitHealthy("http://127.0.0.1:" + port + "/health", log);
            assertThat(Files.readString(log)).contains("storage s3://nodes/pymirror/ at " + proxy.endpoint() + " (us-east-1) answers");
            server.destroy();
            assertThat(server.waitFor(1, TimeUnit.MINUTES)).isTrue();
        }
    }

    /** No HOME, no JAVA_HOME, the system's PATH, and / as the working directory. */
    private static ProcessBuilder builder(List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(new File("/"));
        pb.environment().clear();
        pb.environment().put("PATH", PATH);
        return pb;
    }

    private static ToolRun run(List<String> command, String input) throws Exception {
        Path in = Files.createTempFile("release-test", ".in");
        try {
            Files.writeString(in, input == null ? "" : input);
            Path out = Files.createTempFile("release-test", ".out");
            Path err = Files.createTempFile("release-test", ".err");
            Process p = builder(command).redirectInput(in.toFile()).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).start();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
            }
            ToolRun r = new ToolRun(String.join(" ", command), p.waitFor(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return r;
        } finally {
            Files.delete(in);
        }
    }

    private void awaitHealthy(String url, Path log) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (true) {
            assertThat(server.isAlive()).as("pymirror serve is running: " + Files.readString(log)).isTrue();
            try {
                if (client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("pymirror serve did not answer " + url + " in 2 minutes: " + Files.readString(log));
            }
            Thread.sleep(200);
        }
    }
}
