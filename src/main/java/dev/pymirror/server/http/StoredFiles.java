package dev.pymirror.server.http;

import java.io.IOException;
import java.nio.file.Path;
import org.eclipse.jetty.http.content.CachingHttpContentFactory;
import org.eclipse.jetty.http.content.HttpContent;
import org.eclipse.jetty.http.content.ResourceHttpContentFactory;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.ResourceService;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.resource.ResourceFactory;

/**
 * Every stored file of every index, served by Jetty's resource service: Range, ETag,
 * Last-Modified, conditional requests and HEAD, with small files kept in memory. One instance
 * covers the whole data directory, so an index can hand out a file another index stored (a group
 * serving a member's file).
 */
public final class StoredFiles {

    private final Path root;
    private final ResourceService service = new ResourceService();

    public StoredFiles(Server server, Path root) {
        this.root = root.toAbsolutePath();
        ByteBufferPool.Sized pool = new ByteBufferPool.Sized(server.getByteBufferPool());
        var direct = new ResourceHttpContentFactory(ResourceFactory.of(server).newResource(this.root),
                server.getMimeTypes(), pool);
        // Published files never change (a deleted one is asked for by name no more), so their content
        // objects can be cached as they are.
        service.setHttpContentFactory(new CachingHttpContentFactory(direct, pool));
        service.setAcceptRanges(true);
        service.setEtags(true);
        service.setDirAllowed(false);
        service.setCacheControl("public, max-age=31536000, immutable");
    }

    /** Serves {@code file}, which must lie under the data directory. */
    public void serve(Request request, Response response, Callback callback, Path file) throws IOException {
        Path absolute = file.toAbsolutePath().normalize();
        HttpContent content = absolute.startsWith(root)
                ? service.getContent("/" + root.relativize(absolute).toString().replace('\\', '/'), request)
                : null;
        if (content == null) {
            Replies.text(request, response, callback, 404, "no such file: " + file.getFileName());
            return;
        }
        service.doGet(request, response, callback, content);
    }
}
