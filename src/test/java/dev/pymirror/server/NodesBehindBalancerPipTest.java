package dev.pymirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.testing.NodeCluster;
import dev.pymirror.testing.PipInstaller;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.ToolRun;
import dev.pymirror.testing.Twine;
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
 * Issue 15, item 7: the real pip (Debian's 23.0.1 and the newest, 26.2.1) installs through nginx's
 * plain round-robin over three real nodes (one bucket of a real S3 server behind them) while one
 * node is stopped and started again, over and over: first with SIGTERM (the node drains what it
 * is answering, {@code drain-timeout}), then with SIGKILL. From a hosted index whose files were
 * uploaded with the real twine through the balancer, and from a mirror of an upstream on
 * 127.0.0.1. pip runs with {@code --retries 0}, so a request cut by a restarting node would fail
 * the install; nginx is configured as the README's "Several nodes" example
 * ({@code proxy_next_upstream error timeout}: a refused connection is tried on the next node).
 */
@Tag("slow")
class NodesBehindBalancerPipTest {

    static final String PASSWORD = "alice-password";

    @TempDir
    Path dir;

    @Test
    void pip23And26InstallFromHostedAndMirrorThroughTheBalancerWhileANodeIsStoppedOrKilledAndStarted()
            throws Exception {
        List<Wheel> hosted = new ArrayList<>();
        List<String> hostedLibs = new ArrayList<>();
        List<Wheel> upstreamWheels = new ArrayList<>();
        List<String> mirroredLibs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            hosted.add(Wheel.of("acme-lib" + i, "1.0").payload(300_000, i).build());
            hostedLibs.add("acme-lib" + i);
            upstreamWheels.add(Wheel.of("up-lib" + i, "1.0").payload(300_000, 100 + i).build());
            mirroredLibs.add("up-lib" + i);
        }
        hosted.add(Wheel.of("acme-app", "1.0").requires(hostedLibs.toArray(String[]::new)).build());
        upstreamWheels.add(Wheel.of("up-tool", "1.0").requires(mirroredLibs.toArray(String[]::new)).build());

        try (TestIndexServer upstream = TestIndexServer.start().add(upstreamWheels.toArray(Wheel[]::new));
                NodeCluster cluster = NodeCluster.startBehindNginx(dir.resolve("cluster"), 3, """
                        [index.internal]
                        kind = "hosted"
                        [index.pypi]
                        upstream = "%s"
                        """.formatted(upstream.simpleUrl()))) {
            var added = cluster.cli(0, PASSWORD + "\n", "user", "add", "alice", "--password-stdin");
            assertThat(added.exitCode()).as(added.toString()).isZero();
            Path dist = Files.createDirectories(dir.resolve("dist"));
            List<Path> files = new ArrayList<>();
            for (Wheel w : hosted) {
                files.add(Files.write(dist.resolve(w.filename()), w.bytes()));
            }
            ToolRun upload = new Twine(Files.createDirectories(dir.resolve("twine-home")))
                    .upload(cluster.balancer().resolve("/internal/").toString(), "alice", PASSWORD, files.toArray(Path[]::new));
            assertThat(upload.exitCode()).as(upload + cluster.logs()).isZero();

            List<PipInstaller> pips = List.of(PipInstaller.debian(), PipInstaller.newest(dir));
            List<Install> installs = new ArrayList<>();
            for (PipInstaller pip : pips) {
                installs.add(new Install(pip, cluster.balancer().resolve("/internal/simple/").toString(), "acme-app",
                        "acme_lib3"));
                installs.add(new Install(pip, cluster.balancer().resolve("/pypi/simple/").toString(), "up-tool",
                        "up_lib3"));
            }
            for (boolean kill : new boolean[] {false, true}) {
                installWhileRestarting(cluster, installs, kill);
            }
        }
    }

    /** One pip installing one project from one index through the balancer; {@code module} proves it arrived. */
    record Install(PipInstaller pip, String index, String project, String module) {}

    /**
     * Runs every install, round after round, while node 1 is stopped (SIGTERM, or SIGKILL when
     * {@code kill}) and started again, until it was restarted at least twice; each must succeed.
     */
    private void installWhileRestarting(NodeCluster cluster, List<Install> installs, boolean kill) throws Exception {
        String how = kill ? "SIGKILL" : "SIGTERM";
        AtomicBoolean installing = new AtomicBoolean(true);
        AtomicInteger restarts = new AtomicInteger();
        CompletableFuture<Void> restarter = CompletableFuture.runAsync(() -> {
            try {
                while (installing.get()) {
                    if (kill) {
                        cluster.kill(1);
                    } else {
                        cluster.stop(1); // asserts the drained exit 0
                    }
                    Thread.sleep(300);
                    cluster.restart(1);
                    restarts.incrementAndGet();
                    Thread.sleep(300);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        int runs = 0;
        try {
            for (int round = 0; round < 4 && (round < 1 || restarts.get() < 2); round++) {
                for (Install install : installs) {
                    Path work = Files.createDirectories(dir.resolve(how + "-" + runs++));
                    Path site = work.resolve("site");
                    ToolRun run = install.pip().pip(List.of("install", "--no-input", "--retries", "0", "--timeout",
                            "15", "--index-url", install.index(), "--target", site.toString(), install.project()),
                            Files.createDirectories(work.resolve("home")));
                    assertThat(run.exitCode()).as(install.pip() + " from " + install.index() + " while " + how + ":\n"
                            + run + "\n" + cluster.logs()).isZero();
                    assertThat(site.resolve(install.module())).isDirectory();
                }
            }
        } finally {
            installing.set(false);
            restarter.get(3, TimeUnit.MINUTES);
        }
        System.out.println("NodesBehindBalancerPipTest: " + runs + " installs through nginx, node 1 restarted after "
                + how + " " + restarts.get() + " times meanwhile");
        assertThat(restarts.get()).as("restarts after %s while pip installed", how).isGreaterThanOrEqualTo(2);
        assertThat(cluster.alive(1)).isTrue();
    }
}
