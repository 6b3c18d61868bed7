package dev.pymirror.server.sendfile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A socket end point that sends registered file regions with {@code sendfile(2)} and everything
 * else as Jetty does. Jetty's write flusher calls {@link #flush} with the response header and body
 * buffers and calls it again, with what is left, when the socket can take more; a region that did
 * not fit keeps its position, so the next call goes on where the kernel stopped.
 */
public final class SendfileEndPoint extends SocketChannelEndPoint {

    private final FileRegions regions;

    public SendfileEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key, Scheduler scheduler,
            FileRegions regions) {
        super(channel, selector, key, scheduler);
        this.regions = regions;
    }

    @Override
    public boolean flush(ByteBuffer... buffers) throws IOException {
        int from = 0; // the first buffer not yet handed to the socket
        for (int i = 0; i < buffers.length; i++) {
            ByteBuffer buffer = buffers[i];
            FileRegions.Region region = buffer == null || !buffer.hasRemaining() ? null : regions.find(buffer);
            if (region == null) {
                continue;
            }
            if (i > from && !super.flush(Arrays.copyOfRange(buffers, from, i))) {
                return false;
            }
            if (!transfer(buffer, region)) {
                return false;
            }
            from = i + 1;
        }
        if (from == 0) {
            return super.flush(buffers); // no region: Jetty's write, without a copy of the array
        }
        return from >= buffers.length || super.flush(Arrays.copyOfRange(buffers, from, buffers.length));
    }

    /** Sends what the socket takes of {@code view}'s remaining bytes from the file; true when all went. */
    private boolean transfer(ByteBuffer view, FileRegions.Region region) throws IOException {
        long position = region.start() + view.position();
        long sent;
        try {
            sent = region.channel().transferTo(position, view.remaining(), getChannel());
        } catch (IOException e) {
            throw new EofException(e);
        }
        // Nothing sent means a full socket (Jetty waits until it drains, then calls again) or the end
        // of the file: a file cut short under the server, which must end the response, not spin.
        if (sent == 0 && position >= region.channel().size()) {
            throw new EofException("the file being sent was truncated at " + region.channel().size() + " bytes");
        }
        if (sent > 0) {
            view.position(view.position() + (int) sent);
            regions.sent(sent);
            notIdle();
        }
        return !view.hasRemaining();
    }
}
