package dev.pymirror.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.pymirror.server.PymirrorServer;
import dev.pymirror.server.config.MirrorConfig;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.Wheel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

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
    void eachRequestGetsOneLineWithClientRequestStatusSizeTimeCacheAndAgent() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger("org.eclipse.jetty.server.RequestLog");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        Wheel lib = Wheel.of("acme-lib", "1.0").build();
        try (TestIndexServer upstream = TestIndexServer.start().add(lib);
                PymirrorServer server = PymirrorServer.start(new ServerConfig("127.0.0.1", 0, data, false, "pypi",
                        Map.of("pypi", MirrorConfig.defaults("pypi").withUpstream(URI.create(upstream.simpleUrl()))
                                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10)))))) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (String path : List.of("simple/acme-lib/?format=text/html", "simple/acme-lib/", "no-such-index/")) {
                http.send(HttpRequest.newBuilder(server.baseUrl().resolve(path)).header("User-Agent", "pip/24.0 \"test\"")
                        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
            }
            // Jetty logs a request once its response is complete, just after the client has it.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (lines.list.size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } finally {
            logger.detachAppender(lines);
        }
        List<String> messages = lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(messages).hasSize(3);
        assertThat(messages.get(0)).matches(
                "127\\.0\\.0\\.1 \"GET /simple/acme-lib/\\?format=text/html HTTP/1\\.1\" 200 [1-9][0-9]* [0-9]+ms MISS"
                        + " \"pip/24\\.0 \\\\\"test\\\\\"\"");
        assertThat(messages.get(1)).matches("127\\.0\\.0\\.1 \"GET /simple/acme-lib/ HTTP/1\\.1\" 200 [1-9][0-9]* [0-9]+ms HIT .*");
        assertThat(messages.get(2)).matches("127\\.0\\.0\\.1 \"GET /no-such-index/ HTTP/1\\.1\" 404 [1-9][0-9]* [0-9]+ms - .*");
    }
}
