package dev.pymirror.inject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Undoes an injection from the record inside the root: unmounts, restores every replaced file byte
 * for byte with its mode, owner, group and time, removes what did not exist, then removes its own
 * backups and record.
 *
 * <p>The record is checked whole before anything changes, so a record that does not match the root
 * changes nothing. Every step can be repeated: after a crash of the build (the record left, a mount
 * maybe still there), after a crash of eject itself, or when eject is run twice.
 */
public final class Ejector {

    private static final Set<String> KINDS = Set.of("bind", "proc", "sysfs");

    private final Checkpoint checkpoint;
    private final RecordLayout layout;

    public Ejector() {
        this(Checkpoint.NONE);
    }

    /** Undoes the records kept in {@code layout} (another command's than inject's). */
    public Ejector(RecordLayout layout) {
        this(Checkpoint.NONE, layout);
    }

    Ejector(Checkpoint checkpoint) {
        this(checkpoint, RecordLayout.INJECT);
    }

    Ejector(Checkpoint checkpoint, RecordLayout layout) {
        this.checkpoint = checkpoint;
        this.layout = layout;
    }

    /** Ejects a root; a root with no record is reported as having nothing to eject. */
    public Report eject(ImageRoot root) throws IOException {
        Optional<ChangeRecord> found = RecordFile.read(root, layout);
        if (found.isEmpty()) {
            return new Report(List.of(), List.of("nothing to eject: " + root + " holds no pymirror record ("
                    + layout.record() + ")"));
        }
        ChangeRecord record = found.get();
        List<String> actions = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        checkShape(root, record);
        if (record.root() != null && !record.root().equals(root.toString())) {
            warnings.add("the record was made when the root was at " + record.root() + "; ejecting " + root);
        }

        if (record.state() == ChangeRecord.State.INJECTED) {
            for (ChangeRecord.Change change : record.changes()) {
                if (change.action() == ChangeRecord.Action.REPLACE) {
                    Backups.verify(root, layout, change);
                }
            }
            for (ChangeRecord.Mount mount : record.mounts().reversed()) {
                Path point = root.resolve(mount.path());
                checkpoint.reached("unmount " + mount.path());
                if (Mounts.isMountPoint(point)) {
                    Privileges.requireRoot("unmounting " + point, null);
                    try {
                        Mounts.unmount(point);
                    } catch (IOException e) {
                        throw new InjectException("cannot unmount " + point + ": " + e.getMessage()
                                + ". Stop what uses it and run eject again; no file was restored yet", e);
                    }
                    actions.add("unmounted " + mount.path());
                }
            }
            for (ChangeRecord.Change change : record.changes().reversed()) {
                checkpoint.reached("undo " + change.action().name().toLowerCase(java.util.Locale.ROOT) + " " + change.path());
                undo(root, change, actions, warnings);
            }
            checkpoint.reached("mark restored");
            RecordFile.write(root, layout, record.withState(ChangeRecord.State.RESTORED));
        }

        // Everything is back; now pymirror's own files go, the record last but for its directories.
        for (ChangeRecord.Change change : record.changes()) {
            if (change.action() == ChangeRecord.Action.REPLACE) {
                checkpoint.reached("delete backup " + change.original().backup());
                Files.deleteIfExists(root.resolve(change.original().backup()));
            }
        }
        if (record.ownDirectories().contains(layout.backups()) && root.entry(layout.backups()) == ImageRoot.Entry.DIRECTORY) {
            // pymirror made this directory: whatever is in it is a backup, perhaps from an inject that
            // crashed before its record listed it.
            try (var left = Files.newDirectoryStream(root.resolve(layout.backups()))) {
                for (Path backup : left) {
                    if (!Files.isDirectory(backup, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Files.delete(backup);
                    }
                }
            }
        }
        checkpoint.reached("delete record");
        RecordFile.delete(root, layout);
        for (String dir : record.ownDirectories().reversed()) {
            if (root.isEmptyDirectory(dir)) {
                Files.delete(root.resolve(dir));
            } else if (root.entry(dir) != ImageRoot.Entry.ABSENT) {
                warnings.add("left " + dir + " in place: something other than pymirror put files in it");
            }
        }
        actions.add("removed the record " + layout.record());
        return new Report(actions, warnings);
    }

    private static void undo(ImageRoot root, ChangeRecord.Change change, List<String> actions, List<String> warnings)
            throws IOException {
        String path = change.path();
        ImageRoot.Entry entry = root.entry(path);
        switch (change.action()) {
            case REPLACE -> {
                if (entry == ImageRoot.Entry.FILE && !Backups.sha256(root.resolve(path)).equals(change.sha256())) {
                    warnings.add(path + " was changed during the build; its original is restored all the same");
                } else if (entry == ImageRoot.Entry.DIRECTORY || entry == ImageRoot.Entry.OTHER) {
                    throw new InjectException(root.describe(path) + " is no longer a file, so its original cannot be"
                            + " put back; move it away and run eject again");
                }
                Backups.restore(root, change);
                actions.add("restored " + path);
            }
            case CREATE -> {
                if (entry == ImageRoot.Entry.FILE || entry == ImageRoot.Entry.SYMLINK) {
                    if (entry == ImageRoot.Entry.SYMLINK
                            || !Backups.sha256(root.resolve(path)).equals(change.sha256())) {
                        warnings.add(path + " was changed during the build; removed all the same, as it did not"
                                + " exist before inject");
                    }
                    Files.delete(root.resolve(path));
                    AtomicFile.syncDirectory(root.resolve(path).getParent());
                    actions.add("removed " + path);
                } else if (entry != ImageRoot.Entry.ABSENT) {
                    warnings.add("left " + path + " in place: it is no longer the file inject wrote");
                }
            }
            case MKDIR -> {
                if (root.isEmptyDirectory(path)) {
                    Files.delete(root.resolve(path));
                    actions.add("removed directory " + path);
                } else if (entry != ImageRoot.Entry.ABSENT) {
                    warnings.add("left " + path + " in place: the build put files in it");
                }
            }
        }
    }

    /**
     * Checks that the record names only what pymirror writes, mounts and keeps, in well-formed paths
     * under real directories of this root.
     */
    private void checkShape(ImageRoot root, ChangeRecord record) throws IOException {
        String where = root.describe(layout.record());
        Set<String> files = layout.writable();
        Set<String> dirs = layout.creatableDirectories();
        for (ChangeRecord.Change change : record.changes()) {
            if (change == null || change.action() == null || change.path() == null) {
                throw new InjectException.RecordMismatch(where + " holds a change with no action or path");
            }
            boolean known = change.action() == ChangeRecord.Action.MKDIR
                    ? dirs.contains(change.path())
                    : files.contains(change.path());
            if (!known) {
                throw new InjectException.RecordMismatch(where + " names " + (change.action() == ChangeRecord.Action.MKDIR
                        ? "the directory " : "the file ") + "'" + change.path() + "', which pymirror never "
                        + (change.action() == ChangeRecord.Action.MKDIR ? "makes" : "writes")
                        + "; it does not match this root and nothing was changed");
            }
            if (change.action() != ChangeRecord.Action.MKDIR && change.sha256() == null) {
                throw new InjectException.RecordMismatch(where + " lacks the hash of what was written at " + change.path());
            }
            if (change.action() == ChangeRecord.Action.REPLACE) {
                ChangeRecord.Original original = change.original();
                if (original == null || original.backup() == null || !ImageRoot.isWellFormed(original.backup())
                        || !original.backup().startsWith(layout.backups() + "/")) {
                    throw new InjectException.RecordMismatch(where + " keeps the original of " + change.path()
                            + " outside " + layout.backups() + "; nothing was changed");
                }
                root.missingAncestors(original.backup());
            }
            root.missingAncestors(change.path());
        }
        for (ChangeRecord.Mount mount : record.mounts()) {
            boolean known = mount != null && mount.path() != null && KINDS.contains(mount.kind())
                    && (mount.path().equals(InjectPlan.MIRROR_MOUNT_POINT)
                            || java.util.Arrays.stream(SystemMount.values()).anyMatch(m -> m.path().equals(mount.path())));
            if (!known) {
                throw new InjectException.RecordMismatch(where + " names a mount pymirror never makes ("
                        + (mount == null ? "empty" : mount.kind() + " at " + mount.path()) + "); nothing was changed");
            }
            root.missingAncestors(mount.path());
        }
        for (String dir : record.ownDirectories()) {
            if (dir == null || !(layout.directory() + "/").startsWith(dir + "/")
                    && !dir.equals(layout.backups())) {
                throw new InjectException.RecordMismatch(where + " names '" + dir + "' as its own directory, which is"
                        + " not where pymirror keeps its record; nothing was changed");
            }
        }
    }
}
