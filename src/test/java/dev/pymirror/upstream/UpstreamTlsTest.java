package dev.pymirror.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.testing.LocalPorts;
import dev.pymirror.testing.Nginx;
import dev.pymirror.testing.PymirrorProcess;
import dev.pymirror.testing.TestAuthority;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.Wheel;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@code https://} upstream signed by a private authority, as an internal index or a
 * TLS-inspecting proxy is: the real {@code pymirror} process against nginx serving TLS in front of
 * an index on 127.0.0.1, with certificates the real openssl made.
 */
@Tag("slow")
class UpstreamTlsTest {

    @TempDir
    Path dir;

    TestIndexServer upstream;
    TestAuthority authority;
    UpstreamCommands commands;
    Process front;
    int tlsPort;

    @BeforeEach
    void start() throws Exception {
        upstream = TestIndexServer.start();
        commands = new UpstreamCommands(dir);
        upstream.add(Wheel.of("app", "1.0").requires("lib>=2").build(), Wheel.of("lib", "2.0").build());
        authority = TestAuthority.create(dir.resolve("ca"));
        tlsPort = LocalPorts.free();
        front = Nginx.startTlsFront(dir.resolve("front"), tlsPort, authority.sign("upstream", "IP:127.0.0.1"),
                URI.create(upstream.url()));
    }

    @AfterEach
    void stop() throws Exception {
        front.destroy();
        front.waitFor(10, TimeUnit.SECONDS);
        upstream.close();
    }

    @Test
    void anUpstreamSignedByAPrivateAuthorityIsRefusedWithWhatToDoThenTrustedThroughSslCertFile() throws Exception {
        String https = "https://127.0.0.1:" + tlsPort + "/simple/";
        PymirrorProcess.Result refused = sync(Map.of(), https, "a");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.stderr()).contains("the upstream's TLS certificate is signed by no authority pymirror trusts")
                .contains("SSL_CERT_FILE").doesNotContain("sun.security").doesNotContain("PKIX");
        assertThat(upstream.requests()).isEmpty();

        PymirrorProcess.Result trusted = sync(Map.of("SSL_CERT_FILE", authority.certificate().toString()), https, "b");
        assertThat(trusted.exitCode()).as(trusted.toString()).isZero();
        assertThat(dir.resolve("b/lib/lib-2.0-py3-none-any.whl")).isRegularFile();

        // The JDK's other client (inject's probe of an index URL) trusts the same: it reaches the
        // server's root and warns that it is no index; without the authority it reaches nothing.
        String serverRoot = "https://127.0.0.1:" + tlsPort + "/";
        PymirrorProcess.Result probed = commands.probe(Map.of("SSL_CERT_FILE", authority.certificate().toString()),
                serverRoot);
        assertThat(probed.exitCode()).as(probed.toString()).isZero();
        assertThat(probed.stderr()).contains(serverRoot + " answers as a server's root, not as an index");
        PymirrorProcess.Result unprobed = commands.probe(Map.of(), serverRoot);
        assertThat(unprobed.exitCode()).as(unprobed.toString()).isZero();
        assertThat(unprobed.stderr()).doesNotContain("answers as a server's root");
    }

    @Test
    void aCertificateForAnotherHostIsRefusedAsSuchEvenFromATrustedAuthority() throws Exception {
        int port = LocalPorts.free();
        Process elsewhere = Nginx.startTlsFront(dir.resolve("elsewhere"), port,
                authority.sign("elsewhere", "DNS:index.example"), URI.create(upstream.url()));
        try {
            PymirrorProcess.Result r = sync(Map.of("SSL_CERT_FILE", authority.certificate().toString()),
                    "https://127.0.0.1:" + port + "/simple/", "c");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.stderr()).contains("the upstream's TLS certificate is not for the host it was reached at: "
                    + "No subject alternative names matching IP address 127.0.0.1 found");
            assertThat(upstream.requests()).isEmpty();
        } finally {
            elsewhere.destroy();
            elsewhere.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void anSslCertFileThatCannotServeIsSaidAtStartOrAtTheHandshake() throws Exception {
        String https = "https://127.0.0.1:" + tlsPort + "/simple/";
        Path missing = dir.resolve("no-such.pem");
        PymirrorProcess.Result absent = sync(Map.of("SSL_CERT_FILE", missing.toString()), https, "d");
        assertThat(absent.exitCode()).isEqualTo(2);
        assertThat(absent.stderr()).isEqualTo("pymirror: SSL_CERT_FILE names " + missing + ", which is not a readable file\n");

        // https:// to a port where nginx speaks plain HTTP: it answers the handshake with a 400.
        int plainPort = LocalPorts.free();
        Process plain = Nginx.startListening(dir.resolve("plain"), plainPort, "", "location / { return 404; }");
        try {
            PymirrorProcess.Result r = sync(Map.of(), "https://127.0.0.1:" + plainPort + "/simple/", "f");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.stderr()).contains("the upstream did not answer in TLS: is its URL http:// rather than https://");
        } finally {
            plain.destroy();
            plain.waitFor(10, TimeUnit.SECONDS);
        }

        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate\n");
        PymirrorProcess.Result unreadable = sync(Map.of("SSL_CERT_FILE", garbage.toString()), https, "e");
        assertThat(unreadable.exitCode()).as(unreadable.toString()).isEqualTo(1);
        assertThat(unreadable.stderr()).contains("the upstream's TLS certificate cannot be checked: SSL_CERT_FILE "
                + garbage + " cannot be read as PEM certificates: No certificate data found");
        assertThat(upstream.requests()).isEmpty();
    }

    private PymirrorProcess.Result sync(Map<String, String> variables, String upstreamUrl, String output)
            throws Exception {
        return commands.sync(variables, upstreamUrl, output);
    }
}
