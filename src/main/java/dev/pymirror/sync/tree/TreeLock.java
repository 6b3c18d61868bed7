package dev.pymirror.sync.tree;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;

/** The hold a writer has on a tree ({@link MirrorTree#lock()}); released on close, or when the process ends. */
public final class TreeLock implements AutoCloseable {

    private final FileLock lock;
    private final FileChannel channel;

    TreeLock(FileLock lock, FileChannel channel) {
        this.lock = lock;
        this.channel = channel;
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
