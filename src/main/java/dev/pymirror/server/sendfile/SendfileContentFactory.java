package dev.pymirror.server.sendfile;

import dev.pymirror.server.sendfile.OpenFiles.OpenFile;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import org.eclipse.jetty.http.content.HttpContent;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * Wraps a content factory so that files of at least {@code minimumSize} bytes are written as
 * registered file regions (see the package comment); smaller ones, and anything that cannot be
 * opened and mapped, are written as the wrapped factory writes them. Headers, ranges and
 * conditional requests stay the resource service's business: only the body changes hands.
 */
public final class SendfileContentFactory implements HttpContent.Factory {

    private final HttpContent.Factory files;
    private final OpenFiles open;
    private final FileRegions regions;
    private final long minimumSize;

    public SendfileContentFactory(HttpContent.Factory files, OpenFiles open, FileRegions regions, long minimumSize) {
        this.files = files;
        this.open = open;
        this.regions = regions;
        this.minimumSize = minimumSize;
    }

    @Override
    public HttpContent getContent(String path) throws IOException {
        HttpContent content = files.getContent(path);
        if (content != null && content.getResource() != null && content.getContentLengthValue() < 0) {
            return null; // removed since the wrapped factory found it: as if never there
        }
        if (content == null || content.getContentLengthValue() < minimumSize || content.getResource() == null
                || content.getResource().getPath() == null || content.getResource().isDirectory()) {
            return content;
        }
        return new SendfileContent(content);
    }

    /**
     * A content whose file can be opened before its response starts: a file removed between the
     * look at it (its size, for the headers) and its opening (the cache's retention evicts files)
     * would otherwise fail a response already promised.
     */
    public interface Pinnable {
        /**
         * Opens the file now and keeps it open until {@link #unpin}; false when it is gone (nothing
         * is kept open then). Removing it afterwards does not change what is sent.
         */
        boolean pin();

        void unpin();
    }

    private final class SendfileContent extends HttpContent.Wrapper implements Pinnable {

        private OpenFile pinned;
        // Read once: the wrapped content asks the file each time, and a file removed meanwhile
        // would answer -1 for the length the headers already gave.
        private final long length;
        private final java.time.Instant lastModified;
        private final org.eclipse.jetty.http.HttpField contentLength;
        private final org.eclipse.jetty.http.HttpField lastModifiedField;
        private final org.eclipse.jetty.http.HttpField etag;

        SendfileContent(HttpContent content) {
            super(content);
            this.length = content.getContentLengthValue();
            this.lastModified = content.getLastModifiedInstant();
            this.contentLength = content.getContentLength();
            this.lastModifiedField = content.getLastModified();
            this.etag = content.getETag();
        }

        @Override
        public long getContentLengthValue() {
            return length;
        }

        @Override
        public org.eclipse.jetty.http.HttpField getContentLength() {
            return contentLength;
        }

        @Override
        public java.time.Instant getLastModifiedInstant() {
            return lastModified;
        }

        @Override
        public org.eclipse.jetty.http.HttpField getLastModified() {
            return lastModifiedField;
        }

        @Override
        public org.eclipse.jetty.http.HttpField getETag() {
            return etag;
        }

        @Override
        public String getETagValue() {
            return etag == null ? null : etag.getValue();
        }

        @Override
        public boolean pin() {
            Path path = getResource().getPath();
            pinned = open.acquire(path, getContentLengthValue(), getLastModifiedInstant().toEpochMilli());
            // Not opened for another reason (no mapping left): sent the plain way, as before.
            return pinned != null || java.nio.file.Files.exists(path);
        }

        @Override
        public void unpin() {
            if (pinned != null) {
                pinned.release();
                pinned = null;
            }
        }

        @Override
        public void writeTo(Content.Sink sink, long offset, long length, Callback callback) {
            long size = getContentLengthValue();
            long end = length < 0 ? size : offset + length;
            if (offset < 0 || end > size || offset > end) {
                callback.failed(new IllegalArgumentException("range " + offset + "+" + length + " outside " + size + " bytes"));
                return;
            }
            OpenFile file;
            if (pinned != null) {
                file = pinned;
                file.retain(); // this write's reference; the pin keeps its own until unpinned
            } else {
                file = open.acquire(getResource().getPath(), size, getLastModifiedInstant().toEpochMilli());
            }
            if (file == null) {
                super.writeTo(sink, offset, length, callback);
                return;
            }
            writePieces(sink, file, offset, end, Callback.from(callback, file::release));
        }

        /** Writes {@code [from, end)} one mapped piece at a time; the last write ends the body. */
        private void writePieces(Content.Sink sink, OpenFile file, long from, long end, Callback done) {
            if (from == end) {
                sink.write(true, BufferUtil.EMPTY_BUFFER, done); // an empty range: nothing to map
                return;
            }
            MappedByteBuffer piece = file.pieceAt(from);
            long pieceStart = from - from % OpenFiles.PIECE;
            long to = Math.min(end, pieceStart + OpenFiles.PIECE);
            MappedByteBuffer view = piece.slice((int) (from - pieceStart), (int) (to - from));
            regions.register(view, file.channel(), from);
            boolean last = to == end;
            // Completing only unregisters and passes on: as blocking, or not, as the callback passed on to.
            sink.write(last, view, Callback.from(done.getInvocationType(), () -> {
                regions.unregister(view);
                if (last) {
                    done.succeeded();
                } else {
                    writePieces(sink, file, to, end, done);
                }
            }, failure -> {
                regions.unregister(view);
                done.failed(failure);
            }));
        }
    }
}
