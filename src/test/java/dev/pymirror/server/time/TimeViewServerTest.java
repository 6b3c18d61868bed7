package dev.pymirror.server.time;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pymirror.server.PymirrorServer;
import dev.pymirror.server.auth.UserStore;
import dev.pymirror.server.config.Cooldown;
import dev.pymirror.server.config.GroupConfig;
import dev.pymirror.server.config.GuardPolicy;
import dev.pymirror.server.config.HostedConfig;
import dev.pymirror.server.config.IndexConfig;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.testing.UploadForm;
import dev.pymirror.testing.Wheel;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Time views over HTTP on hosted indexes, whose times are this server's own: {@code +as-of} shows
 * the files and yanks of a moment in both encodings, also through a group; {@code min-age} holds
 * new uploads back from pages and direct requests, but not an exempt project's.
 */
class TimeViewServerTest {

    static final String JSON = "application/vnd.pypi.simple.v1+json";
    static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path data;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final Wheel v1 = Wheel.of("acme-app", "1.0").build();
    final Wheel v2 = Wheel.of("acme-app", "2.0").build();
    PymirrorServer server;

    @BeforeEach
    void start() throws Exception {
        new UserStore(data).add("alice", "alice-password".toCharArray());
        Map<String, IndexConfig> indexes = new LinkedHashMap<>();
        indexes.put("internal", HostedConfig.defaults("internal"));
        indexes.put("cool", HostedConfig.defaults("cool")
                .withCooldown(new Cooldown(Duration.ofHours(1), Set.of("acme-urgent"))));
        indexes.put("main", GroupConfig.of("main", List.of("internal")));
        // "cool" is also guarded by advisories: both views over one hosted index, which still takes uploads.
        server = PymirrorServer.start(new ServerConfig("127.0.0.1", 0, data, false, "internal", indexes)
                .withGuards(Map.of("cool", GuardPolicy.parse(List.of("malware"), null, null))));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void asOfAMomentTheIndexShowsTheFilesAndTheYanksOfThenInBothEncodings() throws Exception {
        assertThat(upload("internal", v1, "acme-app", "1.0")).isEqualTo(200);
        String uploaded = page("/internal/simple/acme-app/").path("files").get(0).path("upload-time").asText();
        assertThat(send("POST", "/internal/files/acme-app/" + v1.filename() + "?action=yank&reason=bad")).isEqualTo(200);
        assertThat(upload("internal", v2, "acme-app", "2.0")).isEqualTo(200);

        for (String index : List.of("internal", "main")) {
            JsonNode then = page("/" + index + "/+as-of/" + uploaded + "/simple/acme-app/");
            assertThat(then.path("files")).hasSize(1);
            assertThat(then.path("files").get(0).path("filename").asText()).isEqualTo(v1.filename());
            assertThat(then.path("files").get(0).path("yanked").asBoolean()).isFalse();
            assertThat(then.path("versions").toString()).isEqualTo("[\"1.0\"]");
            String html = text("/" + index + "/+as-of/" + uploaded + "/simple/acme-app/", "text/html").body();
            assertThat(html).contains(v1.filename()).doesNotContain(v2.filename()).doesNotContain("data-yanked");
        }
        // Now: yanked, and 2.0 there; the file of 2.0 is refused under the earlier moment only.
        JsonNode now = page("/internal/simple/acme-app/");
        assertThat(now.path("files").get(0).path("yanked").asText()).isEqualTo("bad");
        assertThat(now.path("files")).hasSize(2);
        HttpResponse<String> refused = text("/internal/+as-of/" + uploaded + "/files/acme-app/" + v2.filename(), "*/*");
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(refused.body()).contains("after " + uploaded.substring(0, 19));
        assertThat(text("/internal/+as-of/" + uploaded + "/files/acme-app/" + v1.filename(), "*/*").statusCode())
                .isEqualTo(200);
        assertThat(text("/internal/+as-of/" + uploaded + "/files/acme-app/" + v1.filename() + ".metadata", "*/*")
                .statusCode()).isEqualTo(200);
        // The legacy JSON API of the view knows only what was there then.
        HttpResponse<String> legacy = text("/internal/+as-of/" + uploaded + "/pypi/acme-app/json", "*/*");
        assertThat(legacy.statusCode()).as(legacy.body()).isEqualTo(200);
        assertThat(MAPPER.readTree(legacy.body()).path("releases").has("2.0")).isFalse();
        assertThat(MAPPER.readTree(legacy.body()).path("info").path("version").asText()).isEqualTo("1.0");
        // A date means the start of its day (UTC): before anything here was uploaded.
        assertThat(page("/internal/+as-of/2000-01-01/simple/acme-app/").path("files")).isEmpty();
    }

    @Test
    void aViewOfAMomentBeforeADeletionListsOnlyWhatCanBeServedAndSaysWhenTheRestWasDeleted() throws Exception {
        assertThat(upload("internal", v1, "acme-app", "1.0")).isEqualTo(200);
        assertThat(upload("internal", v2, "acme-app", "2.0")).isEqualTo(200);
        String bothThere = page("/internal/simple/acme-app/").path("files").get(1).path("upload-time").asText();
        assertThat(send("DELETE", "/internal/files/acme-app/" + v2.filename())).isEqualTo(200);

        // 2.0 was served at that moment, but its bytes are gone: not listed, in either encoding.
        String then = "/internal/+as-of/" + bothThere + "/";
        JsonNode page = page(then + "simple/acme-app/");
        assertThat(page.path("files")).hasSize(1);
        assertThat(page.path("versions").toString()).isEqualTo("[\"1.0\"]");
        assertThat(text(then + "simple/acme-app/", "text/html").body()).doesNotContain(v2.filename());
        HttpResponse<String> gone = text(then + "files/acme-app/" + v2.filename(), "*/*");
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.body()).contains("was deleted at").contains("after " + bothThere.substring(0, 19))
                .contains("its bytes are gone");
        assertThat(text(then + "files/acme-app/" + v2.filename() + ".metadata", "*/*").body())
                .contains("was deleted at");
        assertThat(text(then + "files/acme-app/" + v1.filename(), "*/*").statusCode()).isEqualTo(200);
    }

    @Test
    void badMomentsAre400AndAnAsOfPrefixWithoutSimpleLeadsThere() throws Exception {
        HttpResponse<String> bad = text("/internal/+as-of/2026-02-30/simple/", "*/*");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("'2026-02-30' is not a moment").doesNotContain("Exception");
        assertThat(text("/+as-of/noon/simple/", "*/*").statusCode()).isEqualTo(400);
        HttpResponse<String> bare = text("/internal/+as-of/2026-01-01/", "*/*");
        assertThat(bare.statusCode()).isEqualTo(301);
        assertThat(bare.headers().firstValue("Location").orElseThrow()).endsWith("/internal/+as-of/2026-01-01/simple/");
        assertThat(text("/internal/+as-of/", "*/*").statusCode()).isEqualTo(404);
    }

    @Test
    void aMinAgeHoldsNewUploadsBackFromPagesAndDirectRequestsButNotAnExemptProjects() throws Exception {
        Wheel urgent = Wheel.of("acme-urgent", "1.0").build();
        assertThat(upload("cool", v1, "acme-app", "1.0")).isEqualTo(200);
        assertThat(upload("cool", urgent, "acme-urgent", "1.0")).isEqualTo(200);

        assertThat(page("/cool/simple/acme-app/").path("files")).isEmpty();
        assertThat(text("/cool/simple/acme-app/", "text/html").body()).doesNotContain(v1.filename());
        HttpResponse<String> refused = text("/cool/files/acme-app/" + v1.filename(), "*/*");
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(refused.body()).contains("less than 1h ago").contains("min-age");
        assertThat(text("/cool/files/acme-app/" + v1.filename() + ".metadata", "*/*").statusCode()).isEqualTo(404);

        assertThat(page("/cool/simple/acme-urgent/").path("files")).hasSize(1);
        assertThat(text("/cool/files/acme-urgent/" + urgent.filename(), "*/*").statusCode()).isEqualTo(200);

        JsonNode health = MAPPER.readTree(text("/health", "*/*").body()).path("indexes").path("cool");
        assertThat(health.path("min-age-seconds").asLong()).isEqualTo(3600);
        assertThat(health.path("held-back").path("files").asInt()).isEqualTo(1);
        assertThat(health.path("min-age-exempt").toString()).isEqualTo("[\"acme-urgent\"]");
    }

    private int upload(String index, Wheel wheel, String name, String version) throws Exception {
        UploadForm form = UploadForm.of(wheel, name, version);
        HttpRequest r = HttpRequest.newBuilder(server.baseUrl().resolve(index + "/"))
                .header("Content-Type", form.contentType()).header("Authorization", basic())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.body())).build();
        HttpResponse<String> answer = http.send(r, HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return answer.statusCode();
    }

    private int send(String method, String path) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(server.baseUrl().resolve(path.substring(1))).header("Authorization", basic())
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return http.send(r, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private JsonNode page(String path) throws Exception {
        HttpResponse<String> r = text(path, JSON);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return MAPPER.readTree(r.body());
    }

    private HttpResponse<String> text(String path, String accept) throws Exception {
        return http.send(HttpRequest.newBuilder(server.baseUrl().resolve(path.substring(1))).header("Accept", accept)
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString("alice:alice-password".getBytes(StandardCharsets.UTF_8));
    }
}
