package dev.pymirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.testing.NodeCluster;
import dev.pymirror.testing.Pip;
import dev.pymirror.testing.ToolRun;
import dev.pymirror.testing.Wheel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, item 7: the real pip installs through nginx's plain round-robin over three real nodes
 * (one bucket of a real S3 server behind them) while one node is stopped and started again, over
 * and over. The index is a static tree every node serves from the one configuration; pip runs
 * with {@code --retries 0}, so a request cut by a restarting node would fail the install.
 */
@Tag("slow")
class NodesBehindBalancerPipTest {

    @TempDir
    Path dir;

    @Test
    void pipInstallsThroughTheBalancerWhileANodeRestarts() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        List<String> libs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Wheel lib = Wheel.of("acme-lib" + i, "1.0").payload(1_000_000, i).build();
            writeProject(tree, "acme-lib" + i, lib);
            libs.add("acme-lib" + i);
        }
        writeProject(tree, "acme-app", Wheel.of("acme-app", "1.0").requires(libs.toArray(String[]::new)).build());

        try (NodeCluster cluster = NodeCluster.startBehindNginx(dir, 3, """
                [index.wheels]
                kind = "static"
                path = "tree"
                """)) {
            String index = cluster.balancer().resolve("/wheels/simple/").toString();
            Pip pip = new Pip(Files.createDirectories(dir.resolve("pip-home")));
            AtomicBoolean installing = new AtomicBoolean(true);
            AtomicInteger restarts = new AtomicInteger();
            CompletableFuture<Void> restarter = CompletableFuture.runAsync(() -> {
                try {
                    while (installing.get()) {
                        cluster.stop(1);
                        Thread.sleep(300);
                        cluster.restart(1);
                        restarts.incrementAndGet();
                        Thread.sleep(300);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            List<ToolRun> runs = new ArrayList<>();
            try {
                for (int round = 0; round < 8 && (round < 3 || restarts.get() < 2); round++) {
                    ToolRun run = pip.install(index, dir.resolve("target-" + round), "acme-app");
                    runs.add(run);
                    assertThat(run.exitCode()).as(run + "\n" + cluster.logs()).isZero();
                    assertThat(dir.resolve("target-" + round).resolve("acme_lib5")).isDirectory();
                }
            } finally {
                installing.set(false);
                restarter.get(3, TimeUnit.MINUTES);
            }
            System.out.println("NodesBehindBalancerPipTest: " + runs.size() + " installs through nginx, node 1 restarted "
                    + restarts.get() + " times meanwhile");
            assertThat(restarts.get()).as("restarts while pip installed").isGreaterThanOrEqualTo(2);
            assertThat(cluster.alive(1)).isTrue();
        }
    }

    /** {@code tree/<project>/index.html} and the wheel beside it, as a static index reads them. */
    private static void writeProject(Path tree, String project, Wheel wheel) throws Exception {
        Path dir = Files.createDirectories(tree.resolve(project));
        Files.write(dir.resolve(wheel.filename()), wheel.bytes());
        Files.writeString(dir.resolve("index.html"), "<!DOCTYPE html>\n<html><body>\n<a href=\"" + wheel.filename()
                + "#sha256=" + wheel.sha256() + "\">" + wheel.filename() + "</a><br>\n</body></html>\n");
    }
}
