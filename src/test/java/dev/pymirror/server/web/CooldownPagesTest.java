package dev.pymirror.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.server.PymirrorServer;
import dev.pymirror.server.config.Cooldown;
import dev.pymirror.server.config.HostedConfig;
import dev.pymirror.server.config.IndexConfig;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.testing.ServerGet;
import dev.pymirror.testing.ServerUser;
import dev.pymirror.testing.Wheel;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

    static final String JSON = ServerGet.JSON;
    static final String HOSTILE = "<script>alert(1)</script>\"&";

    @TempDir
    Path data;

    final Wheel fresh = Wheel.of("acme-app", "1.0").build();
    final Wheel urgent = Wheel.of("acme-urgent", "1.0").build();
    PymirrorServer server;
    final ServerUser user = new ServerUser(() -> server.baseUrl());

    @BeforeEach
    void start() throws Exception {
        ServerUser.addTo(data);
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
        assertThat(user.page("/-/index/cool/")).contains("<dt>Cooldown</dt>")
                .contains("min-age 3 h: newer files are held back from everyone; exempt: acme-urgent")
                .contains(">0 files of 0 projects (of the pages served since the server started)<");
        user.upload("cool", fresh, "acme-app", "1.0");
        user.upload("cool", urgent, "acme-urgent", "1.0");
        assertThat(user.get("/cool/simple/acme-app/", JSON).body()).doesNotContain(fresh.filename());
        assertThat(user.get("/cool/simple/acme-urgent/", JSON).body()).contains(urgent.filename());

        assertThat(user.page("/-/index/cool/"))
                .contains(">1 file of 1 project (of the pages served since the server started)<");
        // An index without a cooldown says nothing of one.
        assertThat(user.page("/-/index/internal/")).doesNotContain("Cooldown").doesNotContain("Held back");
    }

    @Test
    void theProjectPageMarksHeldBackFilesWithTheMomentEachComesOfAge() throws Exception {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);
        user.upload("cool", fresh, "acme-app", "1.0");
        Instant after = Instant.now();
        assertThat(user.send("POST", "/cool/files/acme-app/" + fresh.filename() + "?action=yank&reason="
                + URLEncoder.encode(HOSTILE, StandardCharsets.UTF_8))).isEqualTo(200);
        user.upload("cool", urgent, "acme-urgent", "1.0");

        String html = user.page("/-/index/cool/acme-app/");
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
        assertThat(user.get("/cool/simple/acme-app/", JSON).body()).doesNotContain(fresh.filename());
        assertThat(user.get("/cool/files/acme-app/" + fresh.filename(), "*/*").statusCode()).isEqualTo(404);

        // An exempt project's new file is served, and not marked.
        assertThat(user.page("/-/index/cool/acme-urgent/")).contains(urgent.filename()).doesNotContain("held back");
    }
}
