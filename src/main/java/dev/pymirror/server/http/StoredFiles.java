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

    private static final int STREAM_BUFFER_BYTES = 256 * 1024;
    private static final int MAX_FILE_IN_MEMORY = 1024 * 1024;

    private final Path root;
    private final ResourceService service = new ResourceService();

    public StoredFiles(Server server, Path root) {
        this.root = root.toAbsolutePath();
        // Direct buffers of 256 KiB: the socket writes them without a copy into a temporary direct
        // buffer, and a large file streams from the page cache in few system calls.
        ByteBufferPool.Sized pool = new ByteBufferPool.Sized(server.getByteBufferPool(), true, STREAM_BUFFER_BYTES);
        var direct = new ResourceHttpContentFactory(ResourceFactory.of(server).newResource(this.root),
                server.getMimeTypes(), pool);
        // Published files never change (a deleted one is asked for by name no more), so their content
        // objects can be cached as they are. Only small files are held in memory; a large one would be
        // read whole before its first byte is sent and would push every other file out of the cache.
        CachingHttpContentFactory cache = new CachingHttpContentFactory(direct, pool);
        cache.setMaxCachedFileSize(MAX_FILE_IN_MEMORY);
        service.setHttpContentFactory(cache);
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
