package dev.pymirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pymirror.testing.PymirrorProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pymirror serve} as a process: what its environment switches change in what it writes. */
@Tag("slow")
class ServeProcessTest {

    private static final Pattern SERVING = Pattern.compile("pymirror serving (http://\\S+/simple/)");

    @TempDir
    Path tmp;

    /** Starts a server, asks it for its front page, stops it, and returns what it wrote to standard error. */
    private String serveOneRequest(Map<String, String> extraEnvironment) throws Exception {
        Map<String, String> environment = new HashMap<>(Map.of("PATH", System.getenv("PATH"), "HOME", tmp.toString()));
        environment.putAll(extraEnvironment);
        PymirrorProcess server = PymirrorProcess.start(tmp.resolve("run" + extraEnvironment.size()), environment,
                PymirrorProcess.command("serve", "--port", "0", "--offline", "--data", tmp.resolve("data").toString()));
        try {
            URI simple = null;
            for (int i = 0; i < 300 && simple == null; i++) {
                Matcher m = SERVING.matcher(server.stdoutSoFar());
                if (m.find()) {
                    simple = URI.create(m.group(1));
                } else {
                    Thread.sleep(100);
                }
            }
            assertThat(simple).as("the server said where it listens; stderr:\n" + server.stderrSoFar()).isNotNull();
            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<String> front = http.send(HttpRequest.newBuilder(simple.resolve("/")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(front.statusCode()).isEqualTo(200);
            }
        } finally {
            server.process().destroy(); // SIGTERM: the access log writes what it gathered before exit
            server.process().waitFor(30, TimeUnit.SECONDS);
        }
        return server.stderrSoFar();
    }

    @Test
    void theAccessLogIsOnUnlessTheEnvironmentSwitchesItOff() throws Exception {
        String logged = serveOneRequest(Map.of());
        String quiet = serveOneRequest(Map.of("PYMIRROR_ACCESS_LOG", "OFF"));

        assertThat(logged).contains("RequestLog: ").contains("\"GET / HTTP/1.1\" 200");
        assertThat(quiet).doesNotContain("RequestLog: ").contains("PymirrorServer: serving");
    }

    @Test
    void withTheJsonFormatEveryLineIsOneJsonObject() throws Exception {
        String logged = serveOneRequest(Map.of("PYMIRROR_LOG_FORMAT", "json"));

        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : logged.lines().toList()) {
            lines.add(mapper.readTree(line));
        }
        assertThat(lines).anySatisfy(l -> {
            assertThat(l.get("logger").asText()).isEqualTo("dev.pymirror.server.PymirrorServer");
            assertThat(l.get("message").asText()).startsWith("serving ");
            assertThat(l.get("time").asText()).endsWith("Z");
        });
        assertThat(lines).anySatisfy(l -> {
            assertThat(l.get("logger").asText()).isEqualTo("org.eclipse.jetty.server.RequestLog");
            assertThat(l.get("path").asText()).isEqualTo("/");
            assertThat(l.get("status").asInt()).isEqualTo(200);
        });
    }

    @Test
    void anUnknownLogFormatIsSaidInOneLineAndTextIsWritten() throws Exception {
        String logged = serveOneRequest(Map.of("PYMIRROR_LOG_FORMAT", "xml"));

        assertThat(logged).contains("pymirror serve: PYMIRROR_LOG_FORMAT=xml is neither 'text' nor 'json'; writing text")
                .contains("RequestLog: ").doesNotContain("|-INFO in ch.qos.logback");
    }
}
