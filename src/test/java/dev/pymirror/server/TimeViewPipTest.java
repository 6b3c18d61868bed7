package dev.pymirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.server.auth.UserStore;
import dev.pymirror.server.config.Cooldown;
import dev.pymirror.server.config.HostedConfig;
import dev.pymirror.server.config.IndexConfig;
import dev.pymirror.server.config.MirrorConfig;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.server.config.StaticConfig;
import dev.pymirror.testing.Pip;
import dev.pymirror.testing.PipInstaller;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.ToolRun;
import dev.pymirror.testing.UploadForm;
import dev.pymirror.testing.Wheel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index as of a moment, a cooldown and upload times, judged by the real pip 23 and pip 26:
 * {@code +as-of} URLs make both install the older release, a {@code min-age} index holds a young
 * release back but not an exempt project's, and pip 26's {@code --uploaded-prior-to} works against
 * a mirror whose upstream states no upload times.
 */
@Tag("slow")
class TimeViewPipTest {

    @TempDir
    Path tmp;

    static final List<String> LIB = List.of("acme-lib");
    static final List<String> BOTH = List.of("acme-lib", "acme-util");

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void throughAMirrorAsOfAMomentBothPipsInstallWhatWasThereThenAndPip26FiltersByUploadTime() throws Exception {
        Wheel old = Wheel.of("acme-lib", "1.0").build();
        Wheel young = Wheel.of("acme-lib", "2.0").build();
        try (TestIndexServer upstream = TestIndexServer.start().add(old)) {
            MirrorConfig mirror = MirrorConfig.defaults("pypi").withUpstream(URI.create(upstream.simpleUrl()))
                    .withPageTtl(Duration.ZERO)
                // Each request waits for the upstream's answer: under load, the default 250 ms wait
                // would answer the cached page stale and the upstream's change unseen.
                .withBreaker(Duration.ofSeconds(30), MirrorConfig.DEFAULT_PROBE_INTERVAL);
            try (PymirrorServer server = PymirrorServer.start(new ServerConfig("127.0.0.1", 0, tmp.resolve("data"), false,
                    "pypi", Map.of("pypi", mirror)))) {
                String base = server.baseUrl().toString();
                assertThat(get(base + "pypi/simple/acme-lib/").statusCode()).isEqualTo(200); // 1.0 first seen
                Thread.sleep(1100);
                Instant moment = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                Thread.sleep(1100);
                upstream.add(young);
                HttpResponse<String> now = get(base + "pypi/simple/acme-lib/"); // 2.0 first seen, after the moment
                assertThat(now.body()).contains(young.filename()).contains("\"upload-time\"");

                String asOf = base + "pypi/+as-of/" + moment + "/simple/";
                assertThat(get(asOf + "acme-lib/").body()).contains(old.filename()).doesNotContain(young.filename());
                HttpResponse<String> refused = get(base + "pypi/+as-of/" + moment + "/files/acme-lib/" + young.filename());
                assertThat(refused.statusCode()).isEqualTo(404);
                assertThat(refused.body()).contains("after " + moment);
                HttpResponse<String> bad = get(base + "pypi/+as-of/last-week/simple/acme-lib/");
                assertThat(bad.statusCode()).isEqualTo(400);
                assertThat(bad.body()).contains("'last-week' is not a moment");

                assertInstalls(new Pip(home("p23")), asOf, "p23", "1.0", LIB);
                // The root is the default index, also as of a moment.
                assertInstalls(new Pip(home("p23-root")), base + "+as-of/" + moment + "/simple/", "p23-root",
                        "1.0", LIB);
                PipInstaller pip26 = PipInstaller.newest(tmp);
                assertInstalls(pip26, asOf, "p26", "1.0", LIB, List.of());
                assertInstalls(pip26, base + "pypi/simple/", "p26-prior", "1.0", LIB,
                        List.of("--uploaded-prior-to", moment.toString()));
                assertInstalls(pip26, base + "pypi/simple/", "p26-now", "2.0", LIB, List.of());
            }
        }
    }

    @Test
    void asOfAMomentBeforeTheUpstreamDroppedAndYankedFilesAMirrorServesThePageAsItWasThen() throws Exception {
        Wheel v1 = Wheel.of("acme-lib", "1.0").build();
        Wheel v2 = Wheel.of("acme-lib", "2.0").build();
        Wheel v3 = Wheel.of("acme-lib", "3.0").build();
        try (TestIndexServer upstream = TestIndexServer.start().add(v1, v2, v3)) {
            MirrorConfig mirror = MirrorConfig.defaults("pypi").withUpstream(URI.create(upstream.simpleUrl()))
                    .withPageTtl(Duration.ZERO)
                // As above: the page after the upstream's change must be the revalidated one.
                .withBreaker(Duration.ofSeconds(30), MirrorConfig.DEFAULT_PROBE_INTERVAL);
            try (PymirrorServer server = PymirrorServer.start(new ServerConfig("127.0.0.1", 0, tmp.resolve("data"), false,
                    "pypi", Map.of("pypi", mirror)))) {
                String base = server.baseUrl().toString();
                assertThat(get(base + "pypi/simple/acme-lib/").statusCode()).isEqualTo(200); // all three first seen
                assertThat(get(base + "pypi/files/acme-lib/" + v2.filename()).statusCode()).isEqualTo(200); // cached
                Thread.sleep(1100);
                Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                Thread.sleep(1100);
                // 2.0 deleted (its bytes too), 3.0 hidden (its URL still answers), 1.0 yanked.
                upstream.remove(v2.filename()).unlist(v3.filename()).yank(v1.filename(), "broken");
                String now = get(base + "pypi/simple/acme-lib/").body();
                assertThat(now).contains(v1.filename()).contains("broken")
                        .doesNotContain(v2.filename()).doesNotContain(v3.filename());
                Thread.sleep(1100);
                Instant after = Instant.now().truncatedTo(ChronoUnit.SECONDS);

                String asOf = base + "pypi/+as-of/" + before + "/simple/";
                String then = get(asOf + "acme-lib/").body();
                assertThat(then).contains(v1.filename(), v2.filename(), v3.filename()).doesNotContain("broken");
                com.fasterxml.jackson.databind.JsonNode thenJson = new com.fasterxml.jackson.databind.ObjectMapper().readTree(then);
                assertThat(thenJson.path("versions").toString()).isEqualTo("[\"1.0\",\"2.0\",\"3.0\"]");
                thenJson.path("files").forEach(f -> assertThat(f.path("yanked").asBoolean(false)).as(f.toString()).isFalse());
                String html = http.send(HttpRequest.newBuilder(URI.create(asOf + "acme-lib/")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertThat(html).contains(v2.filename()).contains(v3.filename()).doesNotContain("data-yanked");
                String later = get(base + "pypi/+as-of/" + after + "/simple/acme-lib/").body();
                assertThat(later).contains(v1.filename()).contains("broken").doesNotContain(v2.filename())
                        .doesNotContain(v3.filename());

                PipInstaller pip26 = PipInstaller.newest(tmp);
                // 3.0, never cached, from the upstream's URL that still answers; 2.0 from the cache.
                assertInstalls(pip26, asOf, "p26-then", "3.0", LIB, List.of());
                assertInstalls(pip26, asOf, "p26-then-v2", "2.0", List.of("acme-lib<3"), List.of());
                assertInstalls(new Pip(home("p23-then")), asOf, "p23-then", "1.0", List.of("acme-lib<2"));
            }
        }
    }

    @Test
    void aMinAgeIndexHoldsAYoungReleaseBackFromBothPipsButNotAnExemptProjects() throws Exception {
        Path tree = tmp.resolve("tree");
        Instant longAgo = Instant.now().minus(Duration.ofDays(10));
        Wheel libOld = put(tree, Wheel.of("acme-lib", "1.0").build(), longAgo);
        Wheel libYoung = put(tree, Wheel.of("acme-lib", "2.0").build(), Instant.now());
        put(tree, Wheel.of("acme-util", "1.0").build(), longAgo);
        put(tree, Wheel.of("acme-util", "2.0").build(), Instant.now());
        Map<String, IndexConfig> indexes = new LinkedHashMap<>();
        indexes.put("cool", StaticConfig.of("cool", tree).withCooldown(new Cooldown(Duration.ofDays(3), Set.of("Acme_Util"))));
        indexes.put("plain", StaticConfig.of("plain", tree));
        try (PymirrorServer server = PymirrorServer.start(new ServerConfig("127.0.0.1", 0, tmp.resolve("data"), false,
                "cool", indexes))) {
            String base = server.baseUrl().toString();
            assertInstalls(new Pip(home("p23")), base + "cool/simple/", "p23", "1.0", BOTH);
            assertThat(tmp.resolve("p23/acme_util/__init__.py")).content().contains("2.0");
            PipInstaller pip26 = PipInstaller.newest(tmp);
            assertInstalls(pip26, base + "cool/simple/", "p26", "1.0", BOTH, List.of());
            assertThat(tmp.resolve("p26/acme_util/__init__.py")).content().contains("2.0");
            // A tree dates its files by their mtime: as of five days ago, the older release.
            String fiveDaysAgo = Instant.now().minus(Duration.ofDays(5)).truncatedTo(ChronoUnit.SECONDS).toString();
            assertInstalls(new Pip(home("p23-asof")), base + "plain/+as-of/" + fiveDaysAgo + "/simple/", "p23-asof",
                    "1.0", LIB);

            HttpResponse<String> refused = get(base + "cool/files/acme-lib/" + libYoung.filename());
            assertThat(refused.statusCode()).isEqualTo(404);
            assertThat(refused.body()).contains("less than 3d ago").contains("min-age");
            assertThat(get(base + "cool/files/acme-lib/" + libOld.filename()).statusCode()).isEqualTo(200);
            assertThat(get(base + "cool/simple/acme-lib/").body()).doesNotContain(libYoung.filename());
            String health = get(base + "health").body();
            assertThat(health).contains("\"min-age-seconds\" : 259200").contains("\"held-back\"")
                    .contains("\"files\" : 1").contains("acme-util");
        }
    }

    @Test
    void asOfAMomentBeforeAHostedDeletionBothPipsInstallWhatCanStillBeServed() throws Exception {
        Path data = tmp.resolve("data");
        new UserStore(data).add("alice", "alice-password".toCharArray());
        Wheel v1 = Wheel.of("acme-lib", "1.0").build();
        Wheel v2 = Wheel.of("acme-lib", "2.0").build();
        try (PymirrorServer server = PymirrorServer.start(new ServerConfig("127.0.0.1", 0, data, false, "internal",
                Map.of("internal", HostedConfig.defaults("internal"))))) {
            String base = server.baseUrl().toString();
            upload(base, v1, "1.0");
            upload(base, v2, "2.0");
            String page = get(base + "internal/simple/acme-lib/").body();
            Instant bothThere = Instant.now();
            HttpResponse<String> deleted = http.send(HttpRequest.newBuilder(URI.create(base + "internal/files/acme-lib/"
                    + v2.filename())).header("Authorization", BASIC).DELETE().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
            assertThat(page).contains(v2.filename());

            // 2.0 was served at that moment, but its bytes are gone: the view leaves it out, so pip takes 1.0.
            String asOf = base + "internal/+as-of/" + bothThere + "/simple/";
            assertInstalls(new Pip(home("p23-deleted")), asOf, "p23-deleted", "1.0", LIB);
            assertInstalls(PipInstaller.newest(tmp), asOf, "p26-deleted", "1.0", LIB, List.of());
        }
    }

    static final String BASIC = "Basic " + java.util.Base64.getEncoder()
            .encodeToString("alice:alice-password".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    private void upload(String base, Wheel wheel, String version) throws Exception {
        UploadForm form = UploadForm.of(wheel, "acme-lib", version);
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "internal/"))
                .header("Content-Type", form.contentType()).header("Authorization", BASIC)
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.body())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    private static Wheel put(Path tree, Wheel wheel, Instant modified) throws Exception {
        Path dir = Files.createDirectories(tree.resolve(wheel.filename().startsWith("acme_lib") ? "acme-lib" : "acme-util"));
        Path file = Files.write(dir.resolve(wheel.filename()), wheel.bytes());
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return wheel;
    }

    private Path home(String name) throws Exception {
        return Files.createDirectories(tmp.resolve("home-" + name));
    }

    /** Installs {@code requirements} with Debian's pip and checks the version of acme-lib installed. */
    private void assertInstalls(Pip pip, String index, String target, String libVersion, List<String> requirements)
            throws Exception {
        ToolRun r = pip.install(index, tmp.resolve(target), requirements.toArray(String[]::new));
        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(tmp.resolve(target + "/acme_lib/__init__.py")).content().contains(libVersion);
    }

    /** Installs {@code requirements} with pip 26 and its {@code options}, and checks acme-lib's version. */
    private void assertInstalls(PipInstaller pip, String index, String target, String libVersion,
            List<String> requirements, List<String> options) throws Exception {
        List<String> args = new ArrayList<>(List.of("install", "--no-input", "--retries", "0", "--timeout", "15",
                "--index-url", index, "--target", tmp.resolve(target).toString()));
        args.addAll(options);
        args.addAll(requirements);
        ToolRun r = pip.pip(args, home(target));
        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(tmp.resolve(target + "/acme_lib/__init__.py")).content().contains(libVersion);
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/vnd.pypi.simple.v1+json")
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
