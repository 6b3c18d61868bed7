package dev.pymirror.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.testing.LocalPorts;
import dev.pymirror.testing.Nginx;
import dev.pymirror.testing.PymirrorProcess;
import dev.pymirror.testing.TestAuthority;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.Tinyproxy;
import dev.pymirror.testing.Wheel;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build machine that reaches its index only through an HTTP proxy, named in the environment as
 * for pip: the real {@code pymirror sync} process against an upstream on 127.0.0.1, through nginx
 * as the forward proxy (it takes the absolute URL a client sends a proxy and passes the request on).
 */
@Tag("slow")
class UpstreamThroughProxyTest {

    @TempDir
    Path dir;

    TestIndexServer upstream;
    UpstreamCommands commands;
    Process proxy;
    int proxyPort;

    @BeforeEach
    void start() throws Exception {
        upstream = TestIndexServer.start();
        commands = new UpstreamCommands(dir);
        upstream.add(Wheel.of("app", "1.0").requires("lib>=2").build(), Wheel.of("lib", "2.0").build());
        proxyPort = LocalPorts.free();
        proxy = nginx("proxy", proxyPort, "location / { proxy_pass http://$http_host$request_uri; }");
    }

    @AfterEach
    void stop() throws Exception {
        proxy.destroy();
        proxy.waitFor(10, TimeUnit.SECONDS);
        upstream.close();
    }

    @Test
    void syncReachesTheUpstreamThroughTheProxyTheEnvironmentNames() throws Exception {
        PymirrorProcess.Result r = sync(Map.of("http_proxy", "http://127.0.0.1:" + proxyPort), "m");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(dir.resolve("m/lib/lib-2.0-py3-none-any.whl")).isRegularFile();
        String proxied = Files.readString(dir.resolve("proxy/access.log"), StandardCharsets.UTF_8);
        // Loopback too: with no no_proxy, every host goes through the proxy, as for curl and pip.
        assertThat(proxied).contains("GET " + upstream.simpleUrl() + "app/ ", "GET " + upstream.simpleUrl() + "lib/ ")
                .contains("lib-2.0-py3-none-any.whl");
    }

    @Test
    void withTheProxyDownTheUpstreamIsNotReachedUnlessNoProxyNamesIt() throws Exception {
        proxy.destroy();
        proxy.waitFor(10, TimeUnit.SECONDS);

        PymirrorProcess.Result through = sync(Map.of("http_proxy", "http://127.0.0.1:" + proxyPort), "a");
        assertThat(through.exitCode()).as(through.toString()).isEqualTo(1);
        // The failure named where it is: the proxy, not the upstream behind it.
        assertThat(through.stderr()).contains("the proxy 127.0.0.1:" + proxyPort + " (from the environment's or the"
                + " JDK's proxy settings) could not be reached: Connection refused");
        assertThat(upstream.requests()).isEmpty();

        PymirrorProcess.Result direct = sync(Map.of("HTTP_PROXY", "http://127.0.0.1:" + proxyPort,
                "NO_PROXY", "localhost,127.0.0.1"), "b");
        assertThat(direct.exitCode()).as(direct.toString()).isZero();
        assertThat(dir.resolve("b/lib/lib-2.0-py3-none-any.whl")).isRegularFile();
    }

    @Test
    void aProxyThatAsksForCredentialsIsNamedAsTheOneToAsk() throws Exception {
        int port = LocalPorts.free();
        Process asking = nginx("asking", port, "location / { return 407; }");
        try {
            PymirrorProcess.Result r = sync(Map.of("http_proxy", "http://127.0.0.1:" + port), "d");

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.stderr()).contains("the proxy 127.0.0.1:" + port + " asks for credentials (HTTP 407)");
            assertThat(upstream.requests()).isEmpty();
        } finally {
            asking.destroy();
            asking.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aProxyThatAsksForCredentialsGetsThoseItsUrlGivesAndAWrongPasswordIsNamedWithoutIt() throws Exception {
        int port = LocalPorts.free();
        String basic = Base64.getEncoder().encodeToString("builder:s3cr@t".getBytes(StandardCharsets.UTF_8));
        Process asking = nginx("asking", port, """
                location / {
                    if ($http_proxy_authorization != "Basic %s") {
                        add_header Proxy-Authenticate 'Basic realm="builds"' always;
                        return 407;
                    }
                    proxy_set_header Proxy-Authorization "";
                    proxy_pass http://$http_host$request_uri;
                }""".formatted(basic));
        try {
            // The password percent-encoded in the URL, as for curl and pip.
            PymirrorProcess.Result r = sync(Map.of("http_proxy", "http://builder:s3cr%40t@127.0.0.1:" + port), "e");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(dir.resolve("e/lib/lib-2.0-py3-none-any.whl")).isRegularFile();
            String log = Files.readString(dir.resolve("asking/access.log"), StandardCharsets.UTF_8);
            // Asked, then answered with them: the proxy passed the request on.
            assertThat(log).contains("GET " + upstream.simpleUrl() + "app/ HTTP/1.1\" 407",
                    "GET " + upstream.simpleUrl() + "app/ HTTP/1.1\" 200", "lib-2.0-py3-none-any.whl HTTP/1.1\" 200");

            // inject's probe of an index URL goes through the JDK's other client: answered too.
            PymirrorProcess.Result probe = commands.probe(Map.of("http_proxy", "http://builder:s3cr%40t@127.0.0.1:"
                    + port), upstream.url());
            assertThat(probe.exitCode()).as(probe.toString()).isZero();
            assertThat(probe.stderr()).contains(upstream.url() + " answers as a server's root, not as an index");
            assertThat(Files.readString(dir.resolve("asking/access.log"), StandardCharsets.UTF_8))
                    .contains("GET " + upstream.url() + " HTTP/1.1\" 407", "GET " + upstream.simpleUrl() + " HTTP/1.1\" 200");

            int asked = upstream.requests().size();
            PymirrorProcess.Result wrong = sync(Map.of("http_proxy", "http://builder:hunter2@127.0.0.1:" + port), "f");
            assertThat(wrong.exitCode()).as(wrong.toString()).isEqualTo(1);
            assertThat(wrong.stderr()).contains("the proxy 127.0.0.1:" + port + " refused the user and password its"
                    + " URL in the environment gives (HTTP 407)").doesNotContain("hunter2");
            assertThat(upstream.requests()).hasSize(asked);
        } finally {
            asking.destroy();
            asking.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void anHttpsUpstreamIsReachedThroughTheProxysTunnelWithTheCredentialsItsUrlGives() throws Exception {
        // The upstream behind TLS (nginx in front of it, signed by a CA named in SSL_CERT_FILE),
        // and tinyproxy, which tunnels (CONNECT) only for those who give its user and password.
        TestAuthority authority = TestAuthority.create(dir.resolve("tls"));
        int tlsPort = LocalPorts.free();
        Process front = Nginx.startTlsFront(dir.resolve("front"), tlsPort, authority.sign("upstream", "IP:127.0.0.1"),
                URI.create(upstream.url()));
        String https = "https://127.0.0.1:" + tlsPort + "/simple/";
        int port = LocalPorts.free();
        try (Tinyproxy tunnel = Tinyproxy.start(dir.resolve("tunnel"), port, "builder", "tunnel-pw", tlsPort)) {
            String ca = authority.certificate().toString();

            PymirrorProcess.Result r = sync(Map.of("SSL_CERT_FILE", ca,
                    "https_proxy", "http://builder:tunnel-pw@127.0.0.1:" + port),
                    https, "g");
            assertThat(r.exitCode()).as(r + tunnel.log()).isZero();
            assertThat(dir.resolve("g/lib/lib-2.0-py3-none-any.whl")).isRegularFile();
            assertThat(tunnel.log()).contains("CONNECT 127.0.0.1:" + tlsPort);
            int asked = upstream.requests().size();
            assertThat(asked).isPositive();

            PymirrorProcess.Result wrong = sync(Map.of("SSL_CERT_FILE", ca,
                    "https_proxy", "http://builder:hunter2@127.0.0.1:" + port),
                    https, "h");
            assertThat(wrong.exitCode()).as(wrong.toString()).isEqualTo(1);
            // tinyproxy answers a wrong password with 401, and the JDK says so in an exception's text:
            // the proxy's refusal all the same, not the upstream closing the connection.
            assertThat(wrong.stderr()).contains("the proxy 127.0.0.1:" + port + " refused the user and password its"
                    + " URL in the environment gives (it answered \"HTTP/1.0 401 Unauthorized\" to the tunnel's CONNECT)")
                    .doesNotContain("hunter2");

            PymirrorProcess.Result none = sync(Map.of("SSL_CERT_FILE", ca, "https_proxy", "http://127.0.0.1:" + port),
                    https, "i");
            assertThat(none.exitCode()).as(none.toString()).isEqualTo(1);
            assertThat(none.stderr()).contains("the proxy 127.0.0.1:" + port + " asks for credentials (it answered"
                    + " \"HTTP/1.0 407 Proxy Authentication Required\" to the tunnel's CONNECT)");
            assertThat(upstream.requests()).hasSize(asked);
        } finally {
            front.destroy();
            front.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private PymirrorProcess.Result sync(Map<String, String> variables, String upstreamUrl, String output)
            throws Exception {
        return commands.sync(variables, upstreamUrl, output);
    }

    private PymirrorProcess.Result sync(Map<String, String> proxyVariables, String output) throws Exception {
        return commands.sync(proxyVariables, upstream.simpleUrl(), output);
    }

    /** nginx under {@code dir/name} with {@code location}, logging each request it takes, once it listens. */
    private Process nginx(String name, int port, String location) throws Exception {
        return Nginx.startListening(dir.resolve(name), port, "access_log " + dir.resolve(name + "/access.log") + ";",
                location);
    }
}
