package dev.pymirror.server.sendfile;

import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files kept open and mapped for sending, the most recently sent first. A file is opened and mapped
 * once and then shared by every request for it, so neither the open nor the mapping is paid per
 * request; a reference count keeps a file open while a request still sends from it after it left
 * this cache.
 *
 * <p>Java unmaps a mapping only when its buffer is garbage collected, and the kernel allows a
 * process a limited number of mappings ({@code vm.max_map_count}, 65530 by default). So mappings
 * are counted until collected, and past {@code maxMappings} no new file is mapped: {@link #acquire}
 * returns null and the caller sends the file the ordinary way.
 *
 * <p>Added to the server as a bean, so that stopping the server closes the files.
 */
public final class OpenFiles extends AbstractLifeCycle {

    private static final Logger LOG = LoggerFactory.getLogger(OpenFiles.class);
    private static final Cleaner CLEANER = Cleaner.create();

    /**
     * The largest piece one mapping covers. A Java buffer holds at most 2 GiB and wheels can be
     * larger; a file is mapped in pieces of this size, each sent as one buffer.
     */
    static final long PIECE = 1L << 30;

    private final int maxOpen;
    private final int maxMappings;
    private final AtomicInteger liveMappings = new AtomicInteger();
    private final Map<String, OpenFile> open;

    /**
     * @param maxOpen files kept open (each an open descriptor) when no request uses them
     * @param maxMappings mappings alive at once, counting ones dropped but not yet collected
     */
    public OpenFiles(int maxOpen, int maxMappings) {
        this.maxOpen = maxOpen;
        this.maxMappings = maxMappings;
        this.open = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, OpenFile> eldest) {
                if (size() > OpenFiles.this.maxOpen) {
                    eldest.getValue().release();
                    return true;
                }
                return false;
            }
        };
    }

    /**
     * The file at {@code path} open and mapped, with one reference for the caller to {@link OpenFile#release};
     * null when it cannot be (no mapping left, or the file is not what the caller saw: another size,
     * another modification time), and the caller should send it another way.
     */
    public OpenFile acquire(Path path, long size, long lastModifiedMillis) {
        String key = path.toString();
        // Opened under the lock (an open and a mapping take microseconds): requests arriving together
        // for a file not open yet share one mapping instead of racing to make one each.
        synchronized (open) {
            OpenFile known = open.get(key);
            if (known != null && known.size() == size && known.lastModifiedMillis() == lastModifiedMillis) {
                known.retain();
                return known;
            }
            if (known != null) {
                open.remove(key);
                known.release();
            }
            OpenFile opened = open(path, size, lastModifiedMillis);
            if (opened == null) {
                return null;
            }
            opened.retain(); // the caller's reference; the cache holds the first
            open.put(key, opened);
            return opened;
        }
    }

    private OpenFile open(Path path, long size, long lastModifiedMillis) {
        int pieces = (int) Math.max(1, (size + PIECE - 1) / PIECE);
        if (liveMappings.addAndGet(pieces) > maxMappings) {
            liveMappings.addAndGet(-pieces);
            return null;
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
            // The caller describes the file it saw; one replaced since (a static tree rewritten in
            // place) must not be sent under the old one's length and validators.
            if (channel.size() != size || Files.getLastModifiedTime(path).toMillis() != lastModifiedMillis) {
                throw new IOException("changed since the caller looked at it");
            }
            List<MappedByteBuffer> mapped = new ArrayList<>(pieces);
            for (long at = 0; at < size || mapped.isEmpty(); at += PIECE) {
                MappedByteBuffer piece = channel.map(FileChannel.MapMode.READ_ONLY, at, Math.min(PIECE, size - at));
                CLEANER.register(piece, liveMappings::decrementAndGet);
                mapped.add(piece);
            }
            return new OpenFile(channel, List.copyOf(mapped), size, lastModifiedMillis);
        } catch (IOException | RuntimeException e) {
            LOG.debug("not sending {} from a mapping: {}", path, e.toString());
            // Pieces already mapped give their count back when collected; the rest now.
            liveMappings.addAndGet(-pieces);
            closeQuietly(channel);
            return null;
        }
    }

    @Override
    protected void doStop() {
        clear();
    }

    /** Closes every cached file; requests still sending keep theirs until they finish. */
    public void clear() {
        synchronized (open) {
            open.values().forEach(OpenFile::release);
            open.clear();
        }
    }

    int cached() {
        synchronized (open) {
            return open.size();
        }
    }

    int liveMappings() {
        return liveMappings.get();
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was written through it
            }
        }
    }

    /** One open, mapped file; closed when the cache and every request have released it. */
    public static final class OpenFile {

        private final FileChannel channel;
        private final List<MappedByteBuffer> pieces;
        private final long size;
        private final long lastModifiedMillis;
        private final AtomicInteger references = new AtomicInteger(1);

        private OpenFile(FileChannel channel, List<MappedByteBuffer> pieces, long size, long lastModifiedMillis) {
            this.channel = channel;
            this.pieces = pieces;
            this.size = size;
            this.lastModifiedMillis = lastModifiedMillis;
        }

        FileChannel channel() {
            return channel;
        }

        long size() {
            return size;
        }

        long lastModifiedMillis() {
            return lastModifiedMillis;
        }

        /** The mapping that holds byte {@code position}, positioned so that index 0 is the start of its piece. */
        MappedByteBuffer pieceAt(long position) {
            return pieces.get((int) (position / PIECE));
        }

        void retain() {
            references.incrementAndGet();
        }

        public void release() {
            if (references.decrementAndGet() == 0) {
                closeQuietly(channel);
            }
        }
    }
}
