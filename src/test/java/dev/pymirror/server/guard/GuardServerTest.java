package dev.pymirror.server.guard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pymirror.advisories.AdvisoryStore;
import dev.pymirror.server.PymirrorServer;
import dev.pymirror.server.config.GroupConfig;
import dev.pymirror.server.config.GuardPolicy;
import dev.pymirror.server.config.IndexConfig;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.server.config.StaticConfig;
import dev.pymirror.server.metrics.Scrape;
import dev.pymirror.testing.OsvRecord;
import dev.pymirror.testing.Wheel;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supply-chain guard on a real server: a static tree whose index blocks malware, high-severity
 * vulnerabilities and allows one release; a group over it without a policy, one with its own.
 */
class GuardServerTest {

    static final String JSON = "application/vnd.pypi.simple.v1+json";
    static final String HTML = "text/html";

    @TempDir
    Path tmp;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final Wheel evil = Wheel.of("evil-pkg", "1.0").build();
    final Wheel lib10 = Wheel.of("good-lib", "1.0").build();
    final Wheel lib11 = Wheel.of("good-lib", "1.1").build();
    final Wheel lib12 = Wheel.of("good-lib", "1.2").build();
    PymirrorServer server;

    @BeforeEach
    void start() throws Exception {
        Path tree = tmp.resolve("tree");
        for (Wheel w : List.of(evil, lib10, lib11, lib12)) {
            Path dir = Files.createDirectories(tree.resolve(w.filename().startsWith("evil") ? "evil-pkg" : "good-lib"));
            Files.write(dir.resolve(w.filename()), w.bytes());
        }
        Path data = tmp.resolve("data");
        new AdvisoryStore(data).importFrom(OsvRecord.zip(tmp.resolve("all.zip"), List.of(
                OsvRecord.of("MAL-2026-1", "2026-01-01T00:00:00Z").pypi("Evil_Pkg").introduced("0"),
                OsvRecord.of("GHSA-aaaa-bbbb-cccc", "2026-01-01T00:00:00Z").databaseSeverity("HIGH")
                        .pypi("good-lib").introduced("1.1").fixed("1.2"),
                OsvRecord.of("PYSEC-2026-3", "2026-01-01T00:00:00Z").databaseSeverity("CRITICAL")
                        .pypi("good-lib").versions("1.0"),
                OsvRecord.of("PYSEC-2026-4", "2026-01-01T00:00:00Z").databaseSeverity("LOW")
                        .pypi("good-lib").introduced("0"))), Clock.systemUTC());
        Map<String, IndexConfig> indexes = new LinkedHashMap<>();
        indexes.put("wheels", StaticConfig.of("wheels", tree));
        indexes.put("open", GroupConfig.of("open", List.of("wheels")));
        indexes.put("strict", GroupConfig.of("strict", List.of("wheels")));
        server = PymirrorServer.start(new ServerConfig("127.0.0.1", 0, data, false, "wheels", indexes).withGuards(Map.of(
                "wheels", GuardPolicy.parse(List.of("malware"), "high", List.of("Good_Lib==1.0")),
                "strict", GuardPolicy.parse(null, "low", null))));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(server.baseUrl().resolve(path.substring(1)));
        for (int i = 0; i < headers.length; i += 2) {
            r.header(headers[i], headers[i + 1]);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode jsonPage(String path) throws Exception {
        HttpResponse<String> r = get(path, "Accept", JSON);
        assertThat(r.statusCode()).isEqualTo(200);
        return new ObjectMapper().readTree(r.body());
    }

    static List<String> files(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.path("files").forEach(f -> names.add(f.path("filename").asText()));
        return names;
    }

    static List<String> versions(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.path("versions").forEach(v -> names.add(v.asText()));
        return names;
    }

    @Test
    void blockedReleasesLeaveBothEncodingsAndTheVersionsList() throws Exception {
        JsonNode lib = jsonPage("/wheels/simple/good-lib/");
        assertThat(files(lib)).containsExactlyInAnyOrder(lib10.filename(), lib12.filename()); // 1.0 allowed, 1.1 high
        assertThat(versions(lib)).containsExactlyInAnyOrder("1.0", "1.2");
        String html = get("/wheels/simple/good-lib/", "Accept", HTML).body();
        assertThat(html).contains(lib10.filename()).contains(lib12.filename()).doesNotContain(lib11.filename());

        JsonNode mal = jsonPage("/wheels/simple/evil-pkg/");
        assertThat(files(mal)).isEmpty();
        assertThat(versions(mal)).isEmpty();
        // Asked again (the warm path), the same.
        assertThat(files(jsonPage("/wheels/simple/good-lib/"))).hasSize(2);
    }

    @Test
    void aBlockedFileIsA403NamingTheAdvisory() throws Exception {
        HttpResponse<String> vuln = get("/wheels/files/good-lib/" + lib11.filename());
        assertThat(vuln.statusCode()).isEqualTo(403);
        assertThat(vuln.body()).contains("GHSA-aaaa-bbbb-cccc (high)").contains("blocked by index 'wheels'")
                .doesNotContain("Exception").doesNotContain(tmp.toString());
        assertThat(vuln.headers().firstValue("X-Pymirror-Cache")).hasValue("BLOCKED");
        assertThat(get("/wheels/files/good-lib/" + lib11.filename() + ".metadata").statusCode()).isEqualTo(403);

        HttpResponse<String> mal = get("/wheels/files/evil-pkg/" + evil.filename());
        assertThat(mal.statusCode()).isEqualTo(403);
        assertThat(mal.body()).contains("MAL-2026-1 (malware)");

        assertThat(get("/wheels/files/good-lib/" + lib10.filename()).statusCode()).isEqualTo(200); // allowed
        assertThat(get("/wheels/files/good-lib/" + lib12.filename()).statusCode()).isEqualTo(200);
    }

    @Test
    void aGroupServesByItsOwnPolicy() throws Exception {
        // No policy on the group: its member's does not apply through it, as with read.
        assertThat(files(jsonPage("/open/simple/evil-pkg/"))).containsExactly(evil.filename());
        assertThat(get("/open/files/evil-pkg/" + evil.filename()).statusCode()).isEqualTo(200);
        // block-vulnerable = "low": every advisory of known severity, malware or not, is low or worse here.
        assertThat(files(jsonPage("/strict/simple/good-lib/"))).isEmpty();
        assertThat(get("/strict/files/good-lib/" + lib12.filename()).body()).contains("PYSEC-2026-4 (low)");
    }

    @Test
    void blockedRequestsAreCountedInMetrics() throws Exception {
        get("/wheels/files/evil-pkg/" + evil.filename());
        get("/wheels/files/good-lib/" + lib11.filename());
        double blocked = 0;
        for (int i = 0; i < 100 && blocked < 2; i++) {
            Scrape s = Scrape.parse(new String(http.send(HttpRequest.newBuilder(server.baseUrl().resolve("metrics")).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body(), StandardCharsets.UTF_8));
            blocked = s.sum("pymirror_requests_total", "index", "wheels", "cache", "blocked", "status", "4xx");
            Thread.sleep(20);
        }
        assertThat(blocked).isEqualTo(2);
    }
}
