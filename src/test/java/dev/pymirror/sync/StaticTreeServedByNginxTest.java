package dev.pymirror.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.simple.JsonCodec;
import dev.pymirror.simple.ProjectPage;
import dev.pymirror.sync.download.RetryPolicy;
import dev.pymirror.sync.resolve.InstallTarget;
import dev.pymirror.sync.resolve.SdistPolicy;
import dev.pymirror.testing.LocalPorts;
import dev.pymirror.testing.Nginx;
import dev.pymirror.testing.Pip;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.ToolRun;
import dev.pymirror.testing.Wheel;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tree served by nginx with the configuration docs/static-tree.md gives: JSON to clients that
 * ask for it, HTML to the others, the manifest hidden; pip installs from it over HTTP, and a
 * second sync takes it as its upstream.
 */
@Tag("slow")
class StaticTreeServedByNginxTest {

    static final InstallTarget TARGET = InstallTarget.of("3.11", "manylinux_2_28_x86_64", "cp", List.of());

    @TempDir
    Path dir;

    @Test
    void nginxServesTheTreeAsAnIndexWithJsonForClientsThatAskForIt() throws Exception {
        Path tree = dir.resolve("mirror");
        try (TestIndexServer upstream = TestIndexServer.start()) {
            upstream.add(Wheel.of("app", "1.0").requires("lib>=1", "extra-win; sys_platform == 'win32'").build(),
                    Wheel.of("lib", "1.5").tag("cp311-cp311-manylinux_2_17_x86_64").build(),
                    Wheel.of("lib", "1.5").tag("cp311-cp311-win_amd64").build(),
                    Wheel.of("extra-win", "1.0").build());
            new MirrorSync().sync(request(URI.create(upstream.simpleUrl()), tree), SyncListener.NONE);
        }
        int port = LocalPorts.free();
        Process nginx = startNginx(tree, port);
        try {
            String base = "http://127.0.0.1:" + port + "/simple/";
            HttpClient http = HttpClient.newHttpClient();
            waitUntilUp(http, base);

            HttpResponse<String> json = get(http, base + "app/",
                    "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01");
            HttpResponse<String> html = get(http, base + "app/", "text/html");
            HttpResponse<String> manifest = get(http, base + ".pymirror/manifest.json", "*/*");

            assertThat(json.headers().firstValue("Content-Type")).hasValue("application/vnd.pypi.simple.v1+json");
            assertThat(json.headers().allValues("Vary")).contains("Accept");
            ProjectPage page = JsonCodec.INSTANCE.readProjectPage(json.body(), URI.create(base + "app/"));
            assertThat(page.files()).singleElement().satisfies(f -> {
                assertThat(f.url()).isEqualTo(base + "app/app-1.0-py3-none-any.whl");
                assertThat(f.hasCoreMetadata()).isTrue();
            });
            assertThat(html.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            assertThat(html.body()).contains("<a href=\"app-1.0-py3-none-any.whl#sha256=");
            assertThat(manifest.statusCode()).isEqualTo(403);

            Pip pip = new Pip(Files.createDirectories(dir.resolve("pip-home")));
            ToolRun result = pip.run(List.of("install", "--dry-run", "--ignore-installed", "--target",
                    dir.resolve("t").toString(), "--python-version", "3.11", "--platform", "manylinux_2_28_x86_64",
                    "--platform", "manylinux_2_17_x86_64", "--only-binary=:all:", "--index-url", base,
                    "--disable-pip-version-check", "app"));
            assertThat(result.ok()).as(result.toString()).isTrue();
            assertThat(result.stdout()).contains("Would install app-1.0 lib-1.5");

            Path second = dir.resolve("second");
            SyncReport copy = new MirrorSync().sync(request(URI.create(base), second), SyncListener.NONE);
            assertThat(copy.filesFetched()).isEqualTo(2);
            assertThat(distributions(second)).isEqualTo(distributions(tree));
        } finally {
            nginx.destroy();
            nginx.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static SyncRequest request(URI upstream, Path output) {
        return new SyncRequest(List.of(), List.of(), List.of("app"), List.of(TARGET), upstream, null, output,
                SdistPolicy.NONE, false, 4, false, new RetryPolicy(2, Duration.ofMillis(50), Duration.ofMillis(100)),
                Duration.ofSeconds(10));
    }

    /** nginx in the foreground, one process, everything under {@code dir}, with the documented locations. */
    Process startNginx(Path tree, int port) throws IOException {
        return Nginx.start(dir.resolve("nginx"), port, "access_log off;", """
                location /simple/ {
                    alias %1$s/;
                    index $pypi_page;
                    add_header Vary Accept;
                    types {
                        text/html                               html;
                        application/vnd.pypi.simple.v1+json     json;
                    }
                    default_type application/octet-stream;
                }

                location ~ /\\.pymirror/ {
                    deny all;
                }
                """.formatted(tree));
    }

    static void waitUntilUp(HttpClient http, String url) throws Exception {
        for (int i = 0; i < 100; i++) {
            try {
                http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("nginx did not start");
    }

    static HttpResponse<String> get(HttpClient http, String url, String accept) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", accept).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static List<String> distributions(Path tree) throws IOException {
        try (Stream<Path> all = Files.walk(tree)) {
            return all.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".whl")).sorted().toList();
        }
    }
}
