package dev.pymirror.server.http;

import dev.pymirror.server.sendfile.FileRegions;
import dev.pymirror.server.sendfile.OpenFiles;
import dev.pymirror.server.sendfile.SendfileContentFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * Last-Modified, conditional requests and HEAD, with small files kept in memory and larger ones
 * sent from the page cache by the kernel (see {@link dev.pymirror.server.sendfile}). One instance
 * covers the whole data directory (and the trees of static indexes), so an index can hand out a
 * file another index stored (a group serving a member's file).
 */
public final class StoredFiles {

    private static final int STREAM_BUFFER_BYTES = 256 * 1024;
    private static final int MAX_FILE_IN_MEMORY = 1024 * 1024;

    /** One directory (and its name with a trailing slash) and the resource service over it. */
    private record Root(Path dir, String prefix, ResourceService service) {}

    private final List<Root> roots = new ArrayList<>();

    /**
     * @param roots the directories whose files may be served; the first is the data directory
     * @param restricted the files need credentials to read: clients may keep them, shared caches may not
     * @param open where files too large for memory are kept open and mapped for sending
     * @param regions the connector's registry of file regions
     */
    public StoredFiles(Server server, List<Path> roots, boolean restricted, OpenFiles open, FileRegions regions) {
        // Direct buffers of 256 KiB: the socket writes them without a copy into a temporary direct
        // buffer, and a large file streams from the page cache in few system calls.
        ByteBufferPool.Sized pool = new ByteBufferPool.Sized(server.getByteBufferPool(), true, STREAM_BUFFER_BYTES);
        // Jetty knows .zip and .gz but not Python's own suffixes; without these a wheel went out with
        // no Content-Type at all. A .metadata file is the wheel's METADATA, UTF-8 text.
        server.getMimeTypes().addMimeMapping("whl", "application/octet-stream");
        server.getMimeTypes().addMimeMapping("metadata", "text/plain;charset=utf-8");
        // A PEP 740 provenance object is JSON.
        server.getMimeTypes().addMimeMapping("provenance", "application/json");
        for (Path root : roots) {
            Path dir = root.toAbsolutePath().normalize();
            ResourceService service = new ResourceService();
            var direct = new SendfileContentFactory(new ResourceHttpContentFactory(
                    ResourceFactory.of(server).newResource(dir), server.getMimeTypes(), pool), open, regions,
                    MAX_FILE_IN_MEMORY + 1);
            // Published files never change (a deleted one's name is never given to other bytes), so
            // their content objects can be cached as they are. Only small files are held in memory; a
            // large one would be read whole before its first byte is sent and would push every other
            // file out of the cache.
            CachingHttpContentFactory cache = new PublishedFilesCache(direct, pool);
            cache.setMaxCachedFileSize(MAX_FILE_IN_MEMORY);
            service.setHttpContentFactory(cache);
            service.setAcceptRanges(true);
            service.setEtags(true);
            service.setDirAllowed(false);
            service.setCacheControl((restricted ? "private" : "public") + ", max-age=31536000, immutable");
            this.roots.add(new Root(dir, dir.toString().endsWith("/") ? dir.toString() : dir + "/", service));
        }
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
            for (Root root : roots) {
                if (name.startsWith(root.prefix())
                        && serve(request, response, callback, root, name.substring(root.prefix().length() - 1))) {
                    return true;
                }
            }
            return false;
        }
        Path absolute = file.toAbsolutePath().normalize();
        for (Root root : roots) {
            if (absolute.startsWith(root.dir())) {
                if (serve(request, response, callback, root,
                        "/" + root.dir().relativize(absolute).toString().replace('\\', '/'))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean serve(Request request, Response response, Callback callback, Root root, String path)
            throws IOException {
        HttpContent content = root.service().getContent(path, request);
        if (content == null) {
            return false;
        }
        if (content instanceof SendfileContentFactory.Pinnable pinnable) {
            if (!pinnable.pin()) {
                return false; // gone since it was looked at: the index is asked again
            }
            callback = Callback.from(callback, pinnable::unpin);
        }
        root.service().doGet(RangeHeader.usable(request), response, callback, content);
        return true;
    }

    /**
     * Jetty's cache, except that it never remembers a file as missing: a file an index does not
     * have yet may be stored a moment later, and must be served then.
     */
    private static final class PublishedFilesCache extends CachingHttpContentFactory {

        PublishedFilesCache(HttpContent.Factory files, ByteBufferPool.Sized pool) {
            super(files, pool);
        }

        @Override
        protected boolean isCacheable(HttpContent content) {
            return content != null && super.isCacheable(content);
        }
    }
}
