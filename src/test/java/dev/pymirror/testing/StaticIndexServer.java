package dev.pymirror.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.ResourceService;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.resource.ResourceFactory;

/**
 * A directory served over HTTP on 127.0.0.1 by Jetty's static file handler, as nginx would serve
 * a tree: {@code index.html} for a directory, byte ranges (unless turned off), ETags. It logs each
 * request as {@code GET /path} plus {@code Range: ...} when one was asked. It can wait before each
 * answer, as an index across a network does.
 */
public final class StaticIndexServer implements AutoCloseable {

    private final Server server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    static {
        // Jetty logs every step at DEBUG under Logback's default configuration; a test server need not.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.eclipse.jetty"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
    }

    private StaticIndexServer(Path root, boolean ranges, java.time.Duration latency) throws Exception {
        server = new Server(new java.net.InetSocketAddress("127.0.0.1", 0));
        ResourceHandler files = new ResourceHandler();
        files.setBaseResource(ResourceFactory.of(server).newResource(root));
        files.setDirAllowed(false);
        files.setWelcomeFiles(List.of("index.html"));
        files.setWelcomeMode(ResourceService.WelcomeMode.SERVE);
        files.setAcceptRanges(ranges);
        files.setEtags(true);
        server.setHandler(new Handler.Wrapper(files) {
            @Override
            public InvocationType getInvocationType() {
                // It may sleep: Jetty must not call it on the thread that serves every connection.
                return InvocationType.BLOCKING;
            }

            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String range = request.getHeaders().get("Range");
                requests.add(request.getMethod() + " " + request.getHttpURI().getPath() + (range == null ? "" : " Range: " + range));
                if (!latency.isZero()) {
                    Thread.sleep(latency);
                }
                return super.handle(request, response, callback);
            }
        });
        server.start();
    }

    /** Serves {@code root}, answering range requests. */
    public static StaticIndexServer serve(Path root) throws Exception {
        return new StaticIndexServer(root, true, java.time.Duration.ZERO);
    }

    /** Serves {@code root}, answering range requests, each answer {@code latency} late. */
    public static StaticIndexServer serve(Path root, java.time.Duration latency) throws Exception {
        return new StaticIndexServer(root, true, latency);
    }

    /** Serves {@code root} like a server that ignores Range and always sends whole files. */
    public static StaticIndexServer serveWithoutRanges(Path root) throws Exception {
        return new StaticIndexServer(root, false, java.time.Duration.ZERO);
    }

    /** The base URL, ending in a slash. */
    public String url() {
        return "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + "/";
    }

    public List<String> requests() {
        return List.copyOf(requests);
    }

    public void clearRequests() {
        requests.clear();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop", e);
        }
    }
}
