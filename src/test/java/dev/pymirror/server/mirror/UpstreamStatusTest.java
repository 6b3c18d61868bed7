package dev.pymirror.server.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.server.PymirrorServer;
import dev.pymirror.server.config.MirrorConfig;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.testing.KeptFiles;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.Wheel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEP 792 statuses from the upstream, applied to what the mirror serves from its cache. */
class UpstreamStatusTest {

    static final String JSON = "application/vnd.pypi.simple.v1+json";

    @TempDir
    Path tmp;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final Wheel one = Wheel.of("acme-x", "1.0").build();
    final Wheel two = Wheel.of("acme-x", "2.0").build();
    TestIndexServer upstream;
    PymirrorServer server;

    @BeforeEach
    void start() throws Exception {
        upstream = TestIndexServer.start().add(one, two);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        upstream.close();
    }

    void serve(boolean keepDeleted) throws Exception {
        MirrorConfig mirror = MirrorConfig.defaults("pypi").withUpstream(URI.create(upstream.simpleUrl()))
                .withPageTtl(Duration.ZERO)
                // Each request waits for the upstream's answer: under load, the default 250 ms wait
                // would answer the cached page stale and the upstream's change unseen.
                .withBreaker(Duration.ofSeconds(30), MirrorConfig.DEFAULT_PROBE_INTERVAL).withKeepDeleted(keepDeleted);
        server = PymirrorServer.start(new ServerConfig("127.0.0.1", 0, tmp.resolve("data"), false, "pypi",
                Map.of("pypi", mirror)));
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(server.baseUrl().resolve(path.substring(1)));
        for (int i = 0; i < headers.length; i += 2) {
            r.header(headers[i], headers[i + 1]);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The page, fetched until the mirror shows the upstream's latest answer (its revalidation runs on). */
    String pageUntil(String contains) throws Exception {
        String body = "";
        for (int i = 0; i < 50 && !body.contains(contains); i++) {
            body = get("/simple/acme-x/", "Accept", JSON).body();
            if (!body.contains(contains)) {
                Thread.sleep(20);
            }
        }
        return body;
    }

    void cacheBoth() throws Exception {
        assertThat(get("/simple/acme-x/", "Accept", JSON).body()).contains(one.filename()).contains(two.filename());
        assertThat(get("/files/acme-x/" + one.filename()).statusCode()).isEqualTo(200);
        assertThat(get("/files/acme-x/" + two.filename()).statusCode()).isEqualTo(200);
    }

    @Test
    void aQuarantinedProjectListsNoFilesAndItsCachedFilesAreRefusedUntilLifted() throws Exception {
        serve(false);
        cacheBoth();
        upstream.projectStatus("acme-x", "quarantined", "malware reported");

        String page = pageUntil("quarantined");
        assertThat(page).contains("\"status\":\"quarantined\"").contains("malware reported")
                .doesNotContain(one.filename());
        HttpResponse<String> refused = get("/files/acme-x/" + one.filename());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("the upstream has quarantined project 'acme-x' (malware reported)")
                .doesNotContain(tmp.toString()).doesNotContain("Exception");
        assertThat(refused.headers().firstValue("X-Pymirror-Cache")).hasValue("BLOCKED");
        assertThat(get("/files/acme-x/" + one.filename() + ".metadata").statusCode()).isEqualTo(403);
        // Kept on disk.
        assertThat(KeptFiles.await(tmp.resolve("data/pypi/files/acme-x/" + one.filename()))).exists();

        // After a restart too: the page on disk says so.
        server.close();
        serve(false);
        upstream.stop();
        assertThat(get("/files/acme-x/" + two.filename()).statusCode()).isEqualTo(403);
        upstream.restart();

        upstream.projectStatus("acme-x", null, null);
        assertThat(pageUntil(one.filename())).contains(two.filename()).doesNotContain("quarantined");
        assertThat(get("/files/acme-x/" + one.filename()).statusCode()).isEqualTo(200);
    }

    @Test
    void aFileRemovedWithAStatusChangeIsRefusedAndOneRemovedWithoutIsStillServed() throws Exception {
        serve(false);
        cacheBoth();
        // Removed as routine: no status change. Not listed, still served by its URL (lock files keep working).
        upstream.remove(one.filename());
        pageUntil("\"versions\":[\"2.0\"]");
        assertThat(get("/files/acme-x/" + one.filename()).statusCode()).isEqualTo(200);

        // Removed together with a status change: refused, naming the status.
        upstream.add(one);
        pageUntil(one.filename());
        upstream.remove(one.filename()).projectStatus("acme-x", "archived", "superseded by acme-y");
        assertThat(pageUntil("archived")).contains("superseded by acme-y").doesNotContain(one.filename());
        HttpResponse<String> refused = get("/files/acme-x/" + one.filename());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("the upstream removed it when project 'acme-x' became archived"
                + " (superseded by acme-y)");
        assertThat(get("/files/acme-x/" + two.filename()).statusCode()).isEqualTo(200);
        // Listed again: served again.
        upstream.add(one);
        pageUntil(one.filename());
        assertThat(get("/files/acme-x/" + one.filename()).statusCode()).isEqualTo(200);
    }

    @Test
    void keepDeletedServesWhatTheUpstreamRemoved() throws Exception {
        serve(true);
        cacheBoth();
        upstream.projectStatus("acme-x", "quarantined", "malware reported");
        assertThat(pageUntil("quarantined")).doesNotContain(one.filename()); // the page follows the upstream
        assertThat(get("/files/acme-x/" + one.filename()).statusCode()).isEqualTo(200);
        assertThat(Files.exists(tmp.resolve("data/pypi/removed/acme-x.json"))).isTrue();
    }

    @Test
    void archivedAndDeprecatedPassThroughToBothEncodings() throws Exception {
        serve(false);
        upstream.projectStatus("acme-x", "deprecated", "use acme-y");
        assertThat(pageUntil("deprecated")).contains("\"reason\":\"use acme-y\"").contains(one.filename());
        assertThat(get("/simple/acme-x/", "Accept", "text/html").body())
                .contains("<meta name=\"pypi:project-status\" content=\"deprecated\">");
        assertThat(get("/files/acme-x/" + one.filename()).statusCode()).isEqualTo(200);
    }
}
