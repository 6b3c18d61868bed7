package dev.pymirror.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.server.PymirrorServer;
import dev.pymirror.server.auth.UserStore;
import dev.pymirror.server.config.Audience;
import dev.pymirror.server.config.HostedConfig;
import dev.pymirror.server.config.IndexConfig;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.testing.Pip;
import dev.pymirror.testing.ToolRun;
import dev.pymirror.testing.UploadForm;
import dev.pymirror.testing.Wheel;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real pip installs from a closed index, logging in for the first time, while other addresses
 * flood the same index with wrong passwords: pip gets in, the flood gets 429s.
 */
@Tag("slow")
class GateFloodPipTest {

    @TempDir
    Path tmp;

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void pipInstallsFromAClosedIndexWhileWrongPasswordsFloodIt() throws Exception {
        Path data = tmp.resolve("data");
        UserStore users = new UserStore(data);
        users.add("alice", "alice-password".toCharArray());
        users.add("bob", "bob-password".toCharArray());
        Map<String, IndexConfig> indexes = new LinkedHashMap<>();
        indexes.put("secret", HostedConfig.defaults("secret").withRead(Audience.USERS));
        Wheel app = Wheel.of("acme-app", "1.0").build();
        try (PymirrorServer server = PymirrorServer.start(new ServerConfig("127.0.0.1", 0, data, false, "secret", indexes))) {
            HttpClient local = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            UploadForm form = UploadForm.of(app, "acme-app", "1.0");
            HttpResponse<String> up = local.send(HttpRequest.newBuilder(server.baseUrl().resolve("secret/"))
                    .header("Content-Type", form.contentType()).header("Authorization", basic("alice", "alice-password"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(form.body())).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(up.statusCode()).as(up.body()).isEqualTo(200);

            AtomicBoolean stop = new AtomicBoolean();
            Map<Integer, LongAdder> answers = new ConcurrentHashMap<>();
            LongAdder sent = new LongAdder();
            ToolRun pip;
            try (ExecutorService flood = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int a = 2; a <= 4; a++) {
                    HttpClient attacker = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                            .localAddress(InetAddress.getByName("127.0.0." + a)).build();
                    for (int c = 0; c < 20; c++) {
                        String prefix = a + "-" + c + "-";
                        flood.submit(() -> {
                            for (int n = 0; !stop.get(); n++) {
                                sent.increment();
                                HttpResponse<Void> r = attacker.send(HttpRequest.newBuilder(server.baseUrl().resolve("secret/simple/"))
                                        .header("Authorization", basic("alice", prefix + n)).build(),
                                        HttpResponse.BodyHandlers.discarding());
                                answers.computeIfAbsent(r.statusCode(), k -> new LongAdder()).increment();
                            }
                            return null;
                        });
                    }
                }
                while (sent.sum() < 200) {
                    Thread.sleep(10);
                }
                // bob never logged in before: his first login is checked while the flood goes on.
                String index = server.baseUrl().toString().replace("http://", "http://bob:bob-password@") + "secret/simple/";
                pip = new Pip(Files.createDirectories(tmp.resolve("home")))
                        .install(index, tmp.resolve("site"), "acme-app");
                stop.set(true);
            }
            assertThat(pip.ok()).as(pip.toString()).isTrue();
            assertThat(tmp.resolve("site/acme_app/__init__.py")).exists();
            assertThat(answers.keySet()).as(answers.toString()).containsOnly(403, 429);
            // Each flooding address had its allowance of guesses (and a few more as it refilled); the rest were 429s.
            assertThat(answers.get(429).sum()).isGreaterThan(answers.get(403).sum());
        }
    }
}
