package dev.pymirror.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.server.PymirrorServer;
import dev.pymirror.server.snapshot.SnapshotStore;
import dev.pymirror.server.auth.UserStore;
import dev.pymirror.server.config.Audience;
import dev.pymirror.server.config.GroupConfig;
import dev.pymirror.server.config.HostedConfig;
import dev.pymirror.server.config.IndexConfig;
import dev.pymirror.server.config.MirrorConfig;
import dev.pymirror.server.config.RetentionPolicy;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.server.config.StaticConfig;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.UploadForm;
import dev.pymirror.testing.Wheel;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * The web UI through a real HTTP client against the real server: a mirror of a test index on
 * 127.0.0.1, hosted indexes (one closed) with uploads, and a group; the browser test
 * ({@code WebUiBrowserTest}) looks at the same pages in Chromium.
 */
class WebUiTest {

    static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    static final String PIP = "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1,"
            + " text/html; q=0.01";
    static final String HOSTILE = "<script>alert('x')</script>\"><img src=x onerror=alert(1)> & ü";

    @TempDir
    Path data;

    @TempDir
    Path trees;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final Wheel lib10 = Wheel.of("acme-lib", "1.0").build();
    final Wheel lib11 = Wheel.of("acme-lib", "1.1").build();
    final Wheel app = Wheel.of("acme-app", "1.0").build();
    final Wheel tool = Wheel.of("secret-tool", "2.0").build();
    final Wheel treeTool = Wheel.of("tree-tool", "3.0").build();
    TestIndexServer upstream;
    PymirrorServer server;

    @BeforeEach
    void start() throws Exception {
        UserStore users = new UserStore(data);
        users.add("alice", "alice-pw".toCharArray());
        users.add("bob", "bob-pw".toCharArray());
        upstream = TestIndexServer.start().add(lib10, lib11);
        Map<String, IndexConfig> indexes = new LinkedHashMap<>();
        indexes.put("pypi", MirrorConfig.defaults("pypi").withUpstream(URI.create(upstream.simpleUrl()))
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10))
                .withRetention(new RetentionPolicy(50_000_000, null, 3, null)));
        indexes.put("internal", HostedConfig.defaults("internal"));
        indexes.put("secret", HostedConfig.defaults("secret").withRead(Audience.only(Set.of("alice"))));
        indexes.put("main", GroupConfig.of("main", List.of("internal", "pypi")));
        // A static tree as pymirror sync writes it, with one project.
        Path tree = Files.createDirectories(trees.resolve("tree-tool"));
        Files.write(tree.resolve(treeTool.filename()), treeTool.bytes());
        Files.writeString(tree.resolve("index.html"), "<a href=\"" + treeTool.filename() + "\">x</a>");
        // Its JSON page, which carries what HTML cannot: a PEP 792 status, with a hostile reason.
        Files.writeString(tree.resolve("index.json"), ("{\"meta\": {\"api-version\": \"1.4\"}, \"name\": \"tree-tool\","
                + " \"project-status\": {\"status\": \"archived\", \"reason\": \"<b>moved</b> & gone\"},"
                + " \"versions\": [\"3.0\"], \"files\": [{\"filename\": \"%s\", \"url\": \"%s\", \"size\": %d,"
                + " \"hashes\": {\"sha256\": \"%s\"}}]}")
                .formatted(treeTool.filename(), treeTool.filename(), treeTool.bytes().length, treeTool.sha256()));
        indexes.put("wheels", StaticConfig.of("wheels", tree.getParent()));
        server = PymirrorServer.start(new ServerConfig("127.0.0.1", 0, data, false, "main", indexes));

        assertThat(upload("internal", UploadForm.of(app, "acme-app", "1.0")).statusCode()).isEqualTo(200);
        assertThat(upload("secret", UploadForm.of(tool, "secret-tool", "2.0")).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/internal/files/acme-app/" + app.filename() + "?action=yank&reason="
                + URLEncoder.encode(HOSTILE, StandardCharsets.UTF_8), "alice", "alice-pw").statusCode()).isEqualTo(200);
        assertThat(get("/main/files/acme-lib/" + lib11.filename()).statusCode()).isEqualTo(200);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        upstream.close();
    }

    @Test
    void aBrowserAtTheRootGetsTheHomePageWhileInstallersAndCurlGetWhatTheyGotBefore() throws Exception {
        HttpResponse<String> browser = get("/", "Accept", BROWSER);
        assertThat(browser.statusCode()).isEqualTo(200);
        assertThat(browser.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(browser.body()).contains("<h1>Indexes</h1>").contains("href=\"/-/index/main/\"");

        HttpResponse<String> pip = get("/", "Accept", PIP);
        assertThat(pip.statusCode()).isEqualTo(302);
        assertThat(pip.headers().firstValue("Location").orElseThrow()).endsWith("/simple/");
        for (String accept : List.of("*/*", "text/html")) {
            HttpResponse<String> curl = get("/", "Accept", accept);
            assertThat(curl.headers().firstValue("Content-Type")).as(accept).hasValue("text/plain; charset=utf-8");
            assertThat(curl.body()).as(accept).startsWith("pymirror: point pip at /simple/");
            assertThat(curl.headers().firstValue("Vary")).as(accept).hasValue("Accept");
        }
        // The simple API is where it was; "-" is no index to it.
        assertThat(get("/simple/acme-lib/", "Accept", PIP).body()).contains(lib11.filename());
        assertThat(get("/-/", "Accept", PIP).headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(get("/-").statusCode()).isEqualTo(301);
    }

    @Test
    void theHomePageNamesOnlyTheIndexesTheReaderMayRead() throws Exception {
        HttpResponse<String> anonymous = get("/-/");
        assertThat(anonymous.body()).contains("/-/index/pypi/").contains("/-/index/internal/")
                .doesNotContain("secret");
        assertThat(anonymous.headers().firstValue("Content-Security-Policy").orElseThrow()).startsWith("default-src 'none'");
        assertThat(anonymous.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(get("/-/", "Authorization", basic("alice", "alice-pw")).body()).contains("/-/index/secret/");
        assertThat(get("/-/", "Authorization", basic("bob", "bob-pw")).body()).doesNotContain("secret");
        assertThat(get("/-/", "Authorization", basic("alice", "wrong")).statusCode()).isEqualTo(403);
    }

    @Test
    void theTopBarNamesTheLoggedInUserAndOffersALoginToOthers() throws Exception {
        for (String page : List.of("/-/", "/-/server", "/-/search?q=acme", "/-/index/main/", "/-/index/main/acme-lib/",
                "/-/audit", "/-/index/nope/")) {
            assertThat(get(page).body()).as(page).contains(">Log in</a>").doesNotContain("Logged in as");
            assertThat(get(page, "Authorization", basic("alice", "alice-pw")).body()).as(page)
                    .contains("Logged in as alice").doesNotContain(">Log in</a>");
        }
        // Wrong credentials are refused as before, not named.
        assertThat(get("/-/", "Authorization", basic("alice", "wrong")).body()).doesNotContain("Logged in as");
    }

    @Test
    void aClosedIndexsPagesAnswerAsItsSimpleApiDoes() throws Exception {
        HttpResponse<String> anonymous = get("/-/index/secret/");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Basic");
        assertThat(get("/-/index/secret/secret-tool/", "Authorization", basic("bob", "bob-pw")).statusCode())
                .isEqualTo(403);
        HttpResponse<String> alice = get("/-/index/secret/secret-tool/", "Authorization", basic("alice", "alice-pw"));
        assertThat(alice.statusCode()).isEqualTo(200);
        assertThat(alice.body()).contains(tool.filename()).contains("alice");
        // Search does not find what the reader may not read, and does not say it exists.
        assertThat(get("/-/search?q=secret").body()).contains("No project matches").doesNotContain("secret-tool");
        assertThat(get("/-/search?q=secret&index=secret").body()).doesNotContain("name=\"index\"").doesNotContain(" in secret");
        assertThat(get("/-/search?q=secret", "Authorization", basic("alice", "alice-pw")).body())
                .contains("href=\"/-/index/secret/secret-tool/\"");
        // Logging in: a challenge, then back home with the credentials the browser now sends.
        assertThat(get("/-/login").statusCode()).isEqualTo(401);
        HttpResponse<String> in = get("/-/login", "Authorization", basic("alice", "alice-pw"));
        assertThat(in.statusCode()).isEqualTo(303);
        assertThat(in.headers().firstValue("Location").orElseThrow()).endsWith("/-/");
    }

    @Test
    void theSnapshotsPageListsTheSnapshotsOfIndexesTheReaderMayReadAndAHostedSnapshotOutlivesADeletion()
            throws Exception {
        SnapshotStore store = new SnapshotStore(data);
        store.create("open-snap", PymirrorServer.openIndex(server.config(), "internal"), "hosted", false,
                java.time.Clock.systemUTC());
        store.create("secret-snap", PymirrorServer.openIndex(server.config(), "secret"), "hosted", true,
                java.time.Clock.systemUTC());
        HttpResponse<String> anonymous = get("/-/snapshots");
        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(anonymous.body()).contains("open-snap").contains("/+snapshot/open-snap/simple/")
                .contains("1 projects, 1 files").doesNotContain("secret");
        assertThat(get("/-/snapshots", "Authorization", basic("alice", "alice-pw")).body()).contains("secret-snap");

        // The hosted file is deleted; the snapshot holds it (a hard link) and still serves it.
        assertThat(send("DELETE", "/internal/files/acme-app/" + app.filename(), "alice", "alice-pw").statusCode())
                .isEqualTo(200);
        assertThat(get("/internal/files/acme-app/" + app.filename()).statusCode()).isEqualTo(404);
        HttpResponse<String> frozen = get("/+snapshot/open-snap/files/acme-app/" + app.filename());
        assertThat(frozen.statusCode()).isEqualTo(200);
        assertThat(frozen.body().length()).isPositive();
    }

    @Test
    void aGroupsProjectPageSaysWhichMemberAndUpstreamEachFileCameFromAndWhatIsCached() throws Exception {
        HttpResponse<String> page = get("/-/index/main/acme-lib/");
        assertThat(page.statusCode()).isEqualTo(200);
        String upstreamUrl = upstream.simpleUrl();
        assertThat(page.body()).contains("<h1>acme-lib</h1>").contains(lib10.filename()).contains(lib11.filename())
                .contains("pypi ← " + upstreamUrl).contains(">cached<").contains(">not cached<")
                .contains("sha256:" + lib11.sha256())
                .contains("href=\"/main/files/acme-lib/" + lib11.filename() + "\"");
        // The install line names the server as the reader reached it.
        assertThat(page.body()).contains("pip install --index-url " + server.baseUrl() + "main/simple/ acme-lib");
        // The link works: it is the group's own file route.
        assertThat(get("/main/files/acme-lib/" + lib10.filename()).statusCode()).isEqualTo(200);

        HttpResponse<String> hosted = get("/-/index/main/acme-app/");
        assertThat(hosted.body()).contains(">internal<").contains(">alice<").contains(">yanked<")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt; &amp; ü")
                .doesNotContain("<script").doesNotContain("<img");
        // Another spelling is sent to the normalized name; a name that is none is a 404 page.
        HttpResponse<String> spelled = get("/-/index/main/Acme_Lib/");
        assertThat(spelled.statusCode()).isEqualTo(301);
        assertThat(spelled.headers().firstValue("Location").orElseThrow()).endsWith("/-/index/main/acme-lib/");
        HttpResponse<String> missing = get("/-/index/main/no-such-project/");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("<h1>Not found</h1>").doesNotContain(data.toString());
    }

    @Test
    void aHostedIndexPageListsWhoUploadedWhatAndWhen() throws Exception {
        HttpResponse<String> page = get("/-/index/internal/");
        assertThat(page.body()).contains("Recent uploads").contains(app.filename()).contains(">alice<")
                .contains("href=\"/-/index/internal/acme-app/\"");
    }

    @Test
    void searchFindsHostedAndCachedProjectsInEveryIndexHavingThem() throws Exception {
        String body = get("/-/search?q=ACME_").body();
        assertThat(body).contains("2 projects match")
                .contains("<a href=\"/-/index/pypi/acme-lib/\">pypi</a>")
                .contains("<a href=\"/-/index/main/acme-lib/\">main</a>")
                .contains("<a href=\"/-/index/internal/acme-app/\">internal</a>");
        assertThat(get("/-/search?q=" + URLEncoder.encode(HOSTILE, StandardCharsets.UTF_8)).body())
                .doesNotContain("<script").contains("&lt;script&gt;");
        assertThat(get("/-/search?q=lib&index=internal").body()).contains("No project matches <q>lib</q> in internal.");
        // A static tree's projects too, and their pages.
        assertThat(get("/-/search?q=tool").body()).contains("1 project matches")
                .contains("<a href=\"/-/index/wheels/tree-tool/\">wheels</a>");
        assertThat(get("/-/index/wheels/tree-tool/").body()).contains(treeTool.filename())
                .contains("<p class=\"notice\" data-status=\"archived\"><strong>Project status: archived. </strong>"
                        + "&lt;b&gt;moved&lt;/b&gt; &amp; gone</p>")
                .contains("href=\"/wheels/files/tree-tool/" + treeTool.filename() + "\"");
    }

    @Test
    void theServerPageShowsTheCacheItsRetentionAndRecentUpstreamErrors() throws Exception {
        upstream.fault("/simple/acme-gone/", TestIndexServer.Fault.STATUS_503);
        assertThat(get("/pypi/simple/acme-gone/", "Accept", PIP).statusCode()).isEqualTo(502);
        String body = get("/-/server").body();
        assertThat(body).contains("<span class=\"badge ok\">up</span>").contains("of 50 MB")
                .contains("at most 50 MB; the newest 3 versions per project; applied every 1 h")
                .contains("Recent upstream errors of pypi").contains("503").contains("acme-gone");
        String health = get("/health").body();
        assertThat(health).contains("\"retention\"").contains("\"max-cache-size-bytes\" : 50000000");
    }

    @Test
    void otherMethodsAndUnknownPathsGetAClearAnswer() throws Exception {
        HttpResponse<String> post = send("POST", "/-/", null, null);
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(get("/-/nothing").statusCode()).isEqualTo(404);
        assertThat(get("/-/index/nothing/").statusCode()).isEqualTo(404);
        HttpResponse<String> css = get("/-/style.css");
        assertThat(css.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        assertThat(get("/-/style.css", "If-None-Match", css.headers().firstValue("ETag").orElseThrow()).statusCode())
                .isEqualTo(304);
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(server.baseUrl().resolve(path.substring(1)))
                .timeout(Duration.ofSeconds(20));
        for (int i = 0; i < headers.length; i += 2) {
            r.header(headers[i], headers[i + 1]);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String path, String user, String password) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(server.baseUrl().resolve(path.substring(1)))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (user != null) {
            r.header("Authorization", basic(user, password));
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> upload(String index, UploadForm form) throws Exception {
        return http.send(HttpRequest.newBuilder(server.baseUrl().resolve(index + "/"))
                .header("Content-Type", form.contentType()).header("Authorization", basic("alice", "alice-pw"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.body())).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
