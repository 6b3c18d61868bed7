package dev.pymirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.testing.NodeCluster;
import dev.pymirror.testing.Pip;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.ToolRun;
import dev.pymirror.testing.Twine;
import dev.pymirror.testing.UploadForm;
import dev.pymirror.testing.Wheel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, item 5, for writes: a node whose bucket stops answering (S3Proxy frozen by SIGSTOP)
 * refuses uploads with a 503 within 5 s, the first one too, and the next at once, while what its
 * disk and memory hold (cached files, stale-marked mirror pages, hosted pages as last read) is still
 * served; when the bucket answers again the same upload succeeds, with no restart. Real
 * {@code pymirror serve}, real S3Proxy, real twine and pip.
 */
@Tag("slow")
class NodeOutageTest {

    static final String PASSWORD = "alice-password";

    @TempDir
    Path tmp;

    final Wheel app = Wheel.of("acme-app", "1.0").requires("acme-lib>=1.1").build();
    final Wheel lib = Wheel.of("acme-lib", "1.1").payload(200_000, 7).build();
    final Wheel tool = Wheel.of("acme-tool", "1.0").build();
    final Wheel toolNext = Wheel.of("acme-tool", "1.1").build();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    TestIndexServer upstream;

    @BeforeEach
    void startUpstream() throws Exception {
        upstream = TestIndexServer.start().add(app, lib);
    }

    @AfterEach
    void stopUpstream() throws Exception {
        upstream.close();
    }

    @Test
    void withTheBucketFrozenUploadsAre503WithinFiveSecondsReadsAreServedAndTheSameUploadWorksOnceItIsBack()
            throws Exception {
        try (NodeCluster cluster = NodeCluster.start(tmp.resolve("cluster"), 1, """
                default-index = "pypi"
                [index.pypi]
                upstream = "%s"
                page-ttl = "1s"
                [index.internal]
                kind = "hosted"
                """.formatted(upstream.simpleUrl()))) {
            var added = cluster.cli(0, PASSWORD + "\n", "user", "add", "alice", "--password-stdin");
            assertThat(added.exitCode()).as(added.toString()).isZero();
            URI node = cluster.node(0);
            ToolRun first = twine(node, "twine-first", tool);
            assertThat(first.ok()).as(first + cluster.logs()).isTrue();
            ToolRun warmMirror = install(node + "simple/", "site-warm", "acme-app");
            assertThat(warmMirror.ok()).as(warmMirror + cluster.logs()).isTrue();
            ToolRun warmHosted = install(node + "internal/simple/", "site-warm-hosted", "acme-tool");
            assertThat(warmHosted.ok()).as(warmHosted + cluster.logs()).isTrue();
            Thread.sleep(1500); // the mirror's pages past their time to live: a request wants the bucket's copy

            cluster.freezeStorage();
            try {
                upstream.stop(); // mirror pages can only come from the node, marked stale

                // The first write after the freeze meets the bucket's silence: one call timeout, under 5 s.
                long asked = System.nanoTime();
                HttpResponse<String> refused = upload(node, toolNext);
                long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked);
                assertThat(refused.statusCode()).as(refused.body() + cluster.logs()).isEqualTo(503);
                assertThat(tookMs).as("the first upload's 503").isLessThan(5_000);
                assertThat(refused.headers().firstValue("Retry-After")).contains("5");
                assertThat(refused.body()).contains("storage does not answer").contains("nothing was changed")
                        .doesNotContain("s3://").doesNotContain("127.0.0.1").doesNotContain("Exception");

                // The node knows now: the next write is refused without waiting, and twine shows why.
                asked = System.nanoTime();
                HttpResponse<String> again = upload(node, toolNext);
                tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked);
                assertThat(again.statusCode()).isEqualTo(503);
                assertThat(tookMs).as("the second upload's 503").isLessThan(2_000);
                ToolRun frozenTwine = twine(node, "twine-frozen", toolNext);
                assertThat(frozenTwine.ok()).isFalse();
                assertThat(frozenTwine.output()).as(frozenTwine.toString()).contains("503")
                        .contains("storage does not answer");

                String health = get(node.resolve("health")).body();
                assertThat(health).contains("\"storage-state\" : \"unreachable\"").contains("storage-unreachable-since");
                assertThat(get(node.resolve("metrics")).body()).contains("pymirror_storage_state 2.0");

                // Reads the node can answer from its disk and memory are still answered.
                ToolRun mirrorRead = install(node + "simple/", "site-frozen", "acme-app");
                assertThat(mirrorRead.ok()).as(mirrorRead + cluster.logs()).isTrue();
                HttpResponse<String> page = get(node.resolve("simple/acme-lib/"));
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(page.headers().firstValue("X-Pymirror-Cache")).contains("STALE");
                ToolRun hostedRead = install(node + "internal/simple/", "site-frozen-hosted", "acme-tool");
                assertThat(hostedRead.ok()).as(hostedRead + cluster.logs()).isTrue();
            } finally {
                cluster.thawStorage();
            }

            // Back without a restart: the breaker's probe finds the bucket, and the same upload is taken.
            awaitReachable(node);
            ToolRun back = twine(node, "twine-back", toolNext);
            assertThat(back.ok()).as(back + cluster.logs()).isTrue();
            ToolRun next = install(node + "internal/simple/", "site-back", "acme-tool==1.1");
            assertThat(next.ok()).as(next + cluster.logs()).isTrue();
            assertThat(get(node.resolve("metrics")).body()).contains("pymirror_storage_state 0.0");
            assertThat(cluster.alive(0)).isTrue();
        }
    }

    private void awaitReachable(URI node) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        String health = "";
        while (System.nanoTime() < deadline) {
            health = get(node.resolve("health")).body();
            if (health.contains("\"storage-state\" : \"reachable\"")) {
                assertThat(health).contains("storage-back-at");
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the storage was not reachable again within 15 s of SIGCONT:\n" + health);
    }

    private ToolRun twine(URI node, String scratch, Wheel wheel) throws Exception {
        Path dist = Files.createDirectories(tmp.resolve(scratch + "-dist"));
        Path file = Files.write(dist.resolve(wheel.filename()), wheel.bytes());
        return new Twine(Files.createDirectories(tmp.resolve(scratch))).upload(node + "internal/", "alice", PASSWORD, file);
    }

    private ToolRun install(String index, String site, String... requirements) throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home-" + site));
        return new Pip(home).install(index, tmp.resolve(site), requirements);
    }

    private HttpResponse<String> upload(URI node, Wheel w) throws Exception {
        UploadForm form = UploadForm.of(w, "acme-tool", w.filename().split("-")[1]);
        String basic = Base64.getEncoder().encodeToString(("alice:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(node.resolve("internal/")).header("Content-Type", form.contentType())
                .header("Authorization", "Basic " + basic).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.body())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(URI url) throws Exception {
        return http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
