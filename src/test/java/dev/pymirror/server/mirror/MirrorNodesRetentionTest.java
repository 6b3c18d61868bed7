package dev.pymirror.server.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.testing.NodeCluster;
import dev.pymirror.testing.Pip;
import dev.pymirror.testing.PymirrorProcess;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.ToolRun;
import dev.pymirror.testing.Wheel;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cache retention of a mirror kept in a bucket that two real nodes share (a real S3Proxy, the real
 * pip): what the policy evicts leaves the bucket, a node holding a copy still serves it, and a node
 * without one fetches it from the upstream again as a file never cached.
 */
@Tag("slow")
class MirrorNodesRetentionTest {

    @TempDir
    Path tmp;

    final Wheel old = Wheel.of("acme-lib", "1.0").payload(100_000, 3).build();
    final Wheel current = Wheel.of("acme-lib", "1.1").payload(100_000, 4).build();
    TestIndexServer upstream;

    @BeforeEach
    void startUpstream() throws IOException {
        upstream = TestIndexServer.start().add(old, current);
    }

    @AfterEach
    void stopUpstream() throws IOException {
        upstream.close();
    }

    private String mirror(String interval) {
        return """
                [index.pypi]
                upstream = "%s"
                page-ttl = "5m"
                keep-versions = 1
                prune-interval = "%s"
                """.formatted(upstream.simpleUrl(), interval);
    }

    @Test
    void bothNodesPruneTheBucketOnScheduleAndAPrunedFileIsServedFromACopyOrFetchedAgain() throws Exception {
        String oldKey = "pypi/files/acme-lib/" + old.filename();
        try (NodeCluster cluster = NodeCluster.start(tmp.resolve("cluster"), 2, mirror("2s"))) {
            // Node B caches 1.0 (and keeps a copy on its disk), then node A 1.1: 1.0 is no longer among the newest 1.
            assertThat(cluster.get(cluster.node(1).resolve("files/acme-lib/" + old.filename())).statusCode())
                    .isEqualTo(200);
            assertThat(cluster.get(cluster.node(0).resolve("files/acme-lib/" + current.filename())).statusCode())
                    .isEqualTo(200);
            // A client has a fresh file once its bytes are checked; its node stores it just after.
            cluster.awaitInBucket(oldKey, "pypi/files/acme-lib/" + current.filename());
            // Node B stopped meanwhile: both nodes prune every 2 s by the same policy, and had B's own
            // prune come first, it would rightly have removed its copy with the object.
            cluster.stop(1);

            // Node A, where 1.0 was never read, evicts it from the bucket, and says so once its prune
            // is done: the object is gone a moment before the line is written.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (cluster.bucketKeys().contains(oldKey) || !cluster.logs().contains("evicted 1 cached files")) {
                assertThat(System.nanoTime()).as("1.0 still in the bucket, or its prune unsaid, after 30 s\n"
                        + cluster.logs()).isLessThan(deadline);
                Thread.sleep(200);
            }
            assertThat(cluster.bucketKeys()).contains("pypi/files/acme-lib/" + current.filename());
            assertThat(cluster.logs()).doesNotContain("could not be pruned");

            cluster.restart(1); // its prunes find 1.0 gone from the bucket: nothing of B's to remove
            upstream.stop();
            // Node B's copy is right (files never change): it serves it with the bucket's gone.
            HttpResponse<byte[]> fromCopy = cluster.get(cluster.node(1).resolve("files/acme-lib/" + old.filename()));
            assertThat(fromCopy.statusCode()).isEqualTo(200);
            assertThat(fromCopy.body()).isEqualTo(old.bytes());
            // Node A has neither a copy nor the bucket's object, and the upstream is gone.
            assertThat(cluster.get(cluster.node(0).resolve("files/acme-lib/" + old.filename())).statusCode())
                    .isNotEqualTo(200);

            // With the upstream back, node A's page still lists 1.0 and the real pip gets it fetched again.
            upstream.restart();
            ToolRun pip = new Pip(Files.createDirectories(tmp.resolve("home")))
                    .install(cluster.node(0) + "simple/", tmp.resolve("site"), "acme-lib==1.0");
            assertThat(pip.ok()).as(pip + cluster.logs()).isTrue();
            assertThat(upstream.hits("/files/" + old.filename())).isEqualTo(2);
            assertThat(cluster.alive(0) && cluster.alive(1)).isTrue();
        }
    }

    @Test
    void cachePruneOnANodesMachinePrunesTheBucketThatAllNodesShare() throws Exception {
        String oldKey = "pypi/files/acme-lib/" + old.filename();
        try (NodeCluster cluster = NodeCluster.start(tmp.resolve("cluster"), 2, mirror("1h"))) {
            assertThat(cluster.get(cluster.node(0).resolve("files/acme-lib/" + old.filename())).statusCode())
                    .isEqualTo(200);
            assertThat(cluster.get(cluster.node(1).resolve("files/acme-lib/" + current.filename())).statusCode())
                    .isEqualTo(200);
            cluster.awaitInBucket(oldKey, "pypi/files/acme-lib/" + current.filename());

            PymirrorProcess.Result stats = cluster.cli(0, null, "cache", "stats");
            assertThat(stats.exitCode()).as(stats.toString()).isZero();
            assertThat(stats.stdout()).contains("1 projects, 2 files");

            PymirrorProcess.Result dry = cluster.cli(0, null, "cache", "prune", "--dry-run");
            assertThat(dry.exitCode()).as(dry.toString()).isZero();
            assertThat(dry.stdout()).contains("would evict pypi/acme-lib/" + old.filename());
            assertThat(cluster.bucketKeys()).contains(oldKey);

            PymirrorProcess.Result prune = cluster.cli(1, null, "cache", "prune");
            assertThat(prune.exitCode()).as(prune.toString()).isZero();
            assertThat(prune.stdout()).contains("evicted pypi/acme-lib/" + old.filename()).contains("kept 1 files");
            assertThat(cluster.bucketKeys()).doesNotContain(oldKey).contains("pypi/files/acme-lib/" + current.filename());
            // What a command leaves: no document of reads of its own beside the nodes'.
            assertThat(cluster.bucketKeys()).noneMatch(k -> k.startsWith("pypi/reads/"));

            // A second prune (another node's, or the same again) finds nothing more and fails nothing.
            PymirrorProcess.Result again = cluster.cli(0, null, "cache", "prune");
            assertThat(again.exitCode()).as(again.toString()).isZero();
            assertThat(again.stdout()).contains("evicted 0 files");

            ToolRun pip = new Pip(Files.createDirectories(tmp.resolve("home")))
                    .install(cluster.node(1) + "simple/", tmp.resolve("site"), "acme-lib==1.0");
            assertThat(pip.ok()).as(pip + cluster.logs()).isTrue();
            assertThat(upstream.hits("/files/" + old.filename())).isEqualTo(2);
        }
    }
}
