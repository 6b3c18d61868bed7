package dev.pymirror.server.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.server.PymirrorServer;
import dev.pymirror.server.config.MirrorConfig;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.testing.IndexPath;
import dev.pymirror.testing.Installation;
import dev.pymirror.testing.PipInstaller;
import dev.pymirror.testing.TestIndexServer;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real pips against a mirror whose upstream quarantines a project it had cached: nothing of it
 * is installable, not even the cached file by its URL, and it is again once the upstream lifts it.
 */
@Tag("slow")
class UpstreamStatusPipTest {

    @TempDir
    Path tmp;

    final Wheel wheel = Wheel.of("acme-q", "1.0").build();
    TestIndexServer upstream;
    PymirrorServer server;

    @AfterEach
    void stop() throws Exception {
        server.close();
        upstream.close();
    }

    /** Asks for the page until the mirror has the upstream's new answer (a revalidation may end after its wait). */
    void pageShows(String text) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 100; i++) {
            String page = http.send(HttpRequest.newBuilder(server.simpleUrl().resolve("acme-q/"))
                    .header("Accept", "application/vnd.pypi.simple.v1+json").build(), HttpResponse.BodyHandlers.ofString()).body();
            if (page.contains(text)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the mirror's page of acme-q never showed " + text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"debian", "newest"})
    void aQuarantinedProjectIsRefusedWithItsReasonAndServedAgainWhenLifted(String which) throws Exception {
        upstream = TestIndexServer.start().add(wheel);
        MirrorConfig mirror = MirrorConfig.defaults("pypi").withUpstream(URI.create(upstream.simpleUrl()))
                .withPageTtl(Duration.ZERO);
        server = PymirrorServer.start(new ServerConfig("127.0.0.1", 0, tmp.resolve("data"), false, "pypi",
                Map.of("pypi", mirror)));
        PipInstaller pip = which.equals("debian") ? PipInstaller.debian() : PipInstaller.newest(tmp);
        IndexPath path = new IndexPath(IndexPath.Kind.MIRROR, IndexPath.Encoding.NEGOTIATED, server.simpleUrl().toString());
        String fileUrl = server.baseUrl() + "files/acme-q/" + wheel.filename();

        Installation before = pip.install(path, List.of("acme-q"), Files.createDirectories(tmp.resolve("before")));
        assertThat(before.installed()).as(before.run().output()).containsEntry("acme-q", "1.0");

        upstream.projectStatus("acme-q", "quarantined", "malware reported by a security researcher");
        pageShows("quarantined");
        Installation byName = pip.install(path, List.of("acme-q"), Files.createDirectories(tmp.resolve("name")));
        assertThat(byName.run().ok()).isFalse();
        assertThat(byName.run().output()).contains("No matching distribution found for acme-q");
        Installation byUrl = pip.install(path, List.of(fileUrl), Files.createDirectories(tmp.resolve("url")));
        assertThat(byUrl.run().ok()).isFalse();
        assertThat(byUrl.run().output()).contains("403");
        assertThat(byUrl.installed()).isEmpty();
        HttpResponse<String> refusal = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(fileUrl)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refusal.body()).contains("quarantined").contains("malware reported by a security researcher");

        upstream.projectStatus("acme-q", null, null);
        pageShows(wheel.filename());
        Installation after = pip.install(path, List.of("acme-q"), Files.createDirectories(tmp.resolve("after")));
        assertThat(after.installed()).as(after.run().output()).containsEntry("acme-q", "1.0");
    }
}
