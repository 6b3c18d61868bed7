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
        if (content == null || content.getContentLengthValue() < minimumSize || content.getResource() == null
                || content.getResource().getPath() == null || content.getResource().isDirectory()) {
            return content;
        }
        return new SendfileContent(content);
    }

    private final class SendfileContent extends HttpContent.Wrapper {

        SendfileContent(HttpContent content) {
            super(content);
        }

        @Override
        public void writeTo(Content.Sink sink, long offset, long length, Callback callback) {
            long size = getContentLengthValue();
            long end = length < 0 ? size : offset + length;
            if (offset < 0 || end > size || offset > end) {
                callback.failed(new IllegalArgumentException("range " + offset + "+" + length + " outside " + size + " bytes"));
                return;
            }
            Path path = getResource().getPath();
            OpenFile file = open.acquire(path, size, getLastModifiedInstant().toEpochMilli());
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
