package dev.pymirror.server.guard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pymirror.server.PymirrorServer;
import dev.pymirror.server.config.AdvisoryFeedConfig;
import dev.pymirror.server.config.GuardPolicy;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.server.config.StaticConfig;
import dev.pymirror.testing.OsvMirror;
import dev.pymirror.testing.OsvRecord;
import dev.pymirror.testing.Wheel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server with an {@code advisories-url}: it starts without waiting for the OSV mirror, fetches
 * the archive in the background and blocks by it, and {@code /health} tells how the fetch went.
 */
class AdvisoryUrlServerTest {

    @TempDir
    Path tmp;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final Wheel evil = Wheel.of("evil-pkg", "1.0").build();
    final Wheel good = Wheel.of("good-lib", "1.0").build();
    OsvMirror mirror;
    PymirrorServer server;

    @BeforeEach
    void mirror() throws Exception {
        mirror = OsvMirror.start();
        mirror.serve(Files.readAllBytes(OsvRecord.zip(tmp.resolve("all.zip"), List.of(
                OsvRecord.of("MAL-2026-7", "2026-01-01T00:00:00Z").pypi("evil-pkg").introduced("0")))));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        mirror.close();
    }

    void startServer(URI url) throws Exception {
        Path tree = tmp.resolve("tree");
        for (Wheel w : List.of(evil, good)) {
            Path dir = Files.createDirectories(tree.resolve(w.filename().startsWith("evil") ? "evil-pkg" : "good-lib"));
            Files.write(dir.resolve(w.filename()), w.bytes());
        }
        server = PymirrorServer.start(new ServerConfig("127.0.0.1", 0, tmp.resolve("data"), false, "wheels",
                Map.of("wheels", StaticConfig.of("wheels", tree)))
                .withGuards(Map.of("wheels", GuardPolicy.parse(List.of("malware"), null, null)))
                .withAdvisoryFeed(new AdvisoryFeedConfig(url, Duration.ofHours(6))));
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(server.baseUrl().resolve(path.substring(1))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Polls /health (the fetch runs in the background) until its advisories part satisfies {@code done}. */
    JsonNode healthWhen(Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            JsonNode feed = new ObjectMapper().readTree(get("/health").body()).path("advisories");
            if (done.test(feed) || System.nanoTime() > deadline) {
                return feed;
            }
            Thread.sleep(50);
        }
    }

    @Test
    void theArchiveIsFetchedAfterStartAndItsMalwareRefused() throws Exception {
        startServer(mirror.url("ops:s3cret", "token=abc"));
        JsonNode feed = healthWhen(f -> f.path("last-success").isTextual());
        assertThat(feed.path("last-success").isTextual()).isTrue();
        assertThat(feed.path("refresh-seconds").asLong()).isEqualTo(6 * 3600);
        assertThat(feed.path("url").asText()).isEqualTo(mirror.url("***", "token=***").toString());
        assertThat(get("/health").body()).doesNotContain("s3cret").doesNotContain("abc");

        HttpResponse<String> blocked = get("/wheels/files/evil-pkg/" + evil.filename());
        assertThat(blocked.statusCode()).isEqualTo(403);
        assertThat(blocked.body()).contains("MAL-2026-7");
        assertThat(get("/wheels/files/good-lib/" + good.filename()).statusCode()).isEqualTo(200);
        assertThat(mirror.sent()).isEqualTo(1);
    }

    @Test
    void anUnreachableUrlNeitherDelaysNorStopsTheStart() throws Exception {
        URI url = mirror.url(null, null);
        mirror.close();
        startServer(url);
        assertThat(get("/wheels/files/good-lib/" + good.filename()).statusCode()).isEqualTo(200);
        JsonNode feed = healthWhen(f -> f.path("last-error").isTextual());
        assertThat(feed.path("last-error").asText()).startsWith("not fetched: cannot fetch");
        assertThat(feed.path("last-success").isNull()).isTrue();
        assertThat(get("/wheels/files/evil-pkg/" + evil.filename()).statusCode()).isEqualTo(200); // nothing imported yet
    }
}
