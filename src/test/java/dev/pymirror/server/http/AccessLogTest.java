package dev.pymirror.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pymirror.logging.LogFormat;
import dev.pymirror.server.PymirrorServer;
import dev.pymirror.server.config.MirrorConfig;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.Wheel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.time.Instant;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessLogTest {

    @TempDir
    Path data;

    static String quoted(String text) {
        StringBuilder line = new StringBuilder();
        AccessLog.quoted(line, text);
        return line.toString();
    }

    @Test
    void plainTextIsWrittenAsItIs() {
        String pip = "pip/24.0 {\"ci\":null,\"cpu\":\"x86_64\"}".replace("\"", "'");
        assertThat(quoted(pip)).isEqualTo(pip);
        assertThat(quoted("")).isEmpty();
        assertThat(quoted(null)).isEqualTo("-");
    }

    @Test
    void nothingAClientSendsCanEndTheFieldOrTheLine() {
        assertThat(quoted("pip/24.0 {\"ci\":null}")).isEqualTo("pip/24.0 {\\\"ci\\\":null}");
        assertThat(quoted("a\\b")).isEqualTo("a\\\\b");
        assertThat(quoted("evil\r\n127.0.0.1 \"GET / HTTP/1.1\" 200")).isEqualTo(
                "evil\\x0d\\x0a127.0.0.1 \\\"GET / HTTP/1.1\\\" 200");
        assertThat(quoted("tab\there\u007f")).isEqualTo("tab\\x09here\\x7f");
        assertThat(quoted("caf\u00e9 \u20ac")).isEqualTo("caf\\xe9 \\u20ac");
    }

    @Test
    void eachRequestGetsOneLineWithTimeClientRequestStatusSizeDurationCacheAndAgent() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        Wheel lib = Wheel.of("acme-lib", "1.0").build();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try (TestIndexServer upstream = TestIndexServer.start().add(lib);
                PymirrorServer server = PymirrorServer.start(new ServerConfig("127.0.0.1", 0, data, false, "pypi",
                        Map.of("pypi", MirrorConfig.defaults("pypi").withUpstream(URI.create(upstream.simpleUrl()))
                                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10)))))) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (String path : List.of("simple/acme-lib/?format=text/html", "simple/acme-lib/", "no-such-index/")) {
                http.send(HttpRequest.newBuilder(server.baseUrl().resolve(path)).header("User-Agent", "pip/24.0 \"test\"")
                        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
            }
            // Lines are written in batches: they show within a fraction of a second.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (accessLines(err).size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } finally {
            System.setErr(original);
        }
        List<String> lines = accessLines(err);
        assertThat(lines).hasSize(3);
        String stamp = "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} INFO  RequestLog: ";
        assertThat(lines.get(0)).matches(stamp
                + "127\\.0\\.0\\.1 \"GET /simple/acme-lib/\\?format=text/html HTTP/1\\.1\" 200 [1-9][0-9]* [0-9]+ms MISS"
                + " \"pip/24\\.0 \\\\\"test\\\\\"\"");
        assertThat(lines.get(1)).matches(stamp + "127\\.0\\.0\\.1 \"GET /simple/acme-lib/ HTTP/1\\.1\" 200 [1-9][0-9]* [0-9]+ms HIT .*");
        assertThat(lines.get(2)).matches(stamp + "127\\.0\\.0\\.1 \"GET /no-such-index/ HTTP/1\\.1\" 404 [1-9][0-9]* [0-9]+ms - .*");
    }

    private static List<String> accessLines(ByteArrayOutputStream err) {
        return err.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(" RequestLog: ")).toList();
    }

    @Test
    void whatIsPendingIsWrittenOnStop() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AccessLog log = new AccessLog(out);
        log.start();
        log.append("first", 0);
        log.append("second", 1_999);
        log.stop();
        String zone0 = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                .withZone(java.time.ZoneId.systemDefault()).format(java.time.Instant.EPOCH);
        String zone1 = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                .withZone(java.time.ZoneId.systemDefault()).format(java.time.Instant.ofEpochSecond(1));
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                zone0 + ".000 INFO  RequestLog: first\n" + zone1 + ".999 INFO  RequestLog: second\n");
    }

    @Test
    void anOutputThatDoesNotMoveCostsLinesNotServing() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        OutputStream stuck = new OutputStream() {
            @Override
            public void write(int b) {
                written.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                writing.countDown();
                // Like a write to a pipe: stop() interrupting the writer does not end it.
                boolean interrupted = false;
                while (release.getCount() > 0) {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                written.write(b, off, len);
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        AccessLog log = new AccessLog(stuck);
        log.start();
        log.append("first", 0);
        assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue(); // the writer is stuck in write()
        String kilobyte = "x".repeat(1000);
        int appended = AccessLog.MAX_PENDING_CHARS / 1000 + 100; // more than the pending limit holds
        for (int i = 0; i < appended; i++) {
            log.append(kilobyte, 0); // returns at once, stuck output or not
        }
        release.countDown();
        log.stop();

        List<String> lines = written.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.getFirst()).endsWith("RequestLog: first");
        long kept = lines.stream().filter(l -> l.endsWith(kilobyte)).count();
        assertThat(kept * 1000).isLessThanOrEqualTo(AccessLog.MAX_PENDING_CHARS + 2000L);
        assertThat(lines.getLast()).isEqualTo("access log: " + (appended - kept)
                + " lines left out: the log output was not being read");
        assertThat(appended - kept).isGreaterThanOrEqualTo(100);
    }

    /** A Jetty server with the JSON access log, answering every request as the router would an index's. */
    static Server jsonServer(ByteArrayOutputStream out) throws Exception {
        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        jetty.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                request.setAttribute(AccessLog.INDEX_ATTRIBUTE, "pypi");
                response.getHeaders().put(IndexRoutes.CACHE_HEADER, "HIT");
                Content.Sink.write(response, true, "hello", callback);
                return true;
            }
        });
        jetty.setRequestLog(new AccessLog(out, LogFormat.JSON));
        jetty.start();
        return jetty;
    }

    /** Sends {@code head} (request line and headers, as bytes of UTF-8) and reads the answer to its end. */
    static String rawRequest(Server jetty, String head) throws IOException {
        int port = ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write((head + "Host: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void aJsonLineHasEveryFieldAndAHostileAgentOrPathStaysOneValidLine() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Server jetty = jsonServer(out);
        String agent = "pip/24.0 {\"ci\":null,\"x\":\"a\\\\b\"} \\ caf\u00e9 \u20ac\t}";
        try {
            assertThat(rawRequest(jetty, "GET /simple/acme-lib/?q=%22x HTTP/1.1\r\nUser-Agent: " + agent + "\r\n"))
                    .startsWith("HTTP/1.1 200");
            rawRequest(jetty, "GET /simple/\"quoted\"\\back/caf\u00e9 HTTP/1.1\r\n");
            rawRequest(jetty, "GET /nul\u0000/ HTTP/1.1\r\nUser-Agent: a\u0000b\r\n");
        } finally {
            jetty.stop(); // writes what is pending
        }

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(3);
        ObjectMapper mapper = new ObjectMapper();
        for (String line : lines) {
            JsonNode json = mapper.readTree(line); // each line on its own is one JSON object
            assertThat(json.isObject()).as(line).isTrue();
            assertThat(json.get("time").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
            assertThat(Instant.parse(json.get("time").asText())).isNotNull();
            assertThat(json.get("level").asText()).isEqualTo("INFO");
            assertThat(json.get("logger").asText()).isEqualTo("org.eclipse.jetty.server.RequestLog");
            assertThat(json.get("client").asText()).isEqualTo("127.0.0.1");
        }
        // A line is written when its request completes, which can be after the next request's:
        // each is found by what it says, not by its place.
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : lines) {
            parsed.add(mapper.readTree(line));
        }
        JsonNode first = parsed.stream().filter(j -> j.get("path").asText().startsWith("/simple/acme-lib/"))
                .findFirst().orElseThrow();
        assertThat(first.get("message").asText()).isEqualTo("GET /simple/acme-lib/?q=%22x 200");
        assertThat(first.get("method").asText()).isEqualTo("GET");
        assertThat(first.get("path").asText()).isEqualTo("/simple/acme-lib/?q=%22x");
        assertThat(first.get("protocol").asText()).isEqualTo("HTTP/1.1");
        assertThat(first.get("status").asInt()).isEqualTo(200);
        assertThat(first.get("bytes").asLong()).isEqualTo(5);
        assertThat(first.get("duration_ms").isIntegralNumber()).isTrue();
        assertThat(first.get("cache").asText()).isEqualTo("HIT");
        assertThat(first.get("index").asText()).isEqualTo("pypi");
        // Jetty reads header bytes as ISO-8859-1 or UTF-8; whichever, the line gives back what it read.
        assertThat(first.get("user_agent").asText()).startsWith("pip/24.0 {\"ci\":null,\"x\":\"a\\\\b\"} \\ caf")
                .endsWith("\t}");
        // Requests Jetty refuses are still one valid line each, whatever of them could be read.
        assertThat(parsed).anySatisfy(j -> assertThat(j.get("path").asText()).isEqualTo("/simple/\"quoted\"\\back/caf\u00e9"));
        assertThat(parsed).anySatisfy(j -> assertThat(j.get("status").asInt()).isEqualTo(400));
    }
}
