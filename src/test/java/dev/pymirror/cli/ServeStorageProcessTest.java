package dev.pymirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.testing.LocalPorts;
import dev.pymirror.testing.Nginx;
import dev.pymirror.testing.PymirrorProcess;
import dev.pymirror.testing.S3ProxyProcess;
import dev.pymirror.testing.TestAuthority;
import dev.pymirror.testing.Tinyproxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pymirror serve} with {@code storage = "s3://..."}, as a process against a real S3 server:
 * the bucket is checked at start-up, and what is wrong with it stops the start with a message.
 */
@Tag("slow")
class ServeStorageProcessTest {

    @TempDir
    static Path proxyDir;

    static S3ProxyProcess proxy;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startProxy() throws Exception {
        proxy = S3ProxyProcess.start(proxyDir);
        proxy.bucket("nodes");
    }

    @AfterAll
    static void stopProxy() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
    }

    private Path config(String bucket, String secret) throws Exception {
        return config(bucket, secret, proxy.endpoint());
    }

    private Path config(String bucket, String secret, URI endpoint) throws Exception {
        return Files.writeString(tmp.resolve("pymirror.toml"), """
                port = 0
                data = "data"
                storage = "s3://%s/node-data"

                [s3]
                endpoint = "%s"
                path-style = true
                access-key-id = "%s"
                secret-access-key = "%s"

                [index.internal]
                kind = "hosted"
                """.formatted(bucket, endpoint, S3ProxyProcess.ACCESS_KEY, secret));
    }

    private Map<String, String> environment() {
        return Map.of("PATH", System.getenv("PATH"), "HOME", tmp.toString());
    }

    @Test
    void aReachableBucketIsCheckedAndNamedAtStartUp() throws Exception {
        String said = servesNamingTheStorage(environment(), config("nodes", S3ProxyProcess.SECRET_KEY), proxy.endpoint());
        assertThat(said).doesNotContain(S3ProxyProcess.SECRET_KEY);
    }

    @Test
    void aMissingBucketOrRefusedCredentialsStopTheStartSayingWhich() throws Exception {
        PymirrorProcess.Result missing = serveUntilItEnds(environment(), config("no-such-bucket", S3ProxyProcess.SECRET_KEY));
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(1);
        assertThat(missing.stderr()).contains("pymirror serve: storage: the bucket 'no-such-bucket' does not exist at "
                + proxy.endpoint());

        PymirrorProcess.Result refused = serveUntilItEnds(environment(), config("nodes", "wrong-secret"));
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.stderr()).contains("pymirror serve: storage: the storage s3://nodes/node-data/ at "
                + proxy.endpoint() + " refused the credentials").doesNotContain("wrong-secret").doesNotContain("\tat ");

        // No keys in the file, none in the environment, no profile: said at once (nothing asks an
        // instance metadata address off this machine).
        Files.writeString(tmp.resolve("pymirror.toml"), Files.readString(tmp.resolve("pymirror.toml"))
                .replaceAll("(?m)^(access-key-id|secret-access-key) = .*$", ""));
        PymirrorProcess.Result none = serveUntilItEnds(environment(), tmp.resolve("pymirror.toml"));
        assertThat(none.exitCode()).as(none.toString()).isEqualTo(1);
        assertThat(none.stderr()).contains("pymirror serve: storage: no credentials for the storage s3://nodes/node-data/: "
                + "give s3.access-key-id and s3.secret-access-key, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");

        // The environment's keys are taken.
        servesNamingTheStorage(Map.of("PATH", System.getenv("PATH"), "HOME", tmp.toString(),
                "AWS_ACCESS_KEY_ID", S3ProxyProcess.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", S3ProxyProcess.SECRET_KEY),
                tmp.resolve("pymirror.toml"), proxy.endpoint());
    }

    @Test
    void aBucketBehindTlsFromAPrivateAuthorityIsReachedOnceSslCertFileNamesIt() throws Exception {
        // nginx serves TLS in front of S3Proxy, passing the Host header the request was signed with.
        TestAuthority authority = TestAuthority.create(tmp.resolve("ca"));
        int tlsPort = LocalPorts.free();
        Process front = Nginx.startTlsFront(tmp.resolve("front"), tlsPort, authority.sign("s3", "IP:127.0.0.1"),
                proxy.endpoint());
        URI https = URI.create("https://127.0.0.1:" + tlsPort);
        try {
            Path config = config("nodes", S3ProxyProcess.SECRET_KEY, https);
            PymirrorProcess.Result refused = serveUntilItEnds(environment(), config);
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
            assertThat(refused.stderr()).contains("pymirror serve: storage: cannot reach the storage s3://nodes/node-data/"
                    + " at " + https + " (to reach the bucket): the storage's TLS certificate is signed by no authority"
                    + " pymirror trusts").doesNotContain("sun.security").doesNotContain("\tat ");

            Map<String, String> trusting = new HashMap<>(environment());
            trusting.put("SSL_CERT_FILE", authority.certificate().toString());
            servesNamingTheStorage(trusting, config, https);
        } finally {
            front.destroy();
            front.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aBucketReachedThroughAProxyThatAsksForAPasswordGetsTheOneHttpProxyGives() throws Exception {
        int port = LocalPorts.free();
        try (Tinyproxy forward = Tinyproxy.start(tmp.resolve("proxy"), port, "builder", "bucket-pw", 443)) {
            Path config = config("nodes", S3ProxyProcess.SECRET_KEY);
            Map<String, String> proxied = new HashMap<>(environment());
            proxied.put("http_proxy", "http://builder:bucket-pw@127.0.0.1:" + port);
            servesNamingTheStorage(proxied, config, proxy.endpoint());
            // The bucket's requests went through the proxy, as the environment says for every host.
            assertThat(forward.log()).contains("HEAD " + proxy.endpoint() + "/nodes");

            proxied.put("http_proxy", "http://builder:wrong@127.0.0.1:" + port);
            PymirrorProcess.Result refused = serveUntilItEnds(proxied, config);
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
            assertThat(refused.stderr()).contains("pymirror serve: storage: a proxy between pymirror and the storage"
                    + " s3://nodes/node-data/ at " + proxy.endpoint() + " asks for credentials or refused those given"
                    + " (HTTP 401)").doesNotContain("wrong");

            // no_proxy names the endpoint: the bucket is reached directly, the proxy not asked.
            String asked = forward.log();
            proxied.put("no_proxy", "127.0.0.1");
            servesNamingTheStorage(proxied, config, proxy.endpoint());
            assertThat(forward.log()).isEqualTo(asked);
        }
    }

    /** {@code serve} with {@code config}, which must stop by itself: its result. */
    private PymirrorProcess.Result serveUntilItEnds(Map<String, String> environment, Path config) throws Exception {
        return PymirrorProcess.start(tmp.resolve("run"), environment,
                PymirrorProcess.command("serve", "--config", config.toString())).await(2);
    }

    /**
     * {@code serve} with {@code config}, until it names its storage at {@code endpoint} (the bucket
     * answered), then stopped: what it wrote meanwhile.
     */
    private String servesNamingTheStorage(Map<String, String> environment, Path config, URI endpoint) throws Exception {
        PymirrorProcess server = PymirrorProcess.start(tmp.resolve("run"), environment,
                PymirrorProcess.command("serve", "--config", config.toString()));
        try {
            awaitStorageLine(server, endpoint);
            return server.stdoutSoFar() + server.stderrSoFar();
        } finally {
            server.process().destroy();
            server.process().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private void awaitStorageLine(PymirrorProcess server, URI endpoint) throws Exception {
        String out = "";
        for (int i = 0; i < 300 && !out.contains("  storage: "); i++) {
            Thread.sleep(100);
            out = server.stdoutSoFar();
        }
        assertThat(out).as(server.stderrSoFar())
                .contains("  storage: s3://nodes/node-data/ at " + endpoint + " (us-east-1)");
    }
}
