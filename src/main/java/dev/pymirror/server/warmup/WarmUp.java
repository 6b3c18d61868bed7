package dev.pymirror.server.warmup;

import dev.pymirror.server.PymirrorServer;
import dev.pymirror.server.StartupException;
import dev.pymirror.server.config.Audience;
import dev.pymirror.server.config.ConnectionLimits;
import dev.pymirror.server.config.IndexConfig;
import dev.pymirror.server.config.MirrorConfig;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.server.config.StaticConfig;
import dev.pymirror.server.config.StorageConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the mirror's cold path through a private server right after {@code serve} starts, so that the
 * first clients meet code the JIT has compiled rather than code run for the first time.
 *
 * <p>Why: JDK 25's ahead-of-time cache (built at package time) holds loaded classes and profiles but
 * no compiled code, so a just-started server runs its first requests interpreted; with pip asking
 * one thing at a time, a fresh pip run waited on that (BENCHMARKS.md, "A warm-up at start"). The
 * warm-up asks a mirror in the same JVM for {@link #PROJECTS} projects (page, metadata, file) whose
 * upstream is a static index of a generated tree, all on a free port of 127.0.0.1 and in a folder of
 * its own under the system's temporary folder, removed after. It never touches the served data
 * directory, its requests are in no access log or metric, and it stops early when
 * {@code stopWhen} says so.
 */
public final class WarmUp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);
    /** Enough for the request path's methods to reach the JIT's first tier, few enough to take under a second. */
    static final int PROJECTS = Integer.getInteger("pymirror.warmUpProjects", 40);

    /** How long the end waits for the private mirror's writes, which the stop then need not wait for. */
    private static final Duration WRITES = Duration.ofSeconds(10);

    private final BooleanSupplier stopWhen;
    private final Thread thread;
    private volatile boolean closed;
    private volatile int projectsDone;

    private WarmUp(BooleanSupplier stopWhen) {
        this.stopWhen = stopWhen;
        this.thread = Thread.ofPlatform().daemon().name("pymirror-warm-up").unstarted(this::run);
    }

    /**
     * Starts the warm-up on a thread of its own.
     *
     * @param stopWhen asked before each project: true stops the warm-up there
     */
    public static WarmUp inBackground(BooleanSupplier stopWhen) {
        WarmUp warmUp = new WarmUp(stopWhen);
        warmUp.thread.start();
        return warmUp;
    }

    /** How many projects went through; {@link #PROJECTS} when it ran to its end. */
    public int projectsDone() {
        return projectsDone;
    }

    /** Waits for the warm-up's end, at most {@code millis}; true when it has ended. */
    public boolean await(long millis) throws InterruptedException {
        thread.join(millis);
        return !thread.isAlive();
    }

    /** Stops the warm-up after the request under way and waits for its folder to be removed. */
    @Override
    public void close() {
        closed = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        long start = System.nanoTime();
        Path work = null;
        try {
            work = Files.createTempDirectory("pymirror-warm-up-");
            WarmUpTree tree = WarmUpTree.write(work.resolve("tree"), PROJECTS);
            try (PymirrorServer server = PymirrorServer.startUnlogged(config(work, tree));
                    WarmUpClient client = new WarmUpClient(server.baseUrl())) {
                for (String project : tree.projects()) {
                    if (closed || stopWhen.getAsBoolean()) {
                        break;
                    }
                    client.project(project, projectsDone);
                    projectsDone++;
                }
                server.awaitWrites(WRITES);
            }
            LOG.info("warmed up the request path in {} ms ({} of {} projects through a private mirror)",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), projectsDone, PROJECTS);
        } catch (IOException | StartupException | RuntimeException e) {
            // Serving goes on as it would without a warm-up: only the first requests are slower.
            LOG.warn("the warm-up stopped after {} projects: {}", projectsDone, e.getMessage());
        } finally {
            if (work != null) {
                delete(work);
            }
        }
    }

    /** A mirror of a static index of the tree, both on one free port of 127.0.0.1. */
    private static ServerConfig config(Path work, WarmUpTree tree) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Map<String, IndexConfig> indexes = new LinkedHashMap<>();
        indexes.put("pypi", MirrorConfig.defaults("pypi")
                .withUpstream(URI.create("http://127.0.0.1:" + port + "/tree/simple/")));
        indexes.put("tree", new StaticConfig("tree", Audience.ANYONE, tree.root()));
        return new ServerConfig("127.0.0.1", port, work.resolve("data"), false, "pypi", indexes,
                // Nothing to drain at its stop: its client has had every answer, and its writes were
                // waited for. A drain would wait for the idle connections its mirror keeps to itself.
                new ConnectionLimits(64, 64, 64, Duration.ZERO), StorageConfig.DATA_DIRECTORY, Map.of(), false, null);
    }

    private static void delete(Path work) {
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            LOG.debug("the warm-up's folder {} was not removed: {}", work, e.getMessage());
        }
    }
}
