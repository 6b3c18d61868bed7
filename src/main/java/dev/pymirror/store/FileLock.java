package dev.pymirror.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An exclusive lock held through a lock file, against other threads of this process and against
 * other processes (a {@code pymirror} command editing the state a running server reads).
 *
 * <pre>{@code
 * try (FileLock lock = FileLock.acquire(dir.resolve("users.json.lock"))) {
 *     ... read, change, publish ...
 * }
 * }</pre>
 *
 * The lock file itself stays; it holds nothing.
 */
public final class FileLock implements AutoCloseable {

    // The operating system's locks belong to the process: threads of one process take turns here first.
    private static final ConcurrentHashMap<Path, ReentrantLock> LOCAL = new ConcurrentHashMap<>();

    private final ReentrantLock local;
    private final FileChannel channel;
    private final java.nio.channels.FileLock osLock;

    private FileLock(ReentrantLock local, FileChannel channel, java.nio.channels.FileLock osLock) {
        this.local = local;
        this.channel = channel;
        this.osLock = osLock;
    }

    /** Waits for and takes the lock of {@code lockFile}, creating the file and its folder if needed. */
    public static FileLock acquire(Path lockFile) throws IOException {
        Path path = lockFile.toAbsolutePath().normalize();
        ReentrantLock local = LOCAL.computeIfAbsent(path, p -> new ReentrantLock());
        local.lock();
        try {
            Files.createDirectories(path.getParent());
            FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                return new FileLock(local, channel, channel.lock());
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            local.unlock();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            osLock.release();
            channel.close();
        } finally {
            local.unlock();
        }
    }
}
