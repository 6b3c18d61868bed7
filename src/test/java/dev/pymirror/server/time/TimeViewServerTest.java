package dev.pymirror.server.time;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pymirror.server.PymirrorServer;
import dev.pymirror.server.config.Cooldown;
import dev.pymirror.server.config.GroupConfig;
import dev.pymirror.server.config.GuardPolicy;
import dev.pymirror.server.config.HostedConfig;
import dev.pymirror.server.config.IndexConfig;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.testing.ServerGet;
import dev.pymirror.testing.ServerUser;
import dev.pymirror.testing.Wheel;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
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

    static final String JSON = ServerGet.JSON;
    static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path data;

    final Wheel v1 = Wheel.of("acme-app", "1.0").build();
    final Wheel v2 = Wheel.of("acme-app", "2.0").build();
    PymirrorServer server;
    final ServerUser user = new ServerUser(() -> server.baseUrl());

    @BeforeEach
    void start() throws Exception {
        ServerUser.addTo(data);
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
        user.upload("internal", v1, "acme-app", "1.0");
        String uploaded = page("/internal/simple/acme-app/").path("files").get(0).path("upload-time").asText();
        assertThat(user.send("POST", "/internal/files/acme-app/" + v1.filename() + "?action=yank&reason=bad"))
                .isEqualTo(200);
        user.upload("internal", v2, "acme-app", "2.0");

        for (String index : List.of("internal", "main")) {
            JsonNode then = page("/" + index + "/+as-of/" + uploaded + "/simple/acme-app/");
            assertThat(then.path("files")).hasSize(1);
            assertThat(then.path("files").get(0).path("filename").asText()).isEqualTo(v1.filename());
            assertThat(then.path("files").get(0).path("yanked").asBoolean()).isFalse();
            assertThat(then.path("versions").toString()).isEqualTo("[\"1.0\"]");
            String html = user.get("/" + index + "/+as-of/" + uploaded + "/simple/acme-app/", "text/html").body();
            assertThat(html).contains(v1.filename()).doesNotContain(v2.filename()).doesNotContain("data-yanked");
        }
        // Now: yanked, and 2.0 there; the file of 2.0 is refused under the earlier moment only.
        JsonNode now = page("/internal/simple/acme-app/");
        assertThat(now.path("files").get(0).path("yanked").asText()).isEqualTo("bad");
        assertThat(now.path("files")).hasSize(2);
        HttpResponse<String> refused = user.get("/internal/+as-of/" + uploaded + "/files/acme-app/" + v2.filename(),
                "*/*");
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(refused.body()).contains("after " + uploaded.substring(0, 19));
        assertThat(user.get("/internal/+as-of/" + uploaded + "/files/acme-app/" + v1.filename(), "*/*").statusCode())
                .isEqualTo(200);
        assertThat(user.get("/internal/+as-of/" + uploaded + "/files/acme-app/" + v1.filename() + ".metadata", "*/*")
                .statusCode()).isEqualTo(200);
        // The legacy JSON API of the view knows only what was there then.
        HttpResponse<String> legacy = user.get("/internal/+as-of/" + uploaded + "/pypi/acme-app/json", "*/*");
        assertThat(legacy.statusCode()).as(legacy.body()).isEqualTo(200);
        assertThat(MAPPER.readTree(legacy.body()).path("releases").has("2.0")).isFalse();
        assertThat(MAPPER.readTree(legacy.body()).path("info").path("version").asText()).isEqualTo("1.0");
        // A date means the start of its day (UTC): before anything here was uploaded.
        assertThat(page("/internal/+as-of/2000-01-01/simple/acme-app/").path("files")).isEmpty();
    }

    @Test
    void aViewOfAMomentBeforeADeletionListsOnlyWhatCanBeServedAndSaysWhenTheRestWasDeleted() throws Exception {
        user.upload("internal", v1, "acme-app", "1.0");
        user.upload("internal", v2, "acme-app", "2.0");
        String bothThere = page("/internal/simple/acme-app/").path("files").get(1).path("upload-time").asText();
        assertThat(user.send("DELETE", "/internal/files/acme-app/" + v2.filename())).isEqualTo(200);

        // 2.0 was served at that moment, but its bytes are gone: not listed, in either encoding.
        String then = "/internal/+as-of/" + bothThere + "/";
        JsonNode page = page(then + "simple/acme-app/");
        assertThat(page.path("files")).hasSize(1);
        assertThat(page.path("versions").toString()).isEqualTo("[\"1.0\"]");
        assertThat(user.get(then + "simple/acme-app/", "text/html").body()).doesNotContain(v2.filename());
        HttpResponse<String> gone = user.get(then + "files/acme-app/" + v2.filename(), "*/*");
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.body()).contains("was deleted at").contains("after " + bothThere.substring(0, 19))
                .contains("its bytes are gone");
        assertThat(user.get(then + "files/acme-app/" + v2.filename() + ".metadata", "*/*").body())
                .contains("was deleted at");
        assertThat(user.get(then + "files/acme-app/" + v1.filename(), "*/*").statusCode()).isEqualTo(200);
    }

    @Test
    void badMomentsAre400AndAnAsOfPrefixWithoutSimpleLeadsThere() throws Exception {
        HttpResponse<String> bad = user.get("/internal/+as-of/2026-02-30/simple/", "*/*");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("'2026-02-30' is not a moment").doesNotContain("Exception");
        assertThat(user.get("/+as-of/noon/simple/", "*/*").statusCode()).isEqualTo(400);
        HttpResponse<String> bare = user.get("/internal/+as-of/2026-01-01/", "*/*");
        assertThat(bare.statusCode()).isEqualTo(301);
        assertThat(bare.headers().firstValue("Location").orElseThrow()).endsWith("/internal/+as-of/2026-01-01/simple/");
        assertThat(user.get("/internal/+as-of/", "*/*").statusCode()).isEqualTo(404);
    }

    @Test
    void aMinAgeHoldsNewUploadsBackFromPagesAndDirectRequestsButNotAnExemptProjects() throws Exception {
        Wheel urgent = Wheel.of("acme-urgent", "1.0").build();
        user.upload("cool", v1, "acme-app", "1.0");
        user.upload("cool", urgent, "acme-urgent", "1.0");

        assertThat(page("/cool/simple/acme-app/").path("files")).isEmpty();
        assertThat(user.get("/cool/simple/acme-app/", "text/html").body()).doesNotContain(v1.filename());
        HttpResponse<String> refused = user.get("/cool/files/acme-app/" + v1.filename(), "*/*");
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(refused.body()).contains("less than 1h ago").contains("min-age");
        assertThat(user.get("/cool/files/acme-app/" + v1.filename() + ".metadata", "*/*").statusCode()).isEqualTo(404);

        assertThat(page("/cool/simple/acme-urgent/").path("files")).hasSize(1);
        assertThat(user.get("/cool/files/acme-urgent/" + urgent.filename(), "*/*").statusCode()).isEqualTo(200);

        JsonNode health = MAPPER.readTree(user.get("/health", "*/*").body()).path("indexes").path("cool");
        assertThat(health.path("min-age-seconds").asLong()).isEqualTo(3600);
        assertThat(health.path("held-back").path("files").asInt()).isEqualTo(1);
        assertThat(health.path("min-age-exempt").toString()).isEqualTo("[\"acme-urgent\"]");
    }

    private JsonNode page(String path) throws Exception {
        HttpResponse<String> r = user.get(path, JSON);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return MAPPER.readTree(r.body());
    }
}
