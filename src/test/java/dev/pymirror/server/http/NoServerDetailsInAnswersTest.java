package dev.pymirror.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pymirror.server.PymirrorServer;
import dev.pymirror.server.auth.UserStore;
import dev.pymirror.server.config.Audience;
import dev.pymirror.server.config.GroupConfig;
import dev.pymirror.server.config.HostedConfig;
import dev.pymirror.server.config.IndexConfig;
import dev.pymirror.server.config.MirrorConfig;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.server.config.StaticConfig;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.UploadForm;
import dev.pymirror.testing.Wheel;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What the server tells whoever asks: no answer of any route, good input or bad, shows a path of
 * this machine, a Java exception, or the credentials in a mirror's upstream URL; and lists of
 * indexes (here a group's members in {@code /health}) name none the requester may not read.
 */
class NoServerDetailsInAnswersTest {

    static final String JSON = "application/vnd.pypi.simple.v1+json";
    static final String SECRET = "s3cret-upstream-password";

    @TempDir
    Path tmp;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final Wheel lib = Wheel.of("acme-lib", "1.0").build();
    final Wheel other = Wheel.of("acme-lib", "2.0").build();
    TestIndexServer upstream;
    PymirrorServer server;
    Path data;
    Path tree;
    final List<String> seen = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        upstream = TestIndexServer.start().add(lib, other);
        data = tmp.resolve("data");
        tree = Files.createDirectories(tmp.resolve("tree"));
        Files.createDirectories(tree.resolve("acme-tree"));
        Files.write(tree.resolve("acme-tree").resolve(lib.filename()), lib.bytes());
        Files.writeString(tree.resolve("acme-tree").resolve("index.html"), "<a href=\"" + lib.filename() + "\">x</a>");
        // A page that cannot be read: its index.html is a folder.
        Files.createDirectories(tree.resolve("broken").resolve("index.html"));
        URI withCredentials = URI.create(upstream.simpleUrl().replace("http://", "http://mirror-user:" + SECRET + "@"));
        Map<String, IndexConfig> indexes = new LinkedHashMap<>();
        indexes.put("pypi", MirrorConfig.defaults("pypi").withUpstream(withCredentials).withPageTtl(Duration.ZERO)
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10)));
        // The same upstream given as its server's root: found out, and named in a 502.
        indexes.put("rooted", MirrorConfig.defaults("rooted")
                .withUpstream(withCredentials.resolve("/")).withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10)));
        indexes.put("internal", HostedConfig.defaults("internal"));
        indexes.put("private", HostedConfig.defaults("private").withRead(Audience.USERS));
        indexes.put("wheels", StaticConfig.of("wheels", tree));
        indexes.put("main", GroupConfig.of("main", List.of("internal", "private", "wheels", "pypi")));
        new UserStore(data).add("alice", "alice-password".toCharArray());
        server = PymirrorServer.start(new ServerConfig("127.0.0.1", 0, data, false, "pypi", indexes));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        upstream.close();
    }

    @Test
    void noAnswerShowsAPathAnExceptionOrAnUpstreamPassword() throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger logger = (Logger) LoggerFactory.getLogger("dev.pymirror");
        logger.addAppender(log);
        try {
            askEverything();
        } finally {
            logger.detachAppender(log);
        }
        assertThat(seen).hasSizeGreaterThan(30);
        for (String answer : seen) {
            assertThat(answer).doesNotContain(SECRET).doesNotContain("mirror-user")
                    .doesNotContain(data.toString()).doesNotContain(tree.toString()).doesNotContain(tmp.toString())
                    .doesNotContain("Exception").doesNotContain("at dev.pymirror").doesNotContain("at org.eclipse");
        }
        // The log may name paths (it is the operator's), never the upstream's password.
        assertThat(log.list).isNotEmpty();
        for (ILoggingEvent event : log.list) {
            assertThat(event.getFormattedMessage()).doesNotContain(SECRET);
        }
    }

    void askEverything() throws Exception {
        // While the upstream answers: a page and a file get cached.
        assertThat(get("/pypi/simple/acme-lib/", "Accept", JSON).statusCode()).isEqualTo(200);
        assertThat(get("/rooted/simple/acme-lib/", "Accept", JSON).statusCode()).isEqualTo(502);
        upstream.stop();

        assertThat(get("/pypi/simple/acme-lib/", "Accept", JSON).headers().firstValue("X-Pymirror-Upstream-Error"))
                .isPresent();
        assertThat(get("/pypi/simple/never-cached/").statusCode()).isEqualTo(502);
        assertThat(get("/pypi/files/acme-lib/" + other.filename()).statusCode()).isEqualTo(502);
        assertThat(get("/health").statusCode()).isEqualTo(200);
        get("/");
        get("/nowhere/simple/");
        get("/simple/");
        get("/pypi/files/acme-lib/" + lib.filename() + ".metadata");
        get("/pypi/files/acme-lib/not-listed-1.0-py3-none-any.whl");
        get("/pypi/files/acme-lib/" + "a".repeat(300) + "-1.0-py3-none-any.whl");
        get("/wheels/simple/");
        get("/wheels/simple/acme-tree/");
        assertThat(get("/wheels/simple/broken/").statusCode()).isGreaterThanOrEqualTo(500);
        get("/wheels/files/acme-tree/" + lib.filename(), "Range", "bytes=abc");
        get("/wheels/files/acme-tree/" + lib.filename(), "Range", "bytes=999999-");
        get("/wheels/files/acme-tree/%2e%2e%2f%2e%2e%2fetc%2fpasswd");
        get("/wheels/files/acme-tree/..%2F..%2F..%2Fetc%2Fpasswd");
        get("/main/simple/acme-lib/");
        get("/main/simple/nothing-here/");
        get("/internal/simple/nothing/");
        get("/private/simple/");
        get("/private/simple/", "Authorization", basic("alice", "wrong"));
        get("/simple/acme-lib/", "Accept", "image/png");
        send("DELETE", "/health", HttpRequest.BodyPublishers.noBody());
        send("PUT", "/", HttpRequest.BodyPublishers.ofString("x"));
        send("POST", "/wheels/", HttpRequest.BodyPublishers.ofString("x"));
        send("POST", "/internal/", HttpRequest.BodyPublishers.ofString("x"), "Content-Type", "text/plain",
                "Authorization", basic("alice", "alice-password"));
        UploadForm junk = UploadForm.of("acme_lib-3.0-py3-none-any.whl", "not a zip".getBytes(), "acme-lib", "3.0");
        send("POST", "/internal/", HttpRequest.BodyPublishers.ofByteArray(junk.body()), "Content-Type",
                junk.contentType(), "Authorization", basic("alice", "alice-password"));
        UploadForm broken = UploadForm.of(lib, "acme-lib", "1.0");
        byte[] body = broken.body();
        send("POST", "/internal/", HttpRequest.BodyPublishers.ofByteArray(java.util.Arrays.copyOf(body, body.length / 2)),
                "Content-Type", broken.contentType(), "Authorization", basic("alice", "alice-password"));
        for (String name : List.of("acme_lib-" + "9".repeat(250) + "-py3-none-any.whl", "../../acme_lib-4.0-py3-none-any.whl",
                "acme_lib-4.0-py3-none-any.exe")) {
            UploadForm odd = UploadForm.of(name, lib.bytes(), "acme-lib", "4.0");
            send("POST", "/internal/", HttpRequest.BodyPublishers.ofByteArray(odd.body()), "Content-Type",
                    odd.contentType(), "Authorization", basic("alice", "alice-password"));
        }
        send("DELETE", "/internal/files/acme-lib/nothing-1.0-py3-none-any.whl", HttpRequest.BodyPublishers.noBody(),
                "Authorization", basic("alice", "alice-password"));
        send("POST", "/internal/files/acme-lib/x.whl?action=explode", HttpRequest.BodyPublishers.noBody(),
                "Authorization", basic("alice", "alice-password"));
        // The web UI, which shows upstream failures, members and origins to people.
        get("/", "Accept", "text/html,application/xhtml+xml");
        for (String page : List.of("/-/", "/-/server", "/-/search?q=acme", "/-/index/pypi/",
                "/-/index/pypi/acme-lib/", "/-/index/rooted/", "/-/index/wheels/", "/-/index/wheels/acme-tree/",
                "/-/index/main/", "/-/index/main/acme-lib/", "/-/index/private/", "/-/index/%2e%2e/", "/-/nothing")) {
            get(page);
        }
        assertThat(get("/-/index/pypi/never-cached/").statusCode()).isEqualTo(502);
        assertThat(get("/-/index/rooted/acme-lib/").statusCode()).isEqualTo(502);
        assertThat(get("/-/index/wheels/broken/").statusCode()).isGreaterThanOrEqualTo(500);
        send("POST", "/-/search", HttpRequest.BodyPublishers.ofString("q=x"));
        raw("GET /-/search?q=%zz%&index=%C0 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        raw("GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n");
        raw("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n");
        raw("BREW /pot HTCPCP/1.0\r\n\r\n");
        // After all of the above: the metrics name no closed index, no secret and no path.
        String metrics = new String(get("/metrics").body(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(metrics).contains("pymirror_requests_total{").contains("index=\"restricted\"")
                .doesNotContain("\"private\"").doesNotContain(SECRET);
        send("DELETE", "/metrics", HttpRequest.BodyPublishers.noBody());
    }

    @Test
    void healthNamesNoMemberAStrangerMayNotReadAndNoPath() throws Exception {
        JsonNode anonymous = new ObjectMapper().readTree(get("/health").body()).get("indexes");
        assertThat(anonymous.has("private")).isFalse();
        assertThat(anonymous.get("main").get("members").toString()).doesNotContain("private").contains("internal");
        assertThat(anonymous.get("wheels").toString()).doesNotContain(tree.toString());
        assertThat(anonymous.get("pypi").get("upstream").asText()).doesNotContain(SECRET)
                .isEqualTo(upstream.simpleUrl().replace("http://", "http://***@"));

        JsonNode alice = new ObjectMapper().readTree(get("/health", "Authorization", basic("alice", "alice-password"))
                .body()).get("indexes");
        assertThat(alice.get("main").get("members").toString()).contains("private");

        // The web UI tells the same reader the same.
        String home = new String(get("/-/").body(), StandardCharsets.UTF_8);
        assertThat(home).doesNotContain("private").contains("members: <a href=\"/-/index/internal/\">internal</a>, "
                + "<a href=\"/-/index/wheels/\">wheels</a>, <a href=\"/-/index/pypi/\">pypi</a>");
        assertThat(new String(get("/-/", "Authorization", basic("alice", "alice-password")).body(), StandardCharsets.UTF_8))
                .contains("<a href=\"/-/index/private/\">private</a>");
    }

    HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        return send("GET", path, HttpRequest.BodyPublishers.noBody(), headers);
    }

    HttpResponse<byte[]> send(String method, String path, HttpRequest.BodyPublisher body, String... headers)
            throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(server.baseUrl().resolve(path.substring(1)))
                .timeout(Duration.ofSeconds(30)).method(method, body);
        for (int i = 0; i < headers.length; i += 2) {
            r.header(headers[i], headers[i + 1]);
        }
        HttpResponse<byte[]> response = http.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
        seen.add(method + " " + path + " -> " + response.statusCode() + "\n" + response.headers().map() + "\n"
                + new String(response.body(), StandardCharsets.UTF_8));
        return response;
    }

    /** A request no HTTP client would send, and what comes back. */
    void raw(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            seen.add(request + " -> " + new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
        }
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
