package dev.pymirror.inject;

import dev.pymirror.hash.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Points the Python clients of an image root at the mirror: writes their configuration files,
 * bind-mounts the mirror tree, and keeps a {@link ChangeRecord} of every change inside the root so
 * that {@link Ejector} can put the root back exactly.
 *
 * <p>Everything is checked before anything changes. Then a first record is written, the files to be
 * replaced are copied, the full record is written, and only then is the root changed; a failure part
 * way is rolled back by ejecting what the record holds, and a crash is undone by {@code eject}.
 */
public final class Injector {

    private final Checkpoint checkpoint;
    private final RecordLayout layout;

    public Injector() {
        this(Checkpoint.NONE);
    }

    /** Writes with records kept in {@code layout} (another command's than inject's): see {@link #write}. */
    public Injector(RecordLayout layout) {
        this(Checkpoint.NONE, layout);
    }

    Injector(Checkpoint checkpoint) {
        this(checkpoint, RecordLayout.INJECT);
    }

    Injector(Checkpoint checkpoint, RecordLayout layout) {
        this.checkpoint = checkpoint;
        this.layout = layout;
    }

    /**
     * Injects a root.
     *
     * @throws InjectException.AlreadyInjected when the root holds a record already (nothing changes)
     * @throws InjectException.NotPrivileged when a mount is planned and this process is not root
     * @throws InvalidSettingException when the mirror directory is not a directory
     * @throws InjectException when the root cannot take the files (a link or directory in the way),
     *     or when a change failed (the root is then put back)
     */
    public Report inject(ImageRoot root, InjectPlan plan) throws IOException {
        if (RecordFile.exists(root, layout)) {
            throw new InjectException.AlreadyInjected(root + " is already injected (its record is "
                    + root.describe(layout.record()) + "); nothing was changed. Run 'pymirror eject --root "
                    + root + "' first");
        }
        // Privileges first: an unprivileged user may not even be able to read the root's /root.
        plan.mirror().ifPresent(mirror -> Privileges.requireRoot("binding the mirror " + mirror + " at "
                + root.describe(InjectPlan.MIRROR_MOUNT_POINT), "inject without the mirror (--no-mirror)"));
        if (!plan.systemMounts().isEmpty()) {
            Privileges.requireRoot("mounting /proc, /sys and /dev in " + root, null);
        }
        List<String> warnings = new ArrayList<>(plan.settings().indexes().warnings());
        Map<String, byte[]> files = ClientFiles.plan(root, plan.settings());
        checkFiles(root, files.keySet());
        List<ChangeRecord.Mount> mounts = planMounts(root, plan, warnings);

        List<String> indexes = plan.settings().indexes().all().stream().map(IndexUrl::toString).toList();
        ChangeRecord record = record(root, indexes, plan.mirror().isPresent(), files, mounts);
        List<String> actions = apply(root, record, files);

        boolean mirrorIndexed = plan.settings().indexes().all().stream()
                .anyMatch(url -> url.toString().equals(IndexSelection.MOUNTED_MIRROR_URL));
        if (mirrorIndexed && plan.mirror().isEmpty() && !hasContent(root, InjectPlan.MIRROR_MOUNT_POINT)) {
            warnings.add(IndexSelection.MOUNTED_MIRROR_URL + " is an index, but no mirror is mounted there and "
                    + root.describe(InjectPlan.MIRROR_MOUNT_POINT) + " is empty: pip will find nothing in it");
        }
        if (!plan.settings().breakSystemPackages()) {
            for (String python : root.externallyManagedPythons()) {
                warnings.add(python + " is marked externally managed (PEP 668): pip will refuse to install into it"
                        + " outside a virtual environment unless --break-system-packages is given");
            }
        }
        return new Report(actions, warnings);
    }

    /**
     * Writes files into a root with a record in this injector's layout, from which
     * {@link Ejector#eject} with the same layout puts every file back exactly: what
     * {@code pymirror use} does to a home directory or the machine.
     *
     * @param files path inside the root to content; each must be one the layout allows
     * @param indexes the indexes the files name, for the record
     * @param undo the command that undoes a record already there, for the refusal's message
     * @throws InjectException.AlreadyInjected when the root holds a record already (nothing changes)
     */
    public Report write(ImageRoot root, Map<String, byte[]> files, List<String> indexes, String undo)
            throws IOException {
        if (RecordFile.exists(root, layout)) {
            throw new InjectException.AlreadyInjected(root.describe(layout.record()) + " records earlier changes;"
                    + " nothing was changed. Run '" + undo + "' first");
        }
        for (String path : files.keySet()) {
            if (!layout.writable().contains(path)) {
                throw new IllegalArgumentException(path + " is not a file this record may name");
            }
        }
        checkFiles(root, files.keySet());
        ChangeRecord record = record(root, indexes, false, files, List.of());
        return new Report(apply(root, record, files), List.of());
    }

    /** Each file must be absent, a file or a link, under real directories. */
    private static void checkFiles(ImageRoot root, Set<String> paths) throws IOException {
        for (String path : paths) {
            ImageRoot.Entry entry = root.entry(path);
            if (entry != ImageRoot.Entry.ABSENT && !entry.isReplaceable()) {
                throw new InjectException(root.describe(path) + " is " + (entry == ImageRoot.Entry.DIRECTORY
                        ? "a directory" : "not a regular file") + ", where the client reads a file; nothing was changed");
            }
            root.missingAncestors(path);
        }
    }

    /** The mounts to make, checked: the mirror, and for a command, the kernel file systems not yet there. */
    private static List<ChangeRecord.Mount> planMounts(ImageRoot root, InjectPlan plan, List<String> warnings)
            throws IOException {
        List<ChangeRecord.Mount> mounts = new ArrayList<>();
        if (plan.mirror().isPresent()) {
            Path mirror = plan.mirror().get();
            if (!Files.isDirectory(mirror)) {
                throw new InvalidSettingException("--mirror " + mirror + ": not a directory");
            }
            String point = InjectPlan.MIRROR_MOUNT_POINT;
            root.missingAncestors(point);
            ImageRoot.Entry entry = root.entry(point);
            if (entry != ImageRoot.Entry.ABSENT && entry != ImageRoot.Entry.DIRECTORY) {
                throw new InjectException(root.describe(point) + " is not a directory, so the mirror cannot be"
                        + " mounted there; nothing was changed");
            }
            if (entry == ImageRoot.Entry.DIRECTORY && Mounts.isMountPoint(root.resolve(point))) {
                throw new InjectException(root.describe(point) + " is already a mount point (is diskimage-builder's"
                        + " pypi element in the same build?); nothing was changed");
            }
            mounts.add(new ChangeRecord.Mount(point, "bind", mirror.toString(), true));
        }
        for (SystemMount system : plan.systemMounts()) {
            if (root.entry(system.path()) != ImageRoot.Entry.DIRECTORY) {
                warnings.add(root.describe(system.path()) + " is not a directory: nothing mounted there");
            } else if (Mounts.isMountPoint(root.resolve(system.path()))) {
                warnings.add(root.describe(system.path()) + " is already mounted: left as it is");
            } else {
                mounts.add(system.toRecord());
            }
        }
        return mounts;
    }

    /**
     * Makes pymirror's own directory, writes a first record (so a crash while backups are taken leaves
     * a record that removes them), copies every file to be replaced, and writes the full record.
     */
    private ChangeRecord record(ImageRoot root, List<String> indexes, boolean mirror, Map<String, byte[]> files,
            List<ChangeRecord.Mount> mounts) throws IOException {
        List<String> ownDirectories = root.missingAncestors(layout.backups() + "/-");
        for (String dir : ownDirectories) {
            // Backups may hold credentials (index URLs with passwords): only root reads them.
            makeDirectory(root, dir, dir.startsWith(layout.directory()) ? 0700 : FileAttributes.NEW_DIRECTORY_MODE);
        }
        String injectedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        RecordFile.write(root, layout, new ChangeRecord(ChangeRecord.FORMAT, ChangeRecord.State.INJECTED, root.toString(),
                injectedAt, indexes, ownDirectories, List.of(), List.of()));

        List<ChangeRecord.Change> changes = new ArrayList<>();
        Set<String> madeDirectories = new LinkedHashSet<>();
        int backups = 0;
        for (var file : files.entrySet()) {
            String path = file.getKey();
            for (String dir : root.missingAncestors(path)) {
                if (madeDirectories.add(dir)) {
                    changes.add(new ChangeRecord.Change(ChangeRecord.Action.MKDIR, dir, null, null));
                }
            }
            String sha = Sha256.hex(file.getValue());
            if (root.entry(path).isReplaceable()) {
                checkpoint.reached("back up " + path);
                String backup = layout.backups() + "/" + (++backups) + "-" + path.replace('/', '_');
                changes.add(new ChangeRecord.Change(ChangeRecord.Action.REPLACE, path, sha,
                        Backups.save(root, path, backup)));
            } else {
                changes.add(new ChangeRecord.Change(ChangeRecord.Action.CREATE, path, sha, null));
            }
        }
        if (mirror) {
            List<String> mountPoint = new ArrayList<>(root.missingAncestors(InjectPlan.MIRROR_MOUNT_POINT));
            if (root.entry(InjectPlan.MIRROR_MOUNT_POINT) == ImageRoot.Entry.ABSENT) {
                mountPoint.add(InjectPlan.MIRROR_MOUNT_POINT);
            }
            for (String dir : mountPoint) {
                if (madeDirectories.add(dir)) {
                    changes.add(new ChangeRecord.Change(ChangeRecord.Action.MKDIR, dir, null, null));
                }
            }
        }
        checkpoint.reached("write record");
        ChangeRecord record = new ChangeRecord(ChangeRecord.FORMAT, ChangeRecord.State.INJECTED, root.toString(),
                injectedAt, indexes, ownDirectories, changes, mounts);
        RecordFile.write(root, layout, record);
        return record;
    }

    /** Makes the recorded changes; on any failure, puts the root back from the record. */
    private List<String> apply(ImageRoot root, ChangeRecord record, Map<String, byte[]> files) throws IOException {
        List<String> actions = new ArrayList<>();
        try {
            for (ChangeRecord.Change change : record.changes()) {
                checkpoint.reached(change.action().name().toLowerCase(Locale.ROOT) + " " + change.path());
                Path target = root.resolve(change.path());
                switch (change.action()) {
                    case MKDIR -> {
                        makeDirectory(root, change.path(), FileAttributes.NEW_DIRECTORY_MODE);
                        actions.add("made directory " + change.path());
                    }
                    case CREATE -> {
                        AtomicFile.write(target, files.get(change.path()), null, FileAttributes.NEW_FILE_MODE);
                        actions.add("wrote " + change.path() + " (new)");
                    }
                    case REPLACE -> {
                        // The replacement keeps the owner and mode of the file it stands in for.
                        ChangeRecord.Original original = change.original();
                        int mode = original.mode() == null ? FileAttributes.NEW_FILE_MODE
                                : FileAttributes.parseMode(original.mode());
                        AtomicFile.write(target, files.get(change.path()),
                                new FileAttributes(mode, original.uid(), original.gid(), null), mode);
                        actions.add("replaced " + change.path() + " (original kept as " + original.backup() + ")");
                    }
                }
            }
            for (ChangeRecord.Mount mount : record.mounts()) {
                checkpoint.reached("mount " + mount.path());
                Path target = root.resolve(mount.path());
                if (mount.kind().equals("bind")) {
                    Mounts.bind(Path.of(mount.source()), target, mount.readOnly());
                } else {
                    Mounts.kernel(mount.kind(), target, mount.readOnly());
                }
                actions.add("mounted " + (mount.source() == null ? mount.kind() : mount.source()) + " at "
                        + mount.path() + (mount.readOnly() ? " (read-only)" : ""));
            }
        } catch (IOException | RuntimeException e) {
            String reason = e instanceof IOException io && io.getMessage() != null ? io.toString() : e.getMessage();
            try {
                new Ejector(layout).eject(root);
            } catch (IOException | RuntimeException rollback) {
                e.addSuppressed(rollback);
                throw new InjectException("inject failed: " + reason + "; putting the root back failed too: "
                        + rollback.getMessage() + ". Run 'pymirror eject --root " + root + "' once the cause is fixed", e);
            }
            throw new InjectException("inject failed: " + reason + "; the root was put back as it was", e);
        }
        return actions;
    }

    private static boolean hasContent(ImageRoot root, String dir) throws IOException {
        return root.entry(dir) == ImageRoot.Entry.DIRECTORY && !root.isEmptyDirectory(dir);
    }

    private static void makeDirectory(ImageRoot root, String dir, int mode) throws IOException {
        Path path = root.resolve(dir);
        if (root.entry(dir) == ImageRoot.Entry.ABSENT) {
            Files.createDirectory(path);
            Files.setAttribute(path, "unix:mode", mode);
            AtomicFile.syncDirectory(path.getParent());
        }
    }
}
