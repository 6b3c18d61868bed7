package dev.pymirror.inject;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Puts a file or link in place in one step: it is made under a temporary name beside its target,
 * given its attributes, forced to disk, and renamed over the target, so a crash leaves the old entry
 * or the new one, never half a file. A link at the target is replaced, not followed.
 */
final class AtomicFile {

    private static final String TEMP_PREFIX = ".pymirror-";

    private AtomicFile() {}

    /**
     * Writes {@code bytes} at {@code target} with the owner, group and mode of {@code attributes}, or,
     * when that is null, this process's owner and {@code newMode}.
     */
    static void write(Path target, byte[] bytes, FileAttributes attributes, int newMode) throws IOException {
        Path temp = tempBeside(target);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (attributes == null) {
                Files.setAttribute(temp, "unix:mode", newMode);
            } else {
                attributes.applyTo(temp, false, false);
            }
            moveInto(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Copies the file {@code source} to {@code target}, then gives it the attributes, time included. */
    static void copy(Path source, Path target, FileAttributes attributes) throws IOException {
        Path temp = tempBeside(target);
        try {
            Files.copy(source, temp);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            attributes.applyTo(temp, false, true);
            moveInto(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Makes a link to {@code linkTarget} at {@code target}, with the attributes, time included. */
    static void symlink(Path target, String linkTarget, FileAttributes attributes) throws IOException {
        Path temp = tempBeside(target);
        try {
            Files.createSymbolicLink(temp, Path.of(linkTarget));
            attributes.applyTo(temp, true, true);
            moveInto(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Forces a directory's entries to disk, so a rename or removal in it survives a crash. */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static void moveInto(Path temp, Path target) throws IOException {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(target.getParent());
    }

    private static Path tempBeside(Path target) {
        return target.resolveSibling(TEMP_PREFIX + UUID.randomUUID() + ".tmp");
    }
}
