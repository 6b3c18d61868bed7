package dev.pymirror.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Optional;

/**
 * Which version of a file is on disk, to notice in one {@code stat} that another process replaced
 * it. Files here are replaced by renaming a new file over them, which gives a new file key (inode)
 * even when the modification time did not tick.
 *
 * @param fileKey the file system's identity of the file, or null where it has none
 * @param modified the modification time
 * @param size the size in bytes
 */
public record FileVersion(Object fileKey, FileTime modified, long size) {

    /** The version of {@code file} now, or empty when there is no such file. */
    public static Optional<FileVersion> of(Path file) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return Optional.of(new FileVersion(a.fileKey(), a.lastModifiedTime(), a.size()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }
}
