package dev.pymirror.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A lock one process holds for as long as it owns something (a server, its data directory), with
 * a line in the lock file saying who it is, so that whoever finds it taken can say by whom.
 * The operating system releases it when the process ends, however it ends: a kill leaves no
 * stale lock to clear by hand.
 */
public final class OwnerLock implements AutoCloseable {

    /**
     * Locks this process holds. Asking the operating system again from the same process would fail
     * in Java, and closing the channel of that attempt would drop the lock held (POSIX locks belong
     * to the process, and any close of the file releases them).
     */
    private static final ConcurrentHashMap<Path, OwnerLock> HELD = new ConcurrentHashMap<>();

    private final Path file;
    private final FileChannel channel;
    private final String owner;

    private OwnerLock(Path file, FileChannel channel, String owner) {
        this.file = file;
        this.channel = channel;
        this.owner = owner;
    }

    /** Raised when another owner holds the lock. */
    public static final class HeldException extends Exception {
        private final String owner;

        HeldException(String owner) {
            super(owner);
            this.owner = owner;
        }

        /** Who holds it, as that owner described itself. */
        public String owner() {
            return owner;
        }
    }

    /**
     * Takes the lock of {@code file} for this process, writing {@code owner} into it.
     *
     * @throws HeldException when another process, or another owner in this one, holds it
     */
    public static OwnerLock acquire(Path file, String owner) throws IOException, HeldException {
        Path path = file.toAbsolutePath().normalize();
        synchronized (HELD) {
            OwnerLock mine = HELD.get(path);
            if (mine != null) {
                throw new HeldException(mine.owner);
            }
            FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            try {
                java.nio.channels.FileLock lock = channel.tryLock();
                if (lock == null) {
                    String other = read(channel);
                    channel.close();
                    throw new HeldException(other);
                }
                channel.truncate(0);
                channel.write(ByteBuffer.wrap((owner + "\n").getBytes(StandardCharsets.UTF_8)), 0);
                channel.force(false);
                OwnerLock held = new OwnerLock(path, channel, owner);
                HELD.put(path, held);
                return held;
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }
    }

    /** Who holds the lock of {@code file} now, or empty when nobody does. */
    public static Optional<String> owner(Path file) throws IOException {
        Path path = file.toAbsolutePath().normalize();
        synchronized (HELD) {
            OwnerLock mine = HELD.get(path);
            if (mine != null) {
                return Optional.of(mine.owner);
            }
            if (!Files.exists(path)) {
                return Optional.empty();
            }
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                java.nio.channels.FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    return Optional.of("this process");
                }
                if (lock != null) {
                    lock.release();
                    return Optional.empty();
                }
                return Optional.of(read(channel));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
        }
    }

    private static String read(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "another process" : text;
    }

    @Override
    public void close() throws IOException {
        synchronized (HELD) {
            HELD.remove(file, this);
            channel.close(); // releases the lock; the file stays, and says who held it last
        }
    }
}
