package dev.pymirror.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pymirror.server.auth.UserStore;
import dev.pymirror.testing.BrowserScript;
import dev.pymirror.testing.PymirrorProcess;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.ToolRun;
import dev.pymirror.testing.Twine;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web UI in a real browser: the built pymirror serving a mirror (of a test index on
 * 127.0.0.1), a hosted index that the real twine uploads to, and a group of both; headless
 * Chromium, driven by {@code src/test/browser/visit.mjs} with page script switched off, follows
 * links, searches with the form, reads a hostile yank reason and query, and looks at every page on
 * a phone's screen. Its screenshots stay in {@code target/browser-screenshots}.
 */
@Tag("slow")
class WebUiBrowserTest {

    private static final Pattern SERVING = Pattern.compile("pymirror serving (http://\\S+/)simple/");
    static final String HOSTILE = "<script>alert('yank')</script><img src=x onerror=alert(3)> & ü";

    @TempDir
    Path tmp;

    final Wheel lib10 = Wheel.of("acme-lib", "1.0").build();
    final Wheel lib11 = Wheel.of("acme-lib", "1.1").payload(30_000, 7).build();
    final Wheel app = Wheel.of("acme-app", "1.0").requires("acme-lib").build();

    @Test
    void aPersonBrowsesIndexesProjectsSearchAndTheServerPageOnADesktopAndAPhone() throws Exception {
        Path data = tmp.resolve("data");
        new UserStore(data).add("alice", "alice-pw".toCharArray());
        try (TestIndexServer upstream = TestIndexServer.start().add(lib10, lib11)) {
            Path config = Files.writeString(tmp.resolve("pymirror.toml"), """
                    host = "127.0.0.1"
                    port = 0
                    data = "%s"
                    default-index = "main"

                    [index.pypi]
                    upstream = "%s"
                    max-cache-size = "50MB"
                    keep-versions = 3

                    [index.internal]
                    kind = "hosted"

                    [index.main]
                    kind = "group"
                    members = ["internal", "pypi"]
                    """.formatted(data, upstream.simpleUrl()));
            PymirrorProcess server = PymirrorProcess.start(tmp.resolve("run"),
                    Map.of("PATH", "/usr/bin:/bin", "HOME", tmp.toString()),
                    PymirrorProcess.command("serve", "--config", config.toString()));
            try {
                String base = baseUrl(server);
                Path dist = Files.createDirectories(tmp.resolve("dist"));
                ToolRun up = new Twine(Files.createDirectories(tmp.resolve("twine"))).upload(base + "internal/", "alice",
                        "alice-pw", Files.write(dist.resolve(app.filename()), app.bytes()));
                assertThat(up.ok()).as(up.toString()).isTrue();
                try (HttpClient http = HttpClient.newHttpClient()) {
                    HttpResponse<String> yank = http.send(HttpRequest.newBuilder(URI.create(base + "internal/files/acme-app/"
                            + app.filename() + "?action=yank&reason=" + URLEncoder.encode(HOSTILE, StandardCharsets.UTF_8)))
                            .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("alice:alice-pw".getBytes()))
                            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(yank.statusCode()).as(yank.body()).isEqualTo(200);
                    // One of acme-lib's files is cached through the group, the other is not.
                    assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "main/files/acme-lib/" + lib11.filename()))
                            .build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
                    // An upstream error for the server page.
                    upstream.fault("/simple/acme-gone/", TestIndexServer.Fault.STATUS_503);
                    assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "pypi/simple/acme-gone/")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(502);
                }

                Path shots = Path.of("target", "browser-screenshots").toAbsolutePath();
                ToolRun run = BrowserScript.run("visit.mjs", Files.createDirectories(tmp.resolve("node-home")),
                        Duration.ofMinutes(3), base, shots.toString());
                List<JsonNode> steps = BrowserScript.steps(run);
                assertThat(steps).as(run.toString()).extracting(s -> s.path("step").asText()).contains("done")
                        .doesNotContain("failed");
                check(steps, upstream.simpleUrl());
                for (String shot : List.of("home", "project", "search", "hostile", "server", "phone-home",
                        "phone-project", "phone-server")) {
                    assertThat(shots.resolve(shot + ".png")).isNotEmptyFile();
                }
            } finally {
                server.process().destroy();
                server.process().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private void check(List<JsonNode> steps, String upstreamUrl) {
        JsonNode home = step(steps, "home");
        assertThat(home.path("status").asInt()).isEqualTo(200);
        assertThat(home.path("h1").asText()).isEqualTo("Indexes");
        assertThat(home.path("title").asText()).isEqualTo("Indexes · pymirror");
        assertThat(texts(home.path("indexes"), "Index")).containsExactly("pypi", "internal", "main default");
        assertThat(texts(home.path("indexes"), "Source")).containsExactly(upstreamUrl, "uploads · 1 project",
                "members: internal, pypi");
        assertThat(texts(home.path("indexes"), "Health")).containsExactly("up", "ok", "ok");

        JsonNode index = step(steps, "index");
        assertThat(index.path("url").asText()).isEqualTo("/-/index/main/");
        assertThat(texts(index.path("projects"))).containsExactly("acme-app", "acme-lib");

        JsonNode project = step(steps, "project");
        assertThat(project.path("url").asText()).isEqualTo("/-/index/main/acme-lib/");
        JsonNode files = project.path("files");
        assertThat(texts(files, "File")).containsExactly(lib11.filename(), lib10.filename());
        assertThat(texts(files, "Version")).containsExactly("1.1", "1.0");
        assertThat(texts(files, "From")).containsOnly("pypi ← " + upstreamUrl);
        assertThat(texts(files, "Cached")).containsExactly("cached", "not cached");
        assertThat(texts(files, "Hashes")).containsExactly("sha256:" + lib11.sha256(), "sha256:" + lib10.sha256());
        assertThat(texts(files, "Status")).containsOnly("available");
        assertThat(project.path("fileLink").asText()).isEqualTo("/main/files/acme-lib/" + lib11.filename());
        assertThat(project.path("fileStatus").asInt()).isEqualTo(200);
        assertThat(project.path("fileBytes").asInt()).isEqualTo(lib11.bytes().length);

        JsonNode search = step(steps, "search");
        assertThat(search.path("summary").asText()).isEqualTo("2 projects match ACME.");
        assertThat(texts(search.path("hits"), "Project")).containsExactly("acme-app", "acme-lib");
        assertThat(texts(search.path("hits"), "Indexes")).containsExactly("internal, main", "pypi, main");

        JsonNode hostile = step(steps, "hostile-reason");
        JsonNode appFile = hostile.path("files").get(0);
        assertThat(appFile.path("Status").asText()).isEqualTo("yanked " + HOSTILE);
        assertThat(appFile.path("From").asText()).isEqualTo("internal");
        assertThat(appFile.path("Uploaded by").asText()).isEqualTo("alice");
        noScript(hostile);
        assertThat(hostile.path("scriptEnabled").asBoolean()).isTrue(); // markup that ran would have shown
        JsonNode query = step(steps, "hostile-query");
        assertThat(query.path("field").asText()).isEqualTo("<img src=x onerror=alert(1)><script>alert(2)</script>");
        assertThat(query.path("summary").asText()).startsWith("No project matches <img src=x onerror=alert(1)><script>alert(2)</script>");
        noScript(query);

        JsonNode uploads = step(steps, "uploads");
        assertThat(texts(uploads.path("uploads"), "File")).containsExactly(app.filename() + " yanked");
        assertThat(texts(uploads.path("uploads"), "Uploaded by")).containsExactly("alice");

        JsonNode server = step(steps, "server");
        assertThat(server.path("url").asText()).isEqualTo("/-/server");
        assertThat(server.path("facts").asText()).contains("of 50 MB").contains("the newest 3 versions per project");
        assertThat(texts(server.path("errors"), "What")).isNotEmpty().allMatch(e -> e.contains("503"));

        List<JsonNode> phone = steps.stream().filter(s -> s.path("step").asText().equals("phone")).toList();
        assertThat(phone).hasSize(5);
        for (JsonNode p : phone) {
            assertThat(p.path("innerWidth").asInt()).as(p.toString()).isEqualTo(390);
            assertThat(p.path("scrollWidth").asInt()).as(p.toString()).isLessThanOrEqualTo(390);
            if (!p.path("tableDisplay").isNull()) {
                assertThat(p.path("tableDisplay").asText()).as(p.toString()).isEqualTo("block"); // rows become cards
            }
        }
        JsonNode done = step(steps, "done");
        assertThat(done.path("dialogs")).isEmpty();
        assertThat(done.path("errors")).isEmpty();
    }

    private static void noScript(JsonNode step) {
        assertThat(step.path("scripts").asInt()).as(step.toString()).isZero();
        assertThat(step.path("images").asInt()).as(step.toString()).isZero();
        assertThat(step.path("dialogs").asInt()).as(step.toString()).isZero();
    }

    private static JsonNode step(List<JsonNode> steps, String name) {
        return steps.stream().filter(s -> s.path("step").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no step '" + name + "' in " + steps));
    }

    private static List<String> texts(JsonNode rows, String column) {
        List<String> out = new ArrayList<>();
        rows.forEach(r -> out.add(r.path(column).asText().replaceAll("\\s+", " ")));
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static String baseUrl(PymirrorProcess server) throws Exception {
        for (int i = 0; i < 300; i++) {
            Matcher m = SERVING.matcher(server.stdoutSoFar());
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the server did not say where it listens; stderr:\n" + server.stderrSoFar());
    }
}
