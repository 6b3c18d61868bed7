package dev.pymirror.server.sendfile;

import java.net.URI;
import java.nio.file.Path;
import java.util.function.Function;
import org.eclipse.jetty.http.content.HttpContent;
import org.eclipse.jetty.http.content.ResourceHttpContentFactory;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.ResourceService;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.resource.ResourceFactory;

/**
 * A Jetty server that serves one directory through Jetty's resource service and the content
 * factory a test builds over it, on the sendfile connector or on Jetty's own.
 */
final class FileServer implements AutoCloseable {

    private final Server server = new Server();
    private final URI base;

    /**
     * @param factories builds the content factory from Jetty's own over {@code dir} and a pool of direct buffers
     */
    FileServer(Path dir, FileRegions regions, boolean sendfileConnector,
            Function<Contents, HttpContent.Factory> factories, Object... beans) throws Exception {
        ServerConnector connector = sendfileConnector
                ? new SendfileConnector(server, 1, 1, regions, new HttpConnectionFactory())
                : new ServerConnector(server, 1, 1, new HttpConnectionFactory());
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        for (Object bean : beans) {
            server.addBean(bean);
        }
        ByteBufferPool.Sized pool = new ByteBufferPool.Sized(server.getByteBufferPool(), true, 64 * 1024);
        ResourceService service = new ResourceService();
        service.setHttpContentFactory(factories.apply(new Contents(new ResourceHttpContentFactory(
                ResourceFactory.of(server).newResource(dir), server.getMimeTypes(), pool), pool)));
        service.setAcceptRanges(true);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                HttpContent content = service.getContent(Request.getPathInContext(request), request);
                if (content == null) {
                    Response.writeError(request, response, callback, 404);
                } else {
                    service.doGet(request, response, callback, content);
                }
                return true;
            }
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
    }

    /** Jetty's content factory over the directory, and the pool it reads with. */
    record Contents(HttpContent.Factory factory, ByteBufferPool.Sized pool) {}

    URI base() {
        return base;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
