package dev.pymirror.server.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pymirror.server.PymirrorServer;
import dev.pymirror.server.config.MirrorConfig;
import dev.pymirror.server.config.RetentionPolicy;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.server.mirror.retention.AccessTimes;
import dev.pymirror.server.mirror.retention.CacheRetention;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.Wheel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mirror cache far over its limit, pruned again and again (as {@code pymirror cache prune} does,
 * from outside the server, with no knowledge of what it serves) while real HTTP clients read every
 * file the pages list: each read is whole and has the hash the page states; what was evicted is
 * fetched again from the upstream.
 */
@Tag("slow")
class CacheRetentionUnderReadsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    @Test
    void noClientSeesATruncatedOrMissingFileWhilePruneRuns() throws Exception {
        List<Wheel> wheels = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            // Small files are served from memory, large ones (over 1 MiB) by sendfile from an open file.
            wheels.add(Wheel.of("small" + i, "1.0").payload(50_000 + i, i).build());
            wheels.add(Wheel.of("large" + i, "1.0").payload(3_000_000 + i, 100 + i).build());
        }
        try (TestIndexServer upstream = TestIndexServer.start().add(wheels.toArray(Wheel[]::new))) {
            MirrorConfig mirror = MirrorConfig.defaults("pypi").withUpstream(URI.create(upstream.simpleUrl()))
                    .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(20));
            try (PymirrorServer server = PymirrorServer.start(
                    new ServerConfig("127.0.0.1", 0, data, false, "pypi", Map.of("pypi", mirror)))) {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                // A 1-byte limit: every pass evicts every file not being served.
                CacheRetention prune = new CacheRetention(data.resolve("pypi/files"),
                        new RetentionPolicy(1, null, 0, null), new AccessTimes(Clock.systemUTC()), Clock.systemUTC());
                AtomicBoolean reading = new AtomicBoolean(true);
                AtomicInteger evicted = new AtomicInteger();
                AtomicInteger reads = new AtomicInteger();
                ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();

                Thread pruner = Thread.ofPlatform().start(() -> {
                    while (reading.get()) {
                        try {
                            evicted.addAndGet(prune.prune(false, k -> { }).evicted().size());
                            Thread.sleep(20);
                        } catch (Exception e) {
                            problems.add("prune: " + e);
                        }
                    }
                });
                List<Thread> readers = new ArrayList<>();
                for (int r = 0; r < 6; r++) {
                    int first = r;
                    readers.add(Thread.ofPlatform().start(() -> {
                        for (int round = 0; round < 6; round++) {
                            for (int w = 0; w < wheels.size(); w++) {
                                Wheel wheel = wheels.get((first + w) % wheels.size());
                                try {
                                    read(http, server, wheel, problems);
                                    reads.incrementAndGet();
                                } catch (Exception e) {
                                    problems.add(wheel.filename() + ": " + e);
                                }
                            }
                        }
                    }));
                }
                for (Thread t : readers) {
                    t.join();
                }
                reading.set(false);
                pruner.join();

                assertThat(problems).isEmpty();
                assertThat(reads.get()).isEqualTo(6 * 6 * wheels.size());
                assertThat(evicted.get()).isPositive();
                // Evicted files came back from the upstream, on demand.
                int fetched = wheels.stream().mapToInt(w -> upstream.hits("/files/" + w.filename())).sum();
                assertThat(fetched).isGreaterThan(wheels.size());
            }
        }
    }

    /** The project's page, then every file it lists, each checked against the page's hash. */
    private static void read(HttpClient http, PymirrorServer server, Wheel wheel, ConcurrentLinkedQueue<String> problems)
            throws Exception {
        String project = wheel.filename().substring(0, wheel.filename().indexOf('-'));
        HttpResponse<byte[]> page = http.send(HttpRequest.newBuilder(server.baseUrl().resolve("simple/" + project + "/"))
                .header("Accept", "application/vnd.pypi.simple.v1+json").timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (page.statusCode() != 200) {
            problems.add(project + " page: " + page.statusCode());
            return;
        }
        for (JsonNode f : JSON.readTree(page.body()).get("files")) {
            URI url = server.baseUrl().resolve("simple/" + project + "/").resolve(f.get("url").asText());
            HttpResponse<byte[]> file = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file.body()));
            if (file.statusCode() != 200 || !sha256.equals(f.get("hashes").get("sha256").asText())) {
                problems.add(f.get("filename").asText() + ": " + file.statusCode() + " " + (file.statusCode() == 200 ? "" : new String(file.body())) + ", " + file.body().length
                        + " bytes, sha256 " + sha256);
            }
        }
    }
}
