package dev.pymirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.server.auth.UserStore;
import dev.pymirror.server.config.HostedConfig;
import dev.pymirror.server.config.IndexConfig;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.testing.UploadForm;
import dev.pymirror.testing.Wheel;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.ArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hosted index under faults: writes racing each other, hostile archives, long names, a data
 * directory that refuses writes. Each case once lost a file or answered with the wrong status.
 */
class HostedFaultsTest {

    static final String ALICE = "alice";
    static final String ALICE_PW = "alice-password";

    @TempDir
    Path data;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    PymirrorServer server;
    final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();

    @BeforeEach
    void start() throws Exception {
        new UserStore(data).add(ALICE, ALICE_PW.toCharArray());
        Map<String, IndexConfig> indexes = new LinkedHashMap<>();
        indexes.put("internal", HostedConfig.defaults("internal"));
        server = PymirrorServer.start(new ServerConfig("127.0.0.1", 0, data, false, "internal", indexes));
    }

    @AfterEach
    void stop() {
        server.close();
        pool.close();
    }

    HttpResponse<String> upload(UploadForm form) throws Exception {
        return http.send(HttpRequest.newBuilder(server.baseUrl().resolve("internal/"))
                .header("Content-Type", form.contentType()).header("Authorization", basic())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.body())).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> delete(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(server.baseUrl().resolve(path.substring(1))).DELETE()
                .header("Authorization", basic()).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(server.baseUrl().resolve(path.substring(1)));
        for (int i = 0; i < headers.length; i += 2) {
            r.header(headers[i], headers[i + 1]);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((ALICE + ":" + ALICE_PW).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Another process that writes the project as a {@code pymirror file} command would: it takes the
     * project's lock over and over until its standard input closes, and each time it holds it, says
     * whether it finds the file marked deleted while its bytes are still there.
     */
    static final String OTHER_WRITER = """
            import fcntl, os, re, sys, threading, time
            lock, state, stored = sys.argv[1:4]
            stop = threading.Event()
            threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
            fd = os.open(lock, os.O_RDWR | os.O_CREAT)
            print("ready", flush=True)
            seen = 0
            while not stop.is_set():
                # Waiting for the lock, as a writer does: woken the moment the server lets it go.
                fcntl.lockf(fd, fcntl.LOCK_EX)
                try:
                    with open(state) as f:
                        deleted = re.search(r'"deleted"\\s*:\\s*"', f.read()) is not None
                    if deleted and os.path.exists(stored):
                        seen += 1
                finally:
                    fcntl.lockf(fd, fcntl.LOCK_UN)
                time.sleep(0.0005)  # room for the server to take the lock
            print("seen", seen, flush=True)
            """;

    @Test
    void aDeletedFileIsGoneBeforeAnyOtherWriterGetsTheProjectLock() throws Exception {
        // An upload that takes the project's lock between a delete's change of the state and its
        // removal of the bytes publishes them, is acknowledged, and then loses them to the delete:
        // listed and 404 for good (a few rounds in a hundred, racing over HTTP). The other writer
        // here looks at that moment every time it can.
        Wheel wheel = Wheel.of("acme-race", "1.0").build();
        String file = "/internal/files/acme-race/" + wheel.filename();
        Path stored = data.resolve("internal/files/acme-race").resolve(wheel.filename());
        int seen = 0;
        for (int round = 0; round < 20 && seen == 0; round++) {
            assertThat(upload(UploadForm.of(wheel, "acme-race", "1.0")).body()).startsWith("stored ");
            Process other = new ProcessBuilder("/usr/bin/python3", "-c", OTHER_WRITER,
                    data.resolve("internal/projects/acme-race.lock").toString(),
                    data.resolve("internal/projects/acme-race.json").toString(), stored.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("ready");
            HttpResponse<String> d = delete(file);
            other.getOutputStream().close();
            String report = out.readLine();
            assertThat(other.waitFor()).isZero();
            assertThat(d.statusCode()).as(d.body()).isEqualTo(200);
            assertThat(report).startsWith("seen ");
            seen += Integer.parseInt(report.substring("seen ".length()));
            assertThat(get(file).statusCode()).isEqualTo(404);
        }
        assertThat(seen).as("times another writer held the lock and found a deleted file's bytes").isZero();
    }

    interface Call<T> {
        T call() throws Exception;
    }

    static <T> T send(Call<T> call) {
        try {
            return call.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
