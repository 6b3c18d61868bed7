package dev.pymirror.inject;

import dev.pymirror.hash.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Copies of the files inject replaces, kept inside the root, and putting them back.
 *
 * <p>A copy (not a move) is taken, so the original stays in place until the new file is renamed
 * over it. Its hash, size, mode, owner, group and time go into the record; eject checks the copy
 * against them before it touches anything, and restores all of them.
 */
final class Backups {

    private Backups() {}

    /** Copies the file or link at {@code path} to {@code backup} (both inside the root) and describes it. */
    static ChangeRecord.Original save(ImageRoot root, String path, String backup) throws IOException {
        Path source = root.resolve(path);
        Path copy = root.resolve(backup);
        FileAttributes attributes = FileAttributes.read(source);
        String modified = attributes.modified().toInstant().toString();
        if (Files.isSymbolicLink(source)) {
            String target = Files.readSymbolicLink(source).toString();
            Files.deleteIfExists(copy);
            Files.createSymbolicLink(copy, Path.of(target));
            return new ChangeRecord.Original(ChangeRecord.Original.SYMLINK, backup, null, null, null,
                    attributes.uid(), attributes.gid(), modified, target);
        }
        Files.deleteIfExists(copy);
        Files.copy(source, copy, LinkOption.NOFOLLOW_LINKS);
        // The copy may hold credentials (an index URL with a password): only root reads it.
        Files.setAttribute(copy, "unix:mode", 0600);
        try (var channel = java.nio.channels.FileChannel.open(copy, java.nio.file.StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        return new ChangeRecord.Original(ChangeRecord.Original.FILE, backup, sha256(copy), Files.size(copy),
                FileAttributes.formatMode(attributes.mode()), attributes.uid(), attributes.gid(), modified, null);
    }

    /**
     * Checks that the backup of a replaced file is what the record says.
     *
     * @throws InjectException.RecordMismatch naming what differs
     */
    static void verify(ImageRoot root, RecordLayout layout, ChangeRecord.Change change) throws IOException {
        ChangeRecord.Original original = change.original();
        String where = "the backup of " + change.path();
        if (original == null || original.type() == null || original.backup() == null || original.modified() == null) {
            throw new InjectException.RecordMismatch("the record describes no original for " + change.path());
        }
        if (!ImageRoot.isWellFormed(original.backup()) || !original.backup().startsWith(layout.backups() + "/")) {
            throw new InjectException.RecordMismatch("the record keeps " + where + " at '" + original.backup()
                    + "', outside " + layout.backups());
        }
        parseTime(original.modified(), change.path());
        ImageRoot.Entry entry = root.entry(original.backup());
        switch (original.type()) {
            case ChangeRecord.Original.FILE -> {
                if (entry != ImageRoot.Entry.FILE) {
                    throw new InjectException.RecordMismatch(where + " (" + root.describe(original.backup())
                            + ") is " + (entry == ImageRoot.Entry.ABSENT ? "missing" : "not a regular file")
                            + "; the root does not match its record");
                }
                if (original.sha256() == null || original.size() == null || original.mode() == null) {
                    throw new InjectException.RecordMismatch("the record lacks the hash, size or mode of " + change.path());
                }
                try {
                    FileAttributes.parseMode(original.mode());
                } catch (NumberFormatException e) {
                    throw new InjectException.RecordMismatch("the record gives " + change.path() + " the mode '"
                            + original.mode() + "', which is not an octal mode");
                }
                Path copy = root.resolve(original.backup());
                long size = Files.size(copy);
                String sha = sha256(copy);
                if (size != original.size() || !sha.equals(original.sha256())) {
                    throw new InjectException.RecordMismatch(where + " (" + root.describe(original.backup())
                            + ") has changed since inject: " + size + " bytes with SHA-256 " + sha + ", the record says "
                            + original.size() + " bytes with SHA-256 " + original.sha256()
                            + "; the root does not match its record");
                }
            }
            case ChangeRecord.Original.SYMLINK -> {
                if (original.target() == null) {
                    throw new InjectException.RecordMismatch("the record lacks the link target of " + change.path());
                }
                if (entry != ImageRoot.Entry.SYMLINK) {
                    throw new InjectException.RecordMismatch(where + " (" + root.describe(original.backup()) + ") is "
                            + (entry == ImageRoot.Entry.ABSENT ? "missing" : "not a link")
                            + "; the root does not match its record");
                }
                String target = Files.readSymbolicLink(root.resolve(original.backup())).toString();
                if (!target.equals(original.target())) {
                    throw new InjectException.RecordMismatch(where + " points to " + target + ", the record says "
                            + original.target() + "; the root does not match its record");
                }
            }
            default -> throw new InjectException.RecordMismatch("the record gives " + change.path()
                    + " the unknown type '" + original.type() + "'");
        }
    }

    /** Puts a verified backup back at its path, with its mode, owner, group and time. */
    static void restore(ImageRoot root, ChangeRecord.Change change) throws IOException {
        ChangeRecord.Original original = change.original();
        Path target = root.resolve(change.path());
        FileTime modified = parseTime(original.modified(), change.path());
        if (original.type().equals(ChangeRecord.Original.SYMLINK)) {
            AtomicFile.symlink(target, original.target(),
                    new FileAttributes(0, original.uid(), original.gid(), modified));
        } else {
            AtomicFile.copy(root.resolve(original.backup()), target,
                    new FileAttributes(FileAttributes.parseMode(original.mode()), original.uid(), original.gid(),
                            modified));
        }
    }

    /** The hex SHA-256 of a file's bytes (a link is not followed: it is not the file's). */
    static String sha256(Path file) throws IOException {
        return Sha256.hexOf(file, LinkOption.NOFOLLOW_LINKS);
    }

    private static FileTime parseTime(String text, String path) {
        try {
            return FileTime.from(Instant.parse(text));
        } catch (DateTimeParseException e) {
            throw new InjectException.RecordMismatch("the record gives " + path + " the time '" + text
                    + "', which is not an ISO-8601 instant");
        }
    }
}
