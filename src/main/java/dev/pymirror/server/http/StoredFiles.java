package dev.pymirror.server.http;

import dev.pymirror.server.sendfile.SendfileContentFactory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.content.HttpContent;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.ResourceService;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Every stored file of every index, served by Jetty's resource service: Range, ETag,
 * Last-Modified, conditional requests and HEAD, from the server's one {@link FileContents}. One
 * instance covers the whole data directory (and the trees of static indexes), so an index can hand
 * out a file another index stored (a group serving a member's file).
 */
public final class StoredFiles {

    private final FileContents files;
    private final ResourceService service = new ResourceService();
    private final String cacheControl;

    /**
     * @param files the content of every file, shared by the server's instances
     * @param restricted the files need credentials to read: clients may keep them, shared caches may not
     */
    public StoredFiles(FileContents files, boolean restricted) {
        this.files = files;
        service.setHttpContentFactory(files);
        service.setAcceptRanges(true);
        service.setEtags(true);
        service.setDirAllowed(false);
        cacheControl = (restricted ? "private" : "public") + ", max-age=31536000, immutable";
        service.setCacheControl(cacheControl);
    }

    /**
     * Sends the bytes of a file an index holds in memory while it stores it (a
     * {@link dev.pymirror.server.index.MetadataAnswer.Held}), with the type and caching the stored
     * file gets. No validators (ETag, Last-Modified) and no ranges: the stored file that answers
     * the next request has them; a client asking for a range of this one gets it whole, as HTTP allows.
     */
    public void serveHeld(Request request, Response response, Callback callback, String filename, byte[] bytes) {
        String type = request.getContext().getMimeTypes().getMimeByExtension(filename);
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type != null ? type : "application/octet-stream");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, cacheControl);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, HttpMethod.HEAD.is(request.getMethod()) ? null : ByteBuffer.wrap(bytes), callback);
    }

    /**
     * Serves {@code file}, which must lie under one of the roots; false, with nothing sent, when
     * there is no such file (an index that believed it stored may then fetch it again).
     */
    public boolean serve(Request request, Response response, Callback callback, Path file) throws IOException {
        // The paths indexes hand over are absolute and plain: then the name under a root is a
        // substring, found without the path operations below (which cost as much as the lookup).
        String name = file.toString();
        if (file.isAbsolute() && !name.contains("/.") && name.indexOf('\\') < 0) {
            for (FileContents.Root root : files.roots()) {
                if (name.startsWith(root.prefix())
                        && serve(request, response, callback, root.key() + name.substring(root.prefix().length() - 1))) {
                    return true;
                }
            }
            return false;
        }
        Path absolute = file.toAbsolutePath().normalize();
        for (FileContents.Root root : files.roots()) {
            if (absolute.startsWith(root.dir())) {
                if (serve(request, response, callback,
                        root.key() + "/" + root.dir().relativize(absolute).toString().replace('\\', '/'))) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean serve(Request request, Response response, Callback callback, String name) throws IOException {
        HttpContent content = service.getContent(name, request);
        if (content == null) {
            return false;
        }
        if (content instanceof SendfileContentFactory.Pinnable pinnable) {
            if (!pinnable.pin()) {
                return false; // gone since it was looked at: the index is asked again
            }
            callback = Callback.from(callback, pinnable::unpin);
        }
        service.doGet(RangeHeader.usable(request), response, callback, content);
        return true;
    }
}
