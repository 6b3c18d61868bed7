package dev.pymirror.server.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.testing.NodeCluster;
import dev.pymirror.testing.Pip;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.TestIndexServer.Fault;
import dev.pymirror.testing.ToolRun;
import dev.pymirror.testing.Wheel;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mirror nodes sharing one bucket (issue 15): real {@code pymirror serve} processes over a real
 * S3Proxy, the real pip, an upstream on 127.0.0.1.
 */
@Tag("slow")
class MirrorNodesTest {

    @TempDir
    Path tmp;

    final Wheel app = Wheel.of("acme-app", "1.0").requires("acme-lib>=1.1").build();
    final Wheel lib = Wheel.of("acme-lib", "1.1").payload(200_000, 7).build();
    final Wheel other = Wheel.of("acme-other", "1.0").build();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    TestIndexServer upstream;

    @BeforeEach
    void startUpstream() throws IOException {
        upstream = TestIndexServer.start().add(app, lib, other);
    }

    @AfterEach
    void stopUpstream() throws IOException {
        upstream.close();
    }

    private String mirror(String ttl) {
        return """
                [index.pypi]
                upstream = "%s"
                page-ttl = "%s"
                """.formatted(upstream.simpleUrl(), ttl);
    }

    private ToolRun install(URI node, String site, String... requirements) throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home-" + site));
        return new Pip(home).install(node + "simple/", tmp.resolve(site), requirements);
    }

    @Test
    void aFileFetchedThroughNodeAIsServedByNodeBWithTheUpstreamGone() throws Exception {
        try (NodeCluster cluster = NodeCluster.start(tmp.resolve("cluster"), 2, mirror("5m"))) {
            ToolRun a = install(cluster.node(0), "site-a", "acme-app");
            assertThat(a.ok()).as(a + cluster.logs()).isTrue();
            assertThat(upstream.hits("/files/" + lib.filename())).isEqualTo(1);
            // pip has a file once its bytes are checked; node A stores it in the bucket just after.
            cluster.awaitInBucket("files/acme-app/" + app.filename(), "files/acme-lib/" + lib.filename());

            upstream.stop();
            ToolRun b = install(cluster.node(1), "site-b", "acme-app");
            assertThat(b.ok()).as(b + cluster.logs()).isTrue();
            assertThat(tmp.resolve("site-b/acme_lib/__init__.py")).content().contains("1.1");
            HttpResponse<byte[]> file = cluster.get(cluster.node(1).resolve("files/acme-lib/" + lib.filename()));
            assertThat(file.statusCode()).isEqualTo(200);
            assertThat(file.body()).isEqualTo(lib.bytes());
        }
    }

    @Test
    void withTheBucketFrozenANodeServesItsCopiesAndComesBackWithoutARestart() throws Exception {
        try (NodeCluster cluster = NodeCluster.start(tmp.resolve("cluster"), 1, mirror("1s"))) {
            URI node = cluster.node(0);
            ToolRun warm = install(node, "site-warm", "acme-app");
            assertThat(warm.ok()).as(warm + cluster.logs()).isTrue();
            cluster.awaitInBucket("files/acme-app/" + app.filename(), "files/acme-lib/" + lib.filename());
            Thread.sleep(1500); // every page past its time to live: a request wants the bucket's copy

            cluster.freezeStorage();
            long frozenAt = System.nanoTime();
            try {
                upstream.stop(); // the pages can only come from the node's copies, marked stale
                ToolRun frozen = install(node, "site-frozen", "acme-app");
                assertThat(frozen.ok()).as(frozen + cluster.logs()).isTrue();
                HttpResponse<byte[]> page = cluster.get(node.resolve("simple/acme-lib/"));
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(page.headers().firstValue("X-Pymirror-Cache")).contains("STALE");

                // Something the node has no copy of needs the bucket: refused in bounded time, with a reason.
                upstream.restart();
                long asked = System.nanoTime();
                HttpResponse<byte[]> uncached = cluster.get(node.resolve("files/acme-other/" + other.filename()));
                long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked);
                assertThat(uncached.statusCode()).as(new String(uncached.body())).isEqualTo(503);
                assertThat(new String(uncached.body())).contains("storage").doesNotContain("/tmp/").doesNotContain("Exception");
                // Issue 15's bound: at most one call timeout (4 s by default), and none once the
                // node's breaker knows the bucket is unreachable.
                assertThat(tookMs).isLessThan(5_000);
                long frozenFor = 30_000 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - frozenAt);
                if (frozenFor > 0) {
                    Thread.sleep(frozenFor); // the 30 s of issue 15
                }
                ToolRun still = install(node, "site-still", "acme-app");
                assertThat(still.ok()).as(still + cluster.logs()).isTrue();
            } finally {
                cluster.thawStorage();
            }

            // Back: what needs the bucket works again, with no restart.
            ToolRun back = install(node, "site-back", "acme-other");
            assertThat(back.ok()).as(back + cluster.logs()).isTrue();
            assertThat(cluster.alive(0)).isTrue();
        }
    }

    @Test
    void aNodeKilledDuringADownloadLeavesNothingPartialAndAnotherNodeServesTheRetry() throws Exception {
        Wheel big = Wheel.of("acme-big", "1.0").payload(50_000_000, 11).build();
        upstream.add(big).slowness(Duration.ofSeconds(20)).fault("/files/" + big.filename(), Fault.STALL_MID_BODY, 1);
        try (NodeCluster cluster = NodeCluster.start(tmp.resolve("cluster"), 2, mirror("5m"))) {
            URI fileOnA = cluster.node(0).resolve("files/acme-big/" + big.filename());
            URI fileOnB = cluster.node(1).resolve("files/acme-big/" + big.filename());
            assertThat(cluster.get(cluster.node(0).resolve("simple/acme-big/")).statusCode()).isEqualTo(200);
            CompletableFuture<HttpResponse<byte[]>> first = http.sendAsync(HttpRequest.newBuilder(fileOnA).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            awaitStaged(cluster.data(0), 20_000_000);
            cluster.kill(0);
            assertThat(first.handle((r, e) -> r == null || !Arrays.equals(r.body(), big.bytes())).get(30, TimeUnit.SECONDS))
                    .as("the killed node's client has not had the whole file").isTrue();

            // Nothing in the bucket under the file's name, and the retry through B fetches it whole.
            assertThat(cluster.bucketKeys()).noneMatch(k -> k.endsWith(big.filename()));
            HttpResponse<byte[]> retry;
            try {
                retry = cluster.get(fileOnB);
            } catch (IOException e) {
                throw new AssertionError("the retry through node B failed:\n" + cluster.logs(), e);
            }
            assertThat(retry.statusCode()).isEqualTo(200);
            assertThat(retry.body()).isEqualTo(big.bytes());
            cluster.awaitInBucket("files/acme-big/" + big.filename());
            cluster.restart(0);
            HttpResponse<byte[]> again = cluster.get(fileOnA);
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(again.body()).isEqualTo(big.bytes());
        }
    }

    /** Waits until a staging file of the node's data directory holds at least {@code bytes}. */
    private static void awaitStaged(Path data, long bytes) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(data)) {
                try (var walk = Files.walk(data)) {
                    if (walk.anyMatch(p -> p.getFileName().toString().startsWith(".~staged-") && size(p) >= bytes)) {
                        return;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no download of " + bytes + " bytes staged under " + data);
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }
}
