package dev.pymirror.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code pymirror serve} under strace, which writes down every call of every thread that forces
 * bytes to disk (fsync and its kin): each is milliseconds on a real disk, and a test counts those a
 * request costs.
 */
public record TracedServer(PymirrorProcess process, Path trace, String url) implements AutoCloseable {

    /** Starts {@code serve --port P ARGS} (and {@code --data tmp/data} without {@code --config}); waits for /health. */
    public static TracedServer start(Path tmp, String... args) throws Exception {
        int port = LocalPorts.free();
        Path trace = tmp.resolve("fsync.trace");
        List<String> command = new ArrayList<>(List.of("/usr/bin/strace", "-f", "-qq", "--seccomp-bpf",
                "-e", "trace=fsync,fdatasync,sync_file_range,msync", "-o", trace.toString()));
        List<String> serve = new ArrayList<>(List.of("serve", "--port", String.valueOf(port)));
        serve.addAll(List.of(args));
        if (!serve.contains("--config")) {
            serve.addAll(List.of("--data", tmp.resolve("data").toString()));
        }
        command.addAll(PymirrorProcess.command(serve.toArray(String[]::new)));
        TracedServer traced = new TracedServer(PymirrorProcess.start(tmp.resolve("server"), java.util.Map.of(), command),
                trace, "http://127.0.0.1:" + port + "/");
        try {
            awaitHealth(traced.url() + "health", traced.process());
        } catch (Exception | AssertionError e) {
            traced.close();
            throw e;
        }
        return traced;
    }

    /** The forcing calls written down so far. */
    public long forces() throws Exception {
        return Files.readAllLines(trace).stream()
                .filter(l -> l.matches("\\d+\\s+(fsync|fdatasync|sync_file_range|msync)\\(.*")).count();
    }

    /** What strace wrote, for a failure's message. */
    public String traceText() throws Exception {
        return Files.readString(trace);
    }

    @Override
    public void close() throws Exception {
        // The JVM first (strace, stopped, would leave it running), then strace ends with it.
        Process strace = process.process();
        strace.toHandle().descendants().forEach(ProcessHandle::destroy);
        if (!strace.waitFor(30, TimeUnit.SECONDS)) {
            strace.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            strace.destroyForcibly().waitFor();
        }
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
