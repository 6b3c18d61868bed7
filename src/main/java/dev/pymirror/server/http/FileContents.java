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
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.resource.ResourceFactory;

/**
 * The content of every stored file under the server's roots (the data directory, static trees),
 * with one in-memory cache for all of them whose size the {@link MemoryBudget} bounds: small files
 * are kept in memory, larger ones are sent from the page cache by the kernel (see
 * {@link dev.pymirror.server.sendfile}). A file is named {@code /<root number><path under the root>},
 * so that one cache holds the files of every root without mixing up equal paths under two roots.
 */
public final class FileContents implements HttpContent.Factory {

    private static final int STREAM_BUFFER_BYTES = 256 * 1024;

    /** One directory, its name with a trailing slash, the prefix of its files' names, and its files. */
    record Root(Path dir, String prefix, String key, HttpContent.Factory files) {}

    private final List<Root> roots = new ArrayList<>();
    private final CachingHttpContentFactory cache;

    /**
     * @param roots the directories whose files may be served; the first is the data directory
     * @param open where files too large for memory are kept open and mapped for sending
     * @param regions the connector's registry of file regions
     */
    public FileContents(Server server, List<Path> roots, OpenFiles open, FileRegions regions, MemoryBudget budget) {
        // Direct buffers: the socket writes them without a copy into a temporary direct buffer, and
        // a file that can be neither kept nor mapped streams from the page cache in few system calls.
        ByteBufferPool.Sized pool = new ByteBufferPool.Sized(server.getByteBufferPool(), true, STREAM_BUFFER_BYTES);
        // Jetty knows .zip and .gz but not Python's own suffixes; without these a wheel went out with
        // no Content-Type at all. A .metadata file is the wheel's METADATA, UTF-8 text.
        server.getMimeTypes().addMimeMapping("whl", "application/octet-stream");
        server.getMimeTypes().addMimeMapping("metadata", "text/plain;charset=utf-8");
        // A PEP 740 provenance object is JSON.
        server.getMimeTypes().addMimeMapping("provenance", "application/json");
        for (Path root : roots) {
            Path dir = root.toAbsolutePath().normalize();
            // Every file the cache does not keep leaves by sendfile: none is copied through a buffer.
            HttpContent.Factory files = new SendfileContentFactory(new ResourceHttpContentFactory(
                    ResourceFactory.of(server).newResource(dir), server.getMimeTypes(), pool), open, regions,
                    budget.largestCachedFile() + 1L);
            this.roots.add(new Root(dir, dir.toString().endsWith("/") ? dir.toString() : dir + "/",
                    "/" + this.roots.size(), files));
        }
        // Published files never change (a deleted one's name is never given to other bytes), so their
        // content objects can be cached as they are. Only small files are held in memory; a large one
        // would be read whole before its first byte is sent and would push every other file out.
        cache = new PublishedFilesCache(this::uncached, pool);
        cache.setMaxCacheSize(budget.fileCache());
        cache.setMaxCachedFileSize(budget.largestCachedFile());
    }

    List<Root> roots() {
        return roots;
    }

    /** The files held in memory now, in bytes. */
    public long cachedBytes() {
        return cache.getCachedSize();
    }

    @Override
    public HttpContent getContent(String name) throws IOException {
        return cache.getContent(name);
    }

    /** A file's content as its root's factory gives it, for the cache to keep or pass on. */
    private HttpContent uncached(String name) throws IOException {
        int slash = name.indexOf('/', 1);
        if (slash < 0) {
            return null;
        }
        int root;
        try {
            root = Integer.parseInt(name, 1, slash, 10);
        } catch (NumberFormatException e) {
            return null;
        }
        return root < roots.size() ? roots.get(root).files().getContent(name.substring(slash)) : null;
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
