package dev.pymirror.server.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.testing.NodeCluster;
import dev.pymirror.testing.Pip;
import dev.pymirror.testing.PymirrorProcess;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.ToolRun;
import dev.pymirror.testing.Wheel;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
 * A snapshot of a mirror kept in a bucket that two real nodes share (a real S3Proxy, the real pip
 * 23): made by the command on node A's machine, it outlives the upstream and the cache's retention,
 * and node B, which never fetched a file, installs from it.
 */
@Tag("slow")
class SnapshotNodesTest {

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

    @Test
    void aSnapshotMadeOnNodeAIsInstalledFromNodeBWithTheUpstreamGoneAndTheCachePruned() throws Exception {
        String mirror = """
                [index.pypi]
                upstream = "%s"
                keep-versions = 1
                prune-interval = "1h"
                """.formatted(upstream.simpleUrl());
        try (NodeCluster cluster = NodeCluster.start(tmp.resolve("cluster"), 2, mirror)) {
            // Node A caches the page and both versions' files.
            assertThat(cluster.get(cluster.node(0).resolve("simple/acme-lib/")).statusCode()).isEqualTo(200);
            assertThat(cluster.get(cluster.node(0).resolve("files/acme-lib/" + old.filename())).statusCode())
                    .isEqualTo(200);
            assertThat(cluster.get(cluster.node(0).resolve("files/acme-lib/" + current.filename())).statusCode())
                    .isEqualTo(200);
            // A client has a fresh file once its bytes are checked; the node stores it just after.
            cluster.awaitInBucket("pypi/files/acme-lib/" + old.filename(), "pypi/files/acme-lib/" + current.filename());

            PymirrorProcess.Result create = cluster.cli(0, null, "snapshot", "create", "rel-1", "--index", "pypi");
            assertThat(create.exitCode()).as(create.toString()).isZero();
            assertThat(create.stdout()).contains("created rel-1", "1 projects, 2 files");

            // The upstream goes, and retention takes 1.0 out of the mirror's cache in the bucket.
            upstream.stop();
            PymirrorProcess.Result prune = cluster.cli(0, null, "cache", "prune");
            assertThat(prune.exitCode()).as(prune.toString()).isZero();
            assertThat(prune.stdout()).contains("evicted pypi/acme-lib/" + old.filename());
            assertThat(cluster.bucketKeys()).doesNotContain("pypi/files/acme-lib/" + old.filename())
                    .anyMatch(k -> k.startsWith(".snapshots/rel-1/") && k.endsWith("/acme-lib/" + old.filename()));
            // Node B never fetched 1.0: the mirror has it no more anywhere.
            assertThat(cluster.get(cluster.node(1).resolve("files/acme-lib/" + old.filename())).statusCode())
                    .isNotEqualTo(200);

            // Node B serves the snapshot made on node A, and lists it.
            URI snapshot = cluster.node(1).resolve("+snapshot/rel-1/simple/");
            ToolRun pip = new Pip(Files.createDirectories(tmp.resolve("home")))
                    .install(snapshot.toString(), tmp.resolve("site"), "acme-lib==1.0");
            assertThat(pip.ok()).as(pip + cluster.logs()).isTrue();
            assertThat(upstream.hits("/files/" + old.filename())).isEqualTo(1);
            assertThat(new String(cluster.get(cluster.node(1).resolve("-/snapshots")).body(), StandardCharsets.UTF_8))
                    .contains("rel-1", "/+snapshot/rel-1/simple/");

            PymirrorProcess.Result list = cluster.cli(1, null, "snapshot", "list");
            assertThat(list.exitCode()).as(list.toString()).isZero();
            assertThat(list.stdout()).contains("rel-1", "mirror index 'pypi'");
            PymirrorProcess.Result show = cluster.cli(1, null, "snapshot", "show", "rel-1");
            assertThat(show.stdout()).contains("files:      2", "manifest:   s3://" + NodeCluster.BUCKET + "/");

            // Its metadata and legacy JSON API come from the snapshot too.
            assertThat(cluster.get(cluster.node(1)
                    .resolve("+snapshot/rel-1/files/acme-lib/" + old.filename() + ".metadata"))
                    .statusCode()).isEqualTo(200);
            HttpResponse<byte[]> json = cluster.get(cluster.node(1).resolve("+snapshot/rel-1/pypi/acme-lib/json"));
            assertThat(json.statusCode()).isEqualTo(200);
            assertThat(new String(json.body(), StandardCharsets.UTF_8)).contains(old.filename(), current.filename());

            // A copy removed from the bucket by hand (node A never fetched it): a 404 that says so, no trace.
            String copy = cluster.bucketKeys().stream().filter(k -> k.startsWith(".snapshots/rel-1/")
                    && k.endsWith("/acme-lib/" + current.filename())).findFirst().orElseThrow();
            assertThat(cluster.deleteFromBucket(copy)).isTrue();
            HttpResponse<byte[]> damaged = cluster.get(cluster.node(0).resolve("+snapshot/rel-1/files/acme-lib/"
                    + current.filename()));
            assertThat(damaged.statusCode()).isEqualTo(404);
            assertThat(new String(damaged.body(), StandardCharsets.UTF_8)).contains("the snapshot is damaged")
                    .doesNotContain("Exception").doesNotContain(tmp.toString());

            // Deleted on node B's machine: node A, which served it, serves it no more within its bound
            // (a second), and its copies leave the bucket.
            assertThat(cluster.get(cluster.node(0).resolve("+snapshot/rel-1/simple/acme-lib/")).statusCode())
                    .isEqualTo(200);
            PymirrorProcess.Result delete = cluster.cli(1, null, "snapshot", "delete", "rel-1");
            assertThat(delete.exitCode()).as(delete.toString()).isZero();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (cluster.get(cluster.node(0).resolve("+snapshot/rel-1/simple/acme-lib/")).statusCode() != 404) {
                assertThat(System.nanoTime()).as("still served 10 s after its deletion").isLessThan(deadline);
                Thread.sleep(100);
            }
            assertThat(cluster.bucketKeys()).noneMatch(k -> k.startsWith(".snapshots/"));
            PymirrorProcess.Result again = cluster.cli(0, null, "snapshot", "delete", "rel-1");
            assertThat(again.exitCode()).isEqualTo(1);
            assertThat(again.stderr()).contains("there is no snapshot 'rel-1'").doesNotContain("Exception");
            assertThat(cluster.alive(0) && cluster.alive(1)).isTrue();
        }
    }

    @Test
    void aBundleImportedAsASnapshotOnANodesMachineIsInTheBucketAndServedByEveryNode() throws Exception {
        Path tree = Files.createDirectories(tmp.resolve("tree/acme-lib"));
        Files.write(tree.resolve(old.filename()), old.bytes());
        Path keys = tmp.resolve("keys");
        Path bundle = tmp.resolve("site.bundle");
        Map<String, String> env = Map.of("PATH", System.getenv("PATH"),
                "HOME", Files.createDirectories(tmp.resolve("bundle-home")).toString());
        Path scratch = Files.createDirectories(tmp.resolve("scratch"));
        PymirrorProcess.Result keygen = PymirrorProcess.run(scratch, env, 2, "bundle", "keygen", "--out",
                keys.toString());
        assertThat(keygen.exitCode()).as(keygen.toString()).isZero();
        PymirrorProcess.Result made = PymirrorProcess.run(scratch, env, 2, "bundle", "create", "--from",
                tree.getParent().toString(), "--key", keys.resolve("pymirror-bundle.key").toString(), "--out",
                bundle.toString());
        assertThat(made.exitCode()).as(made.toString()).isZero();

        try (NodeCluster cluster = NodeCluster.start(tmp.resolve("cluster"), 2, """
                [index.pypi]
                upstream = "%s"
                """.formatted(upstream.simpleUrl()))) {
            PymirrorProcess.Result imported = cluster.cli(0, null, "bundle", "import", bundle.toString(),
                    "--into-snapshot", "carried", "--trust", keys.resolve("pymirror-bundle.pub").toString());
            assertThat(imported.exitCode()).as(imported.toString()).isZero();
            assertThat(imported.stdout()).contains("as snapshot 'carried'");
            // Nothing of it is left in node A's data directory: the bucket holds it.
            try (var left = Files.list(cluster.data(0).resolve(SnapshotStore.FOLDER))) {
                assertThat(left.map(p -> p.getFileName().toString())).doesNotContain("carried", ".~pending-carried");
            }
            upstream.stop();
            ToolRun pip = new Pip(Files.createDirectories(tmp.resolve("home")))
                    .install(cluster.node(1).resolve("+snapshot/carried/simple/").toString(), tmp.resolve("site"),
                            "acme-lib==1.0");
            assertThat(pip.ok()).as(pip + cluster.logs()).isTrue();
            assertThat(cluster.cli(1, null, "snapshot", "list").stdout()).contains("carried", "of bundle index");
        }
    }
}
