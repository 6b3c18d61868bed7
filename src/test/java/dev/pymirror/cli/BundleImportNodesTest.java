package dev.pymirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.testing.Installation;
import dev.pymirror.testing.NodeCluster;
import dev.pymirror.testing.Pip;
import dev.pymirror.testing.PymirrorProcess;
import dev.pymirror.testing.ToolRun;
import dev.pymirror.testing.Wheel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bundle import --into-index} into a hosted index kept in a bucket (a real S3Proxy) that two
 * nodes serve: an import stopped midway (its last file over the index's upload limit, after the
 * others were stored and logged) shows nothing on either node; the same bundle again, with a larger
 * limit, commits it, and the real pip 23 installs from the other node.
 */
@Tag("slow")
class BundleImportNodesTest {

    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anImportStoppedMidwayShowsOnNoNodeAndTheSameBundleAgainShowsOnAll() throws Exception {
        List<String> projects = List.of("app", "lib", "tool", "zeta");
        // zeta, the last project carried, is over the first import's limit.
        SignedBundle made = SignedBundle.make(dir, Wheel.of("app", "1.0").requires("lib", "tool", "zeta").build(),
                Wheel.of("lib", "1.0").build(), Wheel.of("tool", "1.0").build(),
                Wheel.of("zeta", "1.0").payload(60_000, 5).build());
        Path bundle = made.file();
        String trust = made.trust();

        try (NodeCluster cluster = NodeCluster.start(dir.resolve("cluster"), 2, """
                [index.local]
                kind = "hosted"
                max-upload = "20000"
                """)) {
            PymirrorProcess.Result stopped = cluster.cli(0, null, "bundle", "import", bundle.toString(), "--into-index",
                    "local", "--trust", trust);
            assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(1);
            assertThat(stopped.stderr()).contains("too large").contains("nothing was imported into index 'local'")
                    .doesNotContain("\tat ");
            for (int node = 0; node < 2; node++) {
                for (String p : projects) {
                    assertThat(get(cluster.node(node).resolve("/local/simple/" + p + "/")).statusCode())
                            .as(p + " on node " + node).isEqualTo(404);
                }
            }

            Path larger = Files.writeString(dir.resolve("larger.toml"), Files.readString(cluster.config())
                    .replace("max-upload = \"20000\"", "max-upload = \"1MB\""));
            PymirrorProcess.Result again = PymirrorProcess.run(dir.resolve("cli"), cluster.environment(), 2, "bundle",
                    "import", bundle.toString(), "--into-index", "local", "--trust", trust, "--config",
                    larger.toString(), "--data", cluster.data(0).toString());
            assertThat(again.exitCode()).as(again.toString()).isZero();
            assertThat(again.stdout()).contains("into index 'local': 4 added, 0 already there");

            Path target = Files.createDirectories(dir.resolve("site"));
            ToolRun pip = new Pip(Files.createDirectories(dir.resolve("pip-home"))).install(
                    cluster.node(1).resolve("/local/simple/").toString(), target, "app");
            assertThat(pip.ok()).as(pip + cluster.logs()).isTrue();
            assertThat(Installation.distributionsIn(target)).containsOnlyKeys("app", "lib", "tool", "zeta");
        }
    }

    HttpResponse<String> get(URI url) throws Exception {
        return http.send(HttpRequest.newBuilder(url).header("Accept", "application/vnd.pypi.simple.v1+json").build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
