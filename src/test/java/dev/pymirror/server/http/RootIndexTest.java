package dev.pymirror.server.http;

import static dev.pymirror.testing.ServerGet.BROWSER_ACCEPT;
import static dev.pymirror.testing.ServerGet.JSON;
import static dev.pymirror.testing.ServerGet.PIP_ACCEPT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.server.PymirrorServer;
import dev.pymirror.server.config.GroupConfig;
import dev.pymirror.server.config.HostedConfig;
import dev.pymirror.server.config.IndexConfig;
import dev.pymirror.server.config.MirrorConfig;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.testing.ServerGet;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.Wheel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The root URL as the default index ({@link RootIndex}), through a real HTTP client against the real
 * server: {@code /<project>/} answers as {@code /simple/<project>/}, an installer asking for
 * {@code /} is sent to the project list, and names taken by an index or a route stay theirs. pip
 * itself installs through the root in {@code MirrorServerPipTest}.
 */
class RootIndexTest {

    @TempDir
    Path data;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final Wheel lib = Wheel.of("acme-lib", "1.1").build();
    // Projects named like an index and like a reserved route.
    final Wheel internalProject = Wheel.of("internal", "1.0").build();
    final Wheel metricsProject = Wheel.of("metrics", "1.0").build();
    TestIndexServer upstream;
    PymirrorServer server;

    @BeforeEach
    void start() throws Exception {
        upstream = TestIndexServer.start().add(lib, internalProject, metricsProject);
        Map<String, IndexConfig> indexes = new LinkedHashMap<>();
        indexes.put("pypi", MirrorConfig.defaults("pypi").withUpstream(URI.create(upstream.simpleUrl()))
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10)));
        indexes.put("internal", HostedConfig.defaults("internal"));
        indexes.put("main", GroupConfig.of("main", List.of("internal", "pypi")));
        server = PymirrorServer.start(new ServerConfig("127.0.0.1", 0, data, false, "main", indexes));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        upstream.close();
    }

    HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        return ServerGet.get(http, server.baseUrl(), path, headers);
    }

    @Test
    void aProjectAtTheRootIsTheDefaultIndexsPageWithItsNegotiationEtagAndFiles() throws Exception {
        HttpResponse<byte[]> simple = get("/simple/acme-lib/", "Accept", PIP_ACCEPT);
        HttpResponse<byte[]> atRoot = get("/acme-lib/", "Accept", PIP_ACCEPT);
        assertThat(atRoot.statusCode()).isEqualTo(200);
        assertThat(atRoot.headers().firstValue("Content-Type")).hasValue(JSON);
        assertThat(atRoot.body()).isEqualTo(simple.body());
        String etag = simple.headers().firstValue("ETag").orElseThrow();
        assertThat(atRoot.headers().firstValue("ETag")).hasValue(etag);
        assertThat(get("/acme-lib/", "Accept", PIP_ACCEPT, "If-None-Match", etag).statusCode()).isEqualTo(304);
        assertThat(atRoot.headers().firstValue("X-Pymirror-Index-Member")).hasValue("pypi");

        HttpResponse<byte[]> html = get("/acme-lib/", "Accept", "text/html");
        assertThat(html.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(html.body()).isEqualTo(get("/simple/acme-lib/", "Accept", "text/html").body());

        // The page's relative file URL, resolved against the root's page, is a file route.
        String url = "../../files/acme-lib/" + lib.filename();
        assertThat(new String(atRoot.body())).contains("\"url\":\"" + url + "\"");
        // RFC 3986 drops a ".." above the root, as pip's urljoin and browsers do; Java's URI keeps it.
        URI file = URI.create(server.baseUrl().resolve("acme-lib/").resolve(url).toString().replace("/../", "/"));
        assertThat(file.getPath()).isEqualTo("/files/acme-lib/" + lib.filename());
        HttpResponse<byte[]> bytes = http.send(HttpRequest.newBuilder(file).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(bytes.statusCode()).isEqualTo(200);
        assertThat(bytes.body()).isEqualTo(lib.bytes());
    }

    @Test
    void anIndexsRootIsItsIndexToo() throws Exception {
        HttpResponse<byte[]> simple = get("/pypi/simple/acme-lib/", "Accept", PIP_ACCEPT);
        HttpResponse<byte[]> atIndexRoot = get("/pypi/acme-lib/", "Accept", PIP_ACCEPT);
        // Sent on, not answered in place: the page's ../../files/ links would resolve to the root's
        // /files/, the default index's, from one level up.
        assertThat(atIndexRoot.statusCode()).isEqualTo(301);
        assertThat(atIndexRoot.headers().firstValue("Location").orElseThrow()).endsWith("/pypi/simple/acme-lib/");
        assertThat(simple.statusCode()).isEqualTo(200);
        // The index's own routes keep their names; a project so named is under simple/.
        assertThat(get("/pypi/files/", "Accept", PIP_ACCEPT).statusCode()).isEqualTo(404);
        assertThat(get("/pypi/simple/", "Accept", PIP_ACCEPT).headers().firstValue("Content-Type")).hasValue(JSON);
        // Not an index: no project page either.
        assertThat(get("/nope/acme-lib/", "Accept", PIP_ACCEPT).statusCode()).isEqualTo(404);
    }

    @Test
    void aNonNormalizedOrUnknownProjectAtTheRootIsAnsweredAsUnderSimple() throws Exception {
        HttpResponse<byte[]> moved = get("/Acme_Lib/");
        assertThat(moved.statusCode()).isEqualTo(301);
        assertThat(moved.headers().firstValue("Location").orElseThrow()).endsWith("/simple/acme-lib/");
        HttpResponse<byte[]> missing = get("/no-such-project/");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(new String(missing.body())).contains("no-such-project").doesNotContain("no index");
    }

    @Test
    void anInstallerAskingForTheRootIsSentToTheProjectListAndAPersonGetsThePage() throws Exception {
        HttpResponse<byte[]> pip = get("/", "Accept", PIP_ACCEPT);
        assertThat(pip.statusCode()).isEqualTo(302);
        assertThat(pip.headers().firstValue("Location").orElseThrow()).endsWith("/simple/");
        assertThat(pip.headers().firstValue("Vary")).hasValue("Accept");
        HttpResponse<byte[]> list = get("/simple/", "Accept", PIP_ACCEPT);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(new String(list.body())).contains("acme-lib");

        HttpResponse<byte[]> format = get("/?format=" + JSON);
        assertThat(format.statusCode()).isEqualTo(302);
        assertThat(format.headers().firstValue("Location").orElseThrow()).endsWith("/simple/?format=" + JSON);

        for (String accept : List.of(BROWSER_ACCEPT, "*/*", "text/html")) {
            HttpResponse<byte[]> person = get("/", "Accept", accept);
            assertThat(person.statusCode()).as(accept).isEqualTo(200);
            assertThat(new String(person.body())).as(accept).contains("pymirror");
        }
        assertThat(get("/").statusCode()).isEqualTo(200);
    }

    @Test
    void indexNamesAndReservedRoutesWinAndSuchProjectsStayUnderSimple() throws Exception {
        // The index "internal", in its own spelling: its root, as before.
        HttpResponse<byte[]> index = get("/internal/", "Accept", PIP_ACCEPT);
        assertThat(index.statusCode()).isEqualTo(301);
        assertThat(index.headers().firstValue("Location").orElseThrow()).endsWith("/internal/simple/");
        // Another spelling of it is no project either.
        assertThat(get("/Internal/", "Accept", PIP_ACCEPT).statusCode()).isEqualTo(404);
        // Reserved routes, taken or kept for later.
        for (String reserved : List.of("/metrics/", "/health/", "/files/", "/Files/", "/pypi/")) {
            HttpResponse<byte[]> r = get(reserved, "Accept", PIP_ACCEPT);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).as(reserved).isNotEqualTo(JSON);
        }
        assertThat(get("/metrics/", "Accept", PIP_ACCEPT).statusCode()).isEqualTo(404);
        // The projects of those names, under /simple/.
        for (String project : List.of("internal", "metrics")) {
            HttpResponse<byte[]> page = get("/simple/" + project + "/", "Accept", PIP_ACCEPT);
            assertThat(page.statusCode()).as(project).isEqualTo(200);
            assertThat(new String(page.body())).as(project).contains(project + "-1.0-py3-none-any.whl");
        }
    }
}
