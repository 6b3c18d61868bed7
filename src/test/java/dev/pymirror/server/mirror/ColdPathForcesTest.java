package dev.pymirror.server.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.testing.Pip;
import dev.pymirror.testing.PymirrorProcess;
import dev.pymirror.testing.StaticIndex;
import dev.pymirror.testing.StaticIndexServer;
import dev.pymirror.testing.ToolRun;
import dev.pymirror.testing.Wheel;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a fresh mirror forces to disk while pip fetches a project through it, counted by strace on
 * the real server: each force is a few milliseconds on a real disk, paid by the client waiting.
 * The file's bytes are forced before its rename (a crash must never leave a short file under a name
 * the cache serves unchecked); its directory entry and the cached page are not (a crash loses a copy
 * the upstream still has; a damaged page does not parse and is fetched again).
 */
@Tag("slow")
class ColdPathForcesTest {

    @TempDir
    Path tmp;

    @Test
    void aFreshPageAndFileForceOnlyTheFilesBytes() throws Exception {
        Wheel wheel = Wheel.of("acme", "1.0").payload(50_000, 7).build();
        StaticIndex tree = new StaticIndex(tmp.resolve("tree")).add(wheel);
        tree.write();
        Path trace = tmp.resolve("fsync.trace");
        try (StaticIndexServer upstream = StaticIndexServer.serve(tree.root())) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            List<String> command = new ArrayList<>(List.of("/usr/bin/strace", "-f", "-qq", "--seccomp-bpf",
                    "-e", "trace=fsync,fdatasync,sync_file_range,msync", "-o", trace.toString()));
            command.addAll(PymirrorProcess.command("serve", "--port", String.valueOf(port), "--data",
                    tmp.resolve("data").toString(), "--upstream", upstream.url() + "simple/"));
            PymirrorProcess server = PymirrorProcess.start(tmp.resolve("server"), java.util.Map.of(), command);
            try {
                awaitHealth("http://127.0.0.1:" + port + "/health", server);
                long before = forces(trace);

                ToolRun run = new Pip(Files.createDirectories(tmp.resolve("home"))).run(List.of("download", "--dest",
                        tmp.resolve("got").toString(), "--no-deps", "--index-url",
                        "http://127.0.0.1:" + port + "/simple/", "acme"));
                assertThat(run.ok()).as(run.toString()).isTrue();
                assertThat(tmp.resolve("got").resolve(wheel.filename())).hasBinaryContent(wheel.bytes());

                // The page (its JSON and its state file) and the file's directory entry went unforced.
                assertThat(forces(trace) - before).as(Files.readString(trace)).isEqualTo(1);
            } finally {
                // The JVM first (strace, stopped, would leave it running), then strace ends with it.
                server.process().toHandle().descendants().forEach(ProcessHandle::destroy);
                if (!server.process().waitFor(30, TimeUnit.SECONDS)) {
                    server.process().toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                    server.process().destroyForcibly().waitFor();
                }
            }
        }
    }

    /** The forcing calls strace has written down so far, every thread's. */
    private static long forces(Path trace) throws Exception {
        return Files.readAllLines(trace).stream()
                .filter(l -> l.matches("\\d+\\s+(fsync|fdatasync|sync_file_range|msync)\\(.*")).count();
    }

    private static void awaitHealth(String url, PymirrorProcess server) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            assertThat(server.process().isAlive()).as("the server exited: %s", server.stderrSoFar()).isTrue();
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new AssertionError(url + " did not answer within 60 s: " + server.stderrSoFar());
    }
}
