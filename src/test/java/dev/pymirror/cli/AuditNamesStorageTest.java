package dev.pymirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.testing.NodeCluster;
import dev.pymirror.testing.PymirrorProcess;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.ToolRun;
import dev.pymirror.testing.Twine;
import dev.pymirror.testing.Wheel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pymirror audit names} with {@code storage = "s3://..."}: a hosted member's projects are
 * in the bucket the nodes share (a real S3Proxy), not in the data directory of the machine the
 * command runs on, and the audit must read them there.
 */
@Tag("slow")
class AuditNamesStorageTest {

    static final String PASSWORD = "alice-password";

    @TempDir
    Path dir;

    @Test
    void aHostedProjectKeptInTheBucketIsAuditedAgainstTheMirrorsUpstream() throws Exception {
        Wheel squatted = Wheel.of("acme-internal", "99.0").build();
        Wheel ours = Wheel.of("acme-internal", "1.0").build();
        Wheel privateOnly = Wheel.of("acme-private", "1.0").build();
        try (TestIndexServer upstream = TestIndexServer.start().add(squatted);
                NodeCluster cluster = NodeCluster.start(dir.resolve("cluster"), 1, """
                        [index.pypi]
                        upstream = "%s"
                        read-timeout = "60s"
                        page-timeout = "60s"
                        [index.internal]
                        kind = "hosted"
                        [index.main]
                        kind = "group"
                        members = ["internal", "pypi"]
                        """.formatted(upstream.simpleUrl()))) {
            PymirrorProcess.Result added = cluster.cli(0, PASSWORD + "\n", "user", "add", "alice", "--password-stdin");
            assertThat(added.exitCode()).as(added.toString()).isZero();
            Path dist = Files.createDirectories(dir.resolve("dist"));
            ToolRun upload = new Twine(Files.createDirectories(dir.resolve("twine-home"))).upload(
                    cluster.node(0).resolve("/internal/").toString(), "alice", PASSWORD,
                    Files.write(dist.resolve(ours.filename()), ours.bytes()),
                    Files.write(dist.resolve(privateOnly.filename()), privateOnly.bytes()));
            assertThat(upload.exitCode()).as(upload + cluster.logs()).isZero();
            cluster.stop(0); // the audit writes its results into the data directory: no server on it

            PymirrorProcess.Result audit = cluster.cli(0, null, "audit", "names");
            assertThat(audit.stdout()).as(audit.toString())
                    .contains("group main: acme-internal (hosted index 'internal') also exists upstream of 'pypi'")
                    .doesNotContain("acme-private")
                    .contains("1 shared names, 0 not checked");
            assertThat(audit.exitCode()).as(audit.toString()).isEqualTo(1);
        }
    }
}
