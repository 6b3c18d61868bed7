package dev.pymirror.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.server.PymirrorServer;
import dev.pymirror.server.auth.UserStore;
import dev.pymirror.server.config.Cooldown;
import dev.pymirror.server.config.HostedConfig;
import dev.pymirror.server.config.IndexConfig;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.testing.UploadForm;
import dev.pymirror.testing.Wheel;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cooldown ({@code min-age}) in the web UI, on a real server: the index page says the min-age and
 * how much it holds back, the project page lists the held-back files marked with the moment each
 * comes of age (the simple API leaves them out), an exempt project's files are not marked.
 */
class CooldownPagesTest {

    static final String BROWSER = GuardPagesTest.BROWSER;
    static final String JSON = GuardPagesTest.JSON;
    static final String HOSTILE = "<script>alert(1)</script>\"&";

    @TempDir
    Path data;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final Wheel fresh = Wheel.of("acme-app", "1.0").build();
    final Wheel urgent = Wheel.of("acme-urgent", "1.0").build();
    PymirrorServer server;

    @BeforeEach
    void start() throws Exception {
        new UserStore(data).add("alice", "alice-password".toCharArray());
        Map<String, IndexConfig> indexes = new LinkedHashMap<>();
        indexes.put("cool", HostedConfig.defaults("cool")
                .withCooldown(new Cooldown(Duration.ofHours(3), Set.of("acme-urgent"))));
        indexes.put("internal", HostedConfig.defaults("internal"));
        server = PymirrorServer.start(new ServerConfig("127.0.0.1", 0, data, false, "internal", indexes));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theIndexPageSaysTheMinAgeAndHowManyFilesItHoldsBack() throws Exception {
        assertThat(page("/-/index/cool/")).contains("<dt>Cooldown</dt>")
                .contains("min-age 3 h: newer files are held back from everyone; exempt: acme-urgent")
                .contains(">0 files of 0 projects (of the pages served since the server started)<");
        upload("cool", fresh, "acme-app", "1.0");
        upload("cool", urgent, "acme-urgent", "1.0");
        assertThat(get("/cool/simple/acme-app/", JSON).body()).doesNotContain(fresh.filename());
        assertThat(get("/cool/simple/acme-urgent/", JSON).body()).contains(urgent.filename());

        assertThat(page("/-/index/cool/")).contains(">1 file of 1 project (of the pages served since the server started)<");
        // An index without a cooldown says nothing of one.
        assertThat(page("/-/index/internal/")).doesNotContain("Cooldown").doesNotContain("Held back");
    }

    @Test
    void theProjectPageMarksHeldBackFilesWithTheMomentEachComesOfAge() throws Exception {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);
        upload("cool", fresh, "acme-app", "1.0");
        Instant after = Instant.now();
        assertThat(send("POST", "/cool/files/acme-app/" + fresh.filename() + "?action=yank&reason="
                + URLEncoder.encode(HOSTILE, StandardCharsets.UTF_8))).isEqualTo(200);
        upload("cool", urgent, "acme-urgent", "1.0");

        String html = page("/-/index/cool/acme-app/");
        assertThat(html).contains(fresh.filename()).contains("data-cooldown=\"held-back\"")
                .contains("1 file is held back by the index&#39;s min-age")
                .contains("<span class=\"badge warn\">held back</span> by the index&#39;s min-age 3 h, until")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;").doesNotContain("<script>")
                .doesNotContain("withheld");
        Matcher until = Pattern.compile("<time datetime=\"([^\"]+)\" data-cooldown=\"until\">").matcher(html);
        assertThat(until.find()).as(html).isTrue();
        Instant comesOfAge = Instant.parse(until.group(1));
        assertThat(comesOfAge).isBetween(before.plus(Duration.ofHours(3)), after.plus(Duration.ofHours(3)));
        // The simple API and the file route still leave it out: only the operator's page lists it.
        assertThat(get("/cool/simple/acme-app/", JSON).body()).doesNotContain(fresh.filename());
        assertThat(get("/cool/files/acme-app/" + fresh.filename(), "*/*").statusCode()).isEqualTo(404);

        // An exempt project's new file is served, and not marked.
        assertThat(page("/-/index/cool/acme-urgent/")).contains(urgent.filename()).doesNotContain("held back");
    }

    HttpResponse<String> get(String path, String accept) throws Exception {
        return http.send(HttpRequest.newBuilder(server.baseUrl().resolve(path.substring(1))).header("Accept", accept).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    String page(String path) throws Exception {
        HttpResponse<String> r = get(path, BROWSER);
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.body();
    }

    void upload(String index, Wheel wheel, String name, String version) throws Exception {
        UploadForm form = UploadForm.of(wheel, name, version);
        HttpRequest r = HttpRequest.newBuilder(server.baseUrl().resolve(index + "/"))
                .header("Content-Type", form.contentType()).header("Authorization", basic())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.body())).build();
        HttpResponse<String> answer = http.send(r, HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    int send(String method, String path) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(server.baseUrl().resolve(path.substring(1))).header("Authorization", basic())
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return http.send(r, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString("alice:alice-password".getBytes(StandardCharsets.UTF_8));
    }
}
