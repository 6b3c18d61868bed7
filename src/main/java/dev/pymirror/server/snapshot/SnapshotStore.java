package dev.pymirror.server.snapshot;

import dev.pymirror.server.index.PackageIndex;
import dev.pymirror.store.DirectoryTree;
import dev.pymirror.store.FileLock;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The snapshots of a data directory, in {@code <data>/.snapshots/} (an index's folder cannot start
 * with a dot): {@code NAME/snapshot.json} says what it is, {@code NAME/simple/} is the tree served at
 * {@code /+snapshot/NAME/simple/}.
 *
 * <p>A running server and the {@code pymirror snapshot} commands share the folder. A snapshot is
 * made in a staging folder ({@code .~staging-<pid>-<uuid>}) and appears by one rename under
 * {@code .lock}, so it is never seen half-made, and a name is taken once: two creates of one name
 * give one snapshot and one clear error. A delete renames it out of the way under the same lock
 * before removing it, so a reader meets the whole snapshot or none. A staging folder whose process
 * is gone (a crash) is removed by the next create.
 */
public final class SnapshotStore implements Snapshots {

    /** The folder under the data directory. */
    public static final String FOLDER = ".snapshots";
    private static final String RECORD = "snapshot.json";
    private static final String TREE = "simple";
    private static final String STAGING = ".~staging-";
    private static final String DELETING = ".~deleting-";
    /** A snapshot being built from elsewhere ({@link #pendingTree}); left alone by the sweep, for resuming. */
    private static final String PENDING = ".~pending-";

    private final Path dataDir;
    private final Path dir;

    public SnapshotStore(Path dataDir) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.dir = this.dataDir.resolve(FOLDER);
    }

    /** The tree of a snapshot (a PEP 503/691 static tree), whether or not it exists. */
    public Path tree(String name) {
        return dir.resolve(name).resolve(TREE);
    }

    /** A snapshot's record file: its {@code stat} says whether (and which) snapshot of that name exists. */
    public Path record(String name) {
        return dir.resolve(name).resolve(RECORD);
    }

    @Override
    public String where(String name) {
        return "tree:       " + tree(name);
    }

    @Override
    public Optional<SnapshotInfo> find(String name) throws IOException {
        if (!SnapshotName.isValid(name)) {
            return Optional.empty();
        }
        try {
            return Optional.of(SnapshotInfo.fromJson(Files.readAllBytes(record(name))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<SnapshotInfo> list() throws IOException {
        List<SnapshotInfo> all = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return all;
        }
        try (Stream<Path> folders = Files.list(dir)) {
            for (String name : folders.map(p -> p.getFileName().toString()).filter(SnapshotName::isValid).sorted()
                    .toList()) {
                find(name).ifPresent(all::add);
            }
        }
        return all;
    }

    @Override
    public SnapshotInfo create(String name, PackageIndex index, String kind, boolean restricted, Clock clock)
            throws IOException, SnapshotException {
        SnapshotName.check(name);
        if (Files.exists(record(name))) {
            throw taken(name);
        }
        Files.createDirectories(dir);
        sweepAbandoned();
        Path staging = dir.resolve(STAGING + ProcessHandle.current().pid() + "-" + UUID.randomUUID());
        try {
            SnapshotWriter.Counts c = new SnapshotWriter(dataDir).write(index, staging.resolve(TREE));
            // StaticIndex keeps metadata it reads out of wheels here; the writer put every one beside its wheel.
            Files.createDirectories(staging.resolve("metadata"));
            SnapshotInfo info = new SnapshotInfo(name, index.name(), kind, clock.instant(), restricted, c.projects(),
                    c.files(), c.bytes(), c.leftOut());
            moveIntoPlace(name, staging, info);
            return info;
        } finally {
            DirectoryTree.delete(staging); // nothing left when it was moved into place
        }
    }

    /**
     * What {@code index} serves now, written as a snapshot's tree would be into a staging folder of
     * its own, for a reader that wants it once (a bundle made of an index): closing it deletes it,
     * and a crash leaves it to the next create's sweep. Nothing appears under {@code .snapshots}.
     */
    public Staged stage(PackageIndex index) throws IOException, SnapshotException {
        Files.createDirectories(dir);
        sweepAbandoned();
        Path staging = dir.resolve(STAGING + ProcessHandle.current().pid() + "-" + UUID.randomUUID());
        try {
            SnapshotWriter.Counts c = new SnapshotWriter(dataDir).write(index, staging.resolve(TREE));
            return new Staged(staging.resolve(TREE), c.projects(), c.files(), c.bytes(), c.leftOut());
        } catch (IOException | SnapshotException | RuntimeException e) {
            DirectoryTree.delete(staging);
            throw e;
        }
    }

    /**
     * A tree {@link #stage} wrote: its counts as {@link SnapshotInfo} has them.
     *
     * @param tree the tree (its parent, the staging folder, goes on {@link #close})
     */
    public record Staged(Path tree, int projects, int files, long bytes, int leftOut) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            DirectoryTree.delete(tree.getParent());
        }
    }

    /**
     * Where a snapshot made from elsewhere (a bundle's tree) is built before {@link #publish}: a
     * folder kept across a crash, so that the builder can go on from what it verified. Its parent
     * exists; the tree itself is the builder's to make.
     *
     * @throws SnapshotException when the name is no snapshot name or is taken
     */
    public Path pendingTree(String name) throws IOException, SnapshotException {
        SnapshotName.check(name);
        if (Files.exists(record(name))) {
            throw taken(name);
        }
        return Files.createDirectories(dir.resolve(PENDING + name)).resolve(TREE);
    }

    /**
     * Removes the pending folder of {@code name} when its builder left nothing in it to go on from
     * (no folder: only its lock file), as after a bundle refused for its key or its bytes.
     */
    public void dropPending(String name) throws IOException {
        if (!SnapshotName.isValid(name)) {
            return;
        }
        Path folder = dir.resolve(PENDING + name);
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> entries = Files.list(folder)) {
            if (entries.anyMatch(Files::isDirectory)) {
                return;
            }
        }
        DirectoryTree.delete(folder);
    }

    /**
     * Makes snapshot {@code name} of the tree built at {@link #pendingTree}: moved into a staging
     * folder with its record, which appears as the snapshot by one rename under {@code .lock}, as a
     * created one does; the pending folder is removed after.
     *
     * @param source what the tree is, recorded as the snapshot's index (a bundle's manifest, say)
     * @param kind recorded as the snapshot's kind
     */
    public SnapshotInfo publish(String name, String source, String kind, Clock clock)
            throws IOException, SnapshotException {
        Path pending = pendingTree(name);
        if (!Files.isDirectory(pending)) {
            throw new SnapshotException("snapshot '" + name + "' has no tree built to publish");
        }
        sweepAbandoned();
        Path staging = dir.resolve(STAGING + ProcessHandle.current().pid() + "-" + UUID.randomUUID());
        try {
            Files.createDirectories(staging.resolve("metadata"));
            Files.move(pending, staging.resolve(TREE), StandardCopyOption.ATOMIC_MOVE);
            SnapshotWriter.Counts c = SnapshotWriter.count(staging.resolve(TREE));
            SnapshotInfo info = new SnapshotInfo(name, source, kind, clock.instant(), false, c.projects(), c.files(),
                    c.bytes(), 0);
            moveIntoPlace(name, staging, info);
            DirectoryTree.delete(pending.getParent());
            return info;
        } finally {
            DirectoryTree.delete(staging); // nothing left when it was moved into place
        }
    }

    /** Writes the record into {@code staging}, then renames it to the snapshot under the lock. */
    private void moveIntoPlace(String name, Path staging, SnapshotInfo info) throws IOException, SnapshotException {
        Path record = staging.resolve(RECORD);
        Files.write(record, info.toJson());
        try (FileChannel ch = FileChannel.open(record, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        try (FileLock lock = FileLock.acquire(dir.resolve(".lock"))) {
            if (Files.exists(record(name))) {
                throw taken(name);
            }
            // A folder without its record is no snapshot: what a server left reading one deleted under it.
            DirectoryTree.delete(dir.resolve(name));
            Files.move(staging, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + staging + " into place", e);
        }
    }

    @Override
    public SnapshotInfo delete(String name) throws IOException, SnapshotException {
        SnapshotName.check(name);
        try (FileLock lock = FileLock.acquire(dir.resolve(".lock"))) {
            Optional<SnapshotInfo> info = find(name);
            if (info.isEmpty()) {
                throw noSuch(name);
            }
            Path away = dir.resolve(DELETING + UUID.randomUUID());
            Files.move(dir.resolve(name), away, StandardCopyOption.ATOMIC_MOVE);
            DirectoryTree.delete(away);
            return info.get();
        }
    }

    @Override
    public SnapshotException noSuch(String name) throws IOException {
        List<String> names = list().stream().map(SnapshotInfo::name).toList();
        return new SnapshotException("there is no snapshot '" + name + "' in " + dir + "; snapshots: "
                + (names.isEmpty() ? "none" : String.join(", ", names)));
    }

    private SnapshotException taken(String name) {
        return new SnapshotException("snapshot '" + name + "' exists already; a snapshot is never replaced:"
                + " choose another name, or delete it first (pymirror snapshot delete " + name + ")");
    }

    /** Staging folders of processes that are gone, and deletions a crash interrupted. */
    private void sweepAbandoned() throws IOException {
        try (FileLock lock = FileLock.acquire(dir.resolve(".lock")); Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith(DELETING) || (n.startsWith(STAGING) && !alive(n.substring(STAGING.length())))) {
                    DirectoryTree.delete(p);
                }
            }
        }
    }

    private static boolean alive(String pidAndId) {
        int dash = pidAndId.indexOf('-');
        try {
            long pid = Long.parseLong(dash < 0 ? pidAndId : pidAndId.substring(0, dash));
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return true; // not ours to judge: left alone
        }
    }
}
