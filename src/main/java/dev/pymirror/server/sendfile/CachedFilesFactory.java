package dev.pymirror.server.sendfile;

import dev.pymirror.server.sendfile.OpenFiles.OpenFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.eclipse.jetty.http.content.CachingHttpContentFactory;
import org.eclipse.jetty.http.content.HttpContent;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's cache of small files in memory, with two changes. A kept file of at least
 * {@code minimumSendfileSize} bytes leaves by sendfile from the file when the connection can (its
 * bytes in memory are the buffer Jetty is handed, registered as the file's region, so a connection
 * that cannot send files writes them from memory as before): copying a 50 KB wheel into the socket
 * cost more than the rest of answering it. And a missing file is never remembered as missing: an
 * index that does not have a file yet may store it a moment later.
 */
public final class CachedFilesFactory extends CachingHttpContentFactory {

    private final OpenFiles open;
    private final FileRegions regions;
    private final long minimumSendfileSize;

    /** @param open where the kept files are held open for sending; {@link OpenFiles#withoutMappings} */
    public CachedFilesFactory(HttpContent.Factory files, ByteBufferPool.Sized pool, OpenFiles open, FileRegions regions,
            long minimumSendfileSize) {
        super(files, pool);
        this.open = open;
        this.regions = regions;
        this.minimumSendfileSize = minimumSendfileSize;
    }

    @Override
    protected boolean isCacheable(HttpContent content) {
        return content != null && super.isCacheable(content);
    }

    @Override
    protected CachingHttpContent newCachedContent(String path, HttpContent content) {
        return content.getContentLengthValue() >= minimumSendfileSize && content.getResource() != null
                && content.getResource().getPath() != null
                ? new SentFromFile(path, content, content.getResource().getPath())
                : super.newCachedContent(path, content);
    }

    /** A kept file whose one whole write is registered as the file's region. */
    private final class SentFromFile extends CachedHttpContent {

        private final Path file;

        SentFromFile(String key, HttpContent content, Path file) {
            super(key, content);
            this.file = file;
        }

        @Override
        public void writeTo(Content.Sink sink, long offset, long length, Callback callback) {
            long size = getContentLengthValue();
            OpenFile opened = open.acquire(file, size, getLastModifiedInstant().toEpochMilli());
            if (opened == null) {
                super.writeTo(sink, offset, length, callback);
                return;
            }
            long count = length < 0 ? size - offset : length;
            super.writeTo((last, buffer, written) -> {
                // Only the write of the whole range is the file's bytes from offset on; anything else
                // (Jetty's cache reading the file again when it was just dropped) goes out as it is.
                if (buffer == null || !buffer.isDirect() || buffer.remaining() != count) {
                    sink.write(last, buffer, written);
                    return;
                }
                ByteBuffer view = buffer;
                // Its remaining bytes are the range: byte i of the buffer is byte offset - position + i of the file.
                regions.register(view, opened.channel(), offset - view.position());
                sink.write(last, view, Callback.from(written, () -> regions.unregister(view)));
            }, offset, length, Callback.from(callback, opened::release));
        }
    }
}
