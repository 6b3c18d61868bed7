package dev.pymirror.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UpstreamGetTest {

    HttpServer server;
    final List<Integer> clientPorts = new CopyOnWriteArrayList<>();
    final List<String> userAgents = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            userAgents.add(exchange.getRequestHeaders().getFirst("User-Agent"));
            String path = exchange.getRequestURI().getPath();
            switch (path) {
                case "/moved" -> redirect(exchange, 301, "/simple/");
                case "/relative/" -> redirect(exchange, 302, "../simple/");
                case "/loop" -> redirect(exchange, 307, "/loop");
                case "/elsewhere" -> redirect(exchange, 302, "ftp://127.0.0.1/simple/");
                default -> answer(exchange, 200, "page at " + path);
            }
        });
        // Eight answers at once, as a sync's jobs ask.
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void redirect(HttpExchange exchange, int status, String location) throws IOException {
        exchange.getResponseHeaders().add("Location", location);
        answer(exchange, status, "moved");
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    static String read(UpstreamGet get) throws IOException {
        try (InputStream in = get.body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static UpstreamGet get(URI url) throws IOException {
        return UpstreamGet.send(url, Map.of("User-Agent", "pymirror/test"), Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    @Test
    void redirectsAreFollowedAndTheAnswerSaysWhereItCameFrom() throws Exception {
        UpstreamGet moved = get(url("/moved"));
        assertThat(moved.status()).isEqualTo(200);
        assertThat(moved.uri()).isEqualTo(url("/simple/"));
        assertThat(read(moved)).isEqualTo("page at /simple/");

        UpstreamGet relative = get(url("/relative/"));
        assertThat(relative.uri()).isEqualTo(url("/simple/"));
        assertThat(userAgents).containsOnly("pymirror/test");
    }

    @Test
    void aRedirectNowhereUsableOrOneTooManyIsTheAnswer() throws Exception {
        UpstreamGet elsewhere = get(url("/elsewhere"));
        assertThat(elsewhere.status()).isEqualTo(302);
        assertThat(elsewhere.uri()).isEqualTo(url("/elsewhere"));
        elsewhere.discard();

        clientPorts.clear();
        UpstreamGet loop = get(url("/loop"));
        assertThat(loop.status()).isEqualTo(307);
        assertThat(clientPorts).hasSize(UpstreamGet.MOST_REDIRECTS + 1);
        loop.discard();
    }

    @Test
    void aConnectionIsKeptAndReusedOnceItsBodyIsRead() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(read(get(url("/simple/acme/")))).isEqualTo("page at /simple/acme/");
        }
        assertThat(clientPorts).hasSize(3);
        assertThat(clientPorts.stream().distinct()).as("one connection").hasSize(1);
        assertThat(System.getProperty("http.maxConnections")).isEqualTo("64");
    }

    @Test
    void eightCallersAtOnceKeepTheirEightConnections() throws Exception {
        // The JDK keeps five idle connections per server unless told otherwise: a sync's eight jobs
        // would connect anew for three of every eight requests.
        for (int round = 0; round < 5; round++) {
            List<Thread> callers = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                callers.add(Thread.ofPlatform().start(() -> {
                    try {
                        read(get(url("/simple/acme/")));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }));
            }
            for (Thread t : callers) {
                t.join();
            }
        }
        assertThat(clientPorts).hasSize(40);
        assertThat(clientPorts.stream().distinct().count()).as("connections").isLessThanOrEqualTo(16);
    }

    @Test
    void onlyHttpAndHttpsAreAsked() {
        assertThatThrownBy(() -> get(URI.create("file:///etc/passwd"))).isInstanceOf(MalformedURLException.class)
                .hasMessageContaining("only http and https");
    }
}
