package dev.pymirror.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pymirror.testing.TestIndexServer.Fault;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fault-injecting index must misbehave exactly as its faults say, or the fault tests prove nothing. */
class TestIndexServerTest {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Wheel wheel = Wheel.of("acme", "1.0").payload(10_000, 3).build();
    private TestIndexServer server;
    private String file;

    @BeforeEach
    void start() throws IOException {
        server = TestIndexServer.start().add(wheel);
        file = "/files/" + wheel.filename();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private HttpResponse<byte[]> get(String path, String accept) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(server.url() + path.substring(1)))
                .timeout(Duration.ofSeconds(2));
        if (accept != null) {
            r.header("Accept", accept);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void servesPagesInBothEncodingsWithEtagsAndFiles() throws Exception {
        HttpResponse<byte[]> html = get("/simple/acme/", null);
        assertThat(new String(html.body())).contains(wheel.filename() + "#sha256=" + wheel.sha256());
        HttpResponse<byte[]> json = get("/simple/acme/", "application/vnd.pypi.simple.v1+json");
        assertThat(json.headers().firstValue("Content-Type")).hasValue("application/vnd.pypi.simple.v1+json");
        String etag = json.headers().firstValue("ETag").orElseThrow();
        HttpRequest conditional = HttpRequest.newBuilder(URI.create(server.url() + "simple/acme/"))
                .header("Accept", "application/vnd.pypi.simple.v1+json").header("If-None-Match", etag).build();
        assertThat(http.send(conditional, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(304);
        assertThat(get(file, null).body()).isEqualTo(wheel.bytes());
        assertThat(get(file + ".metadata", null).body()).isEqualTo(wheel.metadata());
        assertThat(get("/simple/nope/", null).statusCode()).isEqualTo(404);
        assertThat(server.hits("/simple/acme/")).isEqualTo(3);
    }

    @Test
    void faultsMisbehaveAsNamed() throws Exception {
        server.fault(file, Fault.WRONG_BYTES);
        assertThat(get(file, null).body()).hasSameSizeAs(wheel.bytes()).isNotEqualTo(wheel.bytes());

        server.fault(file, Fault.STATUS_500);
        assertThat(get(file, null).statusCode()).isEqualTo(500);

        server.fault(file, Fault.TRUNCATE);
        assertThatThrownBy(() -> get(file, null)).isInstanceOf(IOException.class);

        server.fault(file, Fault.RESET_MID_BODY);
        assertThatThrownBy(() -> get(file, null)).isInstanceOf(IOException.class);

        server.fault(file, Fault.CLOSE);
        assertThatThrownBy(() -> get(file, null)).isInstanceOf(IOException.class);

        server.fault("/simple/", Fault.MALFORMED_PAGE);
        assertThat(new String(get("/simple/acme/", null).body())).isEqualTo("{\"oops\": [");

        server.fault(file, Fault.SLOW).slowness(Duration.ofSeconds(5));
        assertThatThrownBy(() -> get(file, null)).isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void stoppedMeansRefusedAndRestartServesAgain() throws Exception {
        server.stop();
        assertThatThrownBy(() -> get(file, null)).isInstanceOf(ConnectException.class);
        server.restart();
        assertThat(get(file, null).statusCode()).isEqualTo(200);
    }
}
