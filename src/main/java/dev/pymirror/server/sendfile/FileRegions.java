package dev.pymirror.server.sendfile;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The buffers handed to Jetty that stand for a part of a file, and the file each one stands for.
 * A buffer is registered while its write is under way; the end point looks buffers up by identity
 * (a {@link ByteBuffer}'s own {@code equals} compares contents, which would read the mapping).
 */
public final class FileRegions {

    /** What a registered buffer stands for: byte {@code i} of it is byte {@code start + i} of the file. */
    record Region(FileChannel channel, long start) {}

    /** A map key comparing buffers by identity. */
    private record Identity(ByteBuffer buffer) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Identity other && other.buffer == buffer;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(buffer);
        }
    }

    private final Map<Identity, Region> regions = new ConcurrentHashMap<>();
    private final LongAdder sentByTransfer = new LongAdder();

    /**
     * Registers {@code view} (a direct buffer holding the same bytes, or a mapping of them), whose
     * byte at index 0 (not its position) is byte {@code start} of the file open as {@code channel}.
     */
    void register(ByteBuffer view, FileChannel channel, long start) {
        regions.put(new Identity(view), new Region(channel, start));
    }

    void unregister(ByteBuffer view) {
        regions.remove(new Identity(view));
    }

    /** The region {@code buffer} stands for, or null for an ordinary buffer. */
    Region find(ByteBuffer buffer) {
        // Only direct buffers are ever registered, and mostly none are: the common case costs two checks.
        return buffer.isDirect() && !regions.isEmpty() ? regions.get(new Identity(buffer)) : null;
    }

    void sent(long bytes) {
        sentByTransfer.add(bytes);
    }

    /** Bytes sent from files by the kernel since start: what shows that the sendfile path is taken. */
    public long bytesSentByTransfer() {
        return sentByTransfer.sum();
    }

    /** How many writes of file regions are under way. */
    public int inFlight() {
        return regions.size();
    }
}
