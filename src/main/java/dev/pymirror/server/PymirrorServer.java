package dev.pymirror.server;

import dev.pymirror.server.config.MirrorConfig;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.server.http.HealthReport;
import dev.pymirror.server.http.IndexRoutes;
import dev.pymirror.server.http.StoredFiles;
import dev.pymirror.server.index.PackageIndex;
import dev.pymirror.server.http.Router;
import dev.pymirror.server.mirror.MirrorIndex;
import dev.pymirror.store.StagedFile;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.Slf4jRequestLogWriter;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running {@code pymirror serve}: Jetty on the configured address, one route set per index.
 *
 * <pre>{@code
 * try (PymirrorServer server = PymirrorServer.start(config)) {
 *     System.out.println(server.simpleUrl());
 *     server.join();
 * }
 * }</pre>
 */
public final class PymirrorServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PymirrorServer.class);

    /** Access log format: client, request line, status, bytes, time, cache status, user agent. */
    private static final String ACCESS_LOG_FORMAT =
            "%{client}a \"%r\" %s %O %{ms}Tms %{X-Pymirror-Cache}o \"%{User-Agent}i\"";

    private final ServerConfig config;
    private final Server jetty;
    private final ServerConnector connector;

    private PymirrorServer(ServerConfig config, Server jetty, ServerConnector connector) {
        this.config = config;
        this.jetty = jetty;
        this.connector = connector;
    }

    /**
     * Prepares the data directory and starts listening.
     *
     * @throws StartupException when the data directory cannot be used or the address cannot be bound,
     *     with a message saying which and why
     */
    public static PymirrorServer start(ServerConfig config) throws StartupException {
        Path data = prepareDataDir(config.dataDir());

        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("pymirror");
        // Handlers block on upstream requests and file streaming: virtual threads make that cheap.
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Server jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        // Jetty remembers each connection's header fields in a trie to skip parsing repeats; pip's
        // User-Agent (a JSON object of some 300 characters) makes the lookup cost more than parsing:
        // half the CPU of a warm page request went there.
        http.setHeaderCacheSize(0);
        // One selector per core, as nginx runs a worker per core: Jetty's default of one per two cores
        // leaves a core idle on small machines (handlers that answer from memory run on the selector).
        ServerConnector connector = new ServerConnector(jetty, 1, Runtime.getRuntime().availableProcessors(),
                new HttpConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        jetty.addConnector(connector);

        Map<String, PackageIndex> indexes = new LinkedHashMap<>();
        Map<String, IndexRoutes> routes = new LinkedHashMap<>();
        StoredFiles storedFiles = new StoredFiles(jetty, data);
        for (MirrorConfig m : config.indexes().values()) {
            try {
                MirrorIndex index = new MirrorIndex(m, data.resolve(m.name()), config.offline(), Clock.systemUTC());
                indexes.put(m.name(), index);
                routes.put(m.name(), new IndexRoutes(index, storedFiles,
                        m.connectTimeout().plus(m.readTimeout()).plusSeconds(5), m.pageTtl()));
            } catch (IOException e) {
                throw new StartupException("cannot prepare the directory of index '" + m.name() + "' under "
                        + data + ": " + e.getMessage(), e);
            }
        }
        jetty.setHandler(new Router(routes, config.defaultIndex(), new HealthReport(indexes)));
        jetty.setRequestLog(new CustomRequestLog(new Slf4jRequestLogWriter(), ACCESS_LOG_FORMAT));

        try {
            jetty.start();
        } catch (Exception e) {
            stopQuietly(jetty);
            if (causedBy(e, BindException.class)) {
                throw new StartupException("cannot listen on " + config.host() + ":" + config.port()
                        + ": the address is in use (another pymirror?) or not available here", e);
            }
            throw new StartupException("cannot start the HTTP server: " + e.getMessage(), e);
        }
        PymirrorServer server = new PymirrorServer(config, jetty, connector);
        LOG.info("serving {} ({}), data in {}", server.simpleUrl(),
                config.offline() ? "offline" : "mirror of " + config.defaultMirror().upstream(), data);
        return server;
    }

    /** The port actually bound (differs from the configured one when that was 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** The base URL of the server, ending in a slash. */
    public URI baseUrl() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        if (host.equals("0.0.0.0") || host.equals("[::]")) {
            host = "127.0.0.1";
        }
        return URI.create("http://" + host + ":" + port() + "/");
    }

    /** Where pip should point: the default index's simple URL. */
    public URI simpleUrl() {
        return baseUrl().resolve("simple/");
    }

    public ServerConfig config() {
        return config;
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        jetty.join();
    }

    @Override
    public void close() {
        stopQuietly(jetty);
    }

    /**
     * Creates the data directory, proves it writable, and sweeps away staging files left by a
     * process that was killed mid-download (they were never visible; now they are not even there).
     */
    private static Path prepareDataDir(Path dir) throws StartupException {
        Path data = dir.toAbsolutePath();
        try {
            Files.createDirectories(data);
            Path probe = Files.createTempFile(data, ".write-probe", "");
            Files.delete(probe);
        } catch (AccessDeniedException e) {
            throw new StartupException("the data directory " + data + " is not writable (permission denied)", e);
        } catch (FileSystemException e) {
            throw new StartupException("the data directory " + data + " cannot be used: " + e.getReason()
                    + " (" + e.getFile() + ")", e);
        } catch (IOException e) {
            throw new StartupException("the data directory " + data + " cannot be used: " + e.getMessage(), e);
        }
        try (Stream<Path> walk = Files.walk(data)) {
            walk.filter(p -> StagedFile.isTemporary(p) && Files.isRegularFile(p)).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                    LOG.info("removed {}, left by an interrupted write", p);
                } catch (IOException e) {
                    LOG.warn("cannot remove leftover {}: {}", p, e.getMessage());
                }
            });
        } catch (IOException e) {
            LOG.warn("cannot sweep {} for leftovers: {}", data, e.getMessage());
        }
        return data;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static void stopQuietly(Server jetty) {
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("error while stopping: {}", e.getMessage());
        }
    }
}
