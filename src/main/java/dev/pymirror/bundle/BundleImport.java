package dev.pymirror.bundle;

import dev.pymirror.hash.Sha256;
import dev.pymirror.store.DirectoryTree;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Imports a bundle into a tree: nothing becomes visible until the signature and every object's
 * hash are checked and the whole new tree is built beside the old one.
 *
 * <pre>
 * PARENT/.TREE.~bundle-lock      held while an import runs
 * PARENT/.TREE.~bundle-staging/  the new tree being built; its marker names the manifest it builds,
 *                                 and its objects/ the objects verified so far (an interrupted
 *                                 import of the same bundle goes on from them)
 * PARENT/.TREE.~bundle-retired/  the old tree between the two renames of the swap
 * TREE/.pymirror/bundle/          the manifest and signature the tree was made from: the base an
 *                                 incremental bundle needs
 * </pre>
 *
 * The swap is two renames (Java has no exchange of directories): the old tree aside, the new one
 * in. A crash between them leaves no TREE and the old one retired, which the next import puts back
 * before anything else, so a crash never loses the old state.
 */
public final class BundleImport {

    /** Told of each object as it is verified; the tests use it to stop an import midway. */
    public interface Listener {
        Listener NONE = sha256 -> {};

        void objectVerified(String sha256) throws IOException;
    }

    /**
     * Other trees an incremental bundle's base may be found in, by the id of the manifest they were
     * imported from (a site's earlier snapshots, each a tree of its own).
     */
    public interface BaseTrees {
        BaseTrees NONE = manifestId -> Optional.empty();

        Optional<Path> holding(String manifestId) throws IOException;
    }

    static final String MARKER = ".pymirror-bundle-staging";
    static final String OBJECT_DIR = ".pymirror-bundle-objects";

    private final TrustedKeys trusted;
    private final Listener listener;

    public BundleImport(TrustedKeys trusted, Listener listener) {
        this.trusted = trusted;
        this.listener = listener;
    }

    /** Where an imported tree keeps the manifest it was made from. */
    public static Path recordedManifest(Path tree) {
        return tree.resolve(TreePath.RECORD_DIR).resolve(BundleReader.MANIFEST);
    }

    public ImportReport importInto(Path bundle, Path into) throws IOException {
        return importInto(bundle, into, BaseTrees.NONE);
    }

    /**
     * Imports into {@code into}; an incremental bundle whose base {@code into} does not hold takes
     * the objects it leaves to its base from a tree {@code bases} names (the result is still a whole
     * tree at {@code into}).
     */
    public ImportReport importInto(Path bundle, Path into, BaseTrees bases) throws IOException {
        Path tree = into.toAbsolutePath().normalize();
        Path parent = tree.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new BundleException("--into " + into + ": its parent directory does not exist");
        }
        String name = tree.getFileName().toString();
        Path staging = parent.resolve("." + name + ".~bundle-staging");
        Path retired = parent.resolve("." + name + ".~bundle-retired");
        try (FileChannel lockChannel = FileChannel.open(parent.resolve("." + name + ".~bundle-lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = tryLock(lockChannel, tree)) {
            recover(tree, retired);
            if (Files.exists(tree, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(tree, LinkOption.NOFOLLOW_LINKS)) {
                throw new BundleException("--into " + into + " is not a directory");
            }
            if (!replaceable(tree)) {
                // The import replaces TREE whole: a mistyped --into must not cost someone a folder.
                throw new BundleException("--into " + into + " is neither empty nor a mirror tree (it has no index.html"
                        + " and no .pymirror/): it is not replaced");
            }
            try (BundleReader reader = BundleReader.open(bundle)) {
                return importWith(reader, tree, staging, retired, bases);
            }
        }
    }

    private ImportReport importWith(BundleReader reader, Path tree, Path staging, Path retired, BaseTrees bases)
            throws IOException {
        String signer = reader.signature().check(reader.manifestBytes(), trusted, reader.file().toString()).fingerprint();
        Manifest manifest = reader.manifest();
        String id = reader.manifestId();
        Path record = recordedManifest(tree);
        byte[] currentBytes = Files.isRegularFile(record, LinkOption.NOFOLLOW_LINKS) ? Files.readAllBytes(record) : null;
        String current = currentBytes == null ? null : Manifest.idOf(currentBytes);
        if (id.equals(current)) {
            return new ImportReport(id, signer, manifest.files().size(), manifest.totalBytes(), 0, 0, 0, true);
        }
        Manifest base = null;
        Path baseTree = tree;
        if (manifest.base() != null) {
            byte[] baseBytes = currentBytes;
            Path baseRecord = record;
            if (!manifest.base().equals(current)) {
                Optional<Path> other = bases.holding(manifest.base());
                if (other.isEmpty()) {
                    throw new BundleException(reader.file() + " is an incremental bundle over manifest "
                            + manifest.base().substring(0, 12) + ", but " + tree + " holds "
                            + (current == null ? "no imported bundle" : "manifest " + current.substring(0, 12))
                            + ": import the bundle it follows first");
                }
                baseTree = other.get();
                baseRecord = recordedManifest(baseTree);
                baseBytes = Files.readAllBytes(baseRecord);
                if (!Manifest.idOf(baseBytes).equals(manifest.base())) {
                    throw new BundleException(baseTree + " no longer holds manifest "
                            + manifest.base().substring(0, 12));
                }
            }
            base = Manifest.parse(baseBytes, baseRecord.toString());
        }
        Path objects = prepareStaging(staging, id);
        try {
            return build(reader, manifest, base, baseTree, tree, staging, objects, retired, signer);
        } catch (TruncatedBundleException e) {
            throw e;
        } catch (BundleException e) {
            // Damaged, or its base is: nothing of it stays. (A truncated bundle's verified objects
            // do, and so does whatever an interruption left: the next import goes on from them.)
            DirectoryTree.delete(staging);
            throw e;
        }
    }

    private ImportReport build(BundleReader reader, Manifest manifest, Manifest base, Path baseTree, Path tree,
            Path staging, Path objects, Path retired, String signer) throws IOException {
        String id = reader.manifestId();
        int[] counts = new int[3];
        reader.readObjects(new BundleReader.ObjectSink() {
            @Override
            public WritableByteChannel open(String sha256, long size) throws IOException {
                if (Files.exists(objects.resolve(sha256))) {
                    counts[1]++;
                    return null;
                }
                return FileChannel.open(objects.resolve(sha256 + ".part"), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            }

            @Override
            public void verified(String sha256) throws IOException {
                publish(objects, sha256);
                counts[0]++;
                listener.objectVerified(sha256);
            }

            @Override
            public void failed(String sha256) {
                try {
                    Files.deleteIfExists(objects.resolve(sha256 + ".part"));
                } catch (IOException e) {
                    // Left for the next import of this bundle, which truncates it.
                }
            }
        });
        if (base != null) {
            counts[2] = fromBase(manifest, base, baseTree, objects);
        }
        build(manifest, staging, objects);
        Path newRecord = recordedManifest(staging);
        Files.createDirectories(newRecord.getParent());
        Files.write(newRecord, reader.manifestBytes());
        Files.write(newRecord.resolveSibling(BundleReader.SIGNATURE), reader.signature().toBytes());
        DirectoryTree.delete(objects);
        Files.delete(staging.resolve(MARKER));
        swap(staging, tree, retired);
        return new ImportReport(id, signer, manifest.files().size(), manifest.totalBytes(), counts[0], counts[1],
                counts[2], false);
    }

    /** The staging directory's object folder, kept from an interrupted import of this same manifest. */
    private static Path prepareStaging(Path staging, String id) throws IOException {
        Path marker = staging.resolve(MARKER);
        boolean resumable = Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS)
                && Files.readString(marker, StandardCharsets.US_ASCII).strip().equals(id);
        if (!resumable) {
            DirectoryTree.delete(staging);
            Files.createDirectories(staging);
            Files.writeString(marker, id + "\n", StandardCharsets.US_ASCII);
        }
        return Files.createDirectories(staging.resolve(OBJECT_DIR));
    }

    /** A verified object gets its name only once its bytes are on disk: the name is the proof. */
    private static void publish(Path objects, String sha256) throws IOException {
        Path part = objects.resolve(sha256 + ".part");
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(part, objects.resolve(sha256), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Copies, checking each hash, the objects an incremental bundle leaves to its base's tree. */
    private int fromBase(Manifest manifest, Manifest base, Path tree, Path objects) throws IOException {
        Map<String, String> pathOf = new HashMap<>();
        base.files().forEach(f -> pathOf.putIfAbsent(f.sha256(), f.path()));
        Set<String> carried = Set.copyOf(manifest.objects());
        int copied = 0;
        for (String sha : manifest.allObjects()) {
            if (carried.contains(sha) || Files.exists(objects.resolve(sha))) {
                continue;
            }
            String path = pathOf.get(sha);
            if (path == null) {
                throw new BundleException("the bundle leaves object " + sha + " to its base, whose manifest does not"
                        + " have it");
            }
            Path source = tree.resolve(path);
            MessageDigest digest = Sha256.newDigest();
            try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                    FileChannel out = FileChannel.open(objects.resolve(sha + ".part"), StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
                while (in.read(buffer) >= 0) {
                    buffer.flip();
                    digest.update(buffer.duplicate());
                    while (buffer.hasRemaining()) {
                        out.write(buffer);
                    }
                    buffer.clear();
                }
            } catch (NoSuchFileException e) {
                throw new BundleException(source + ", which the base bundle gave this tree, is missing: import a"
                        + " full bundle");
            }
            if (!HexFormat.of().formatHex(digest.digest()).equals(sha)) {
                Files.deleteIfExists(objects.resolve(sha + ".part"));
                throw new BundleException(source + ", which the base bundle gave this tree, has changed since: import"
                        + " a full bundle");
            }
            publish(objects, sha);
            listener.objectVerified(sha);
            copied++;
        }
        return copied;
    }

    /** Lays out every file of the manifest in the staging tree, each a link to its verified object. */
    private static void build(Manifest manifest, Path staging, Path objects) throws IOException {
        for (BundleFile f : manifest.files()) {
            Path target = staging.resolve(f.path());
            Files.createDirectories(target.getParent());
            Files.deleteIfExists(target);
            try {
                Files.createLink(target, objects.resolve(f.sha256()));
            } catch (UnsupportedOperationException | FileSystemException e) {
                Files.copy(objects.resolve(f.sha256()), target);
            }
        }
    }

    private static void swap(Path staging, Path tree, Path retired) throws IOException {
        if (Files.exists(tree, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(tree, retired, StandardCopyOption.ATOMIC_MOVE);
            Files.move(staging, tree, StandardCopyOption.ATOMIC_MOVE);
            DirectoryTree.delete(retired);
        } else {
            Files.move(staging, tree, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** Puts back a tree retired by a swap that a crash cut short, or removes one the swap replaced. */
    private static void recover(Path tree, Path retired) throws IOException {
        if (!Files.exists(retired, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.exists(tree, LinkOption.NOFOLLOW_LINKS)) {
            DirectoryTree.delete(retired);
        } else {
            Files.move(retired, tree, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** Missing, empty, or a tree that sync or an import wrote. */
    private static boolean replaceable(Path tree) throws IOException {
        if (!Files.isDirectory(tree, LinkOption.NOFOLLOW_LINKS)
                || Files.isDirectory(tree.resolve(".pymirror"), LinkOption.NOFOLLOW_LINKS)
                || Files.isRegularFile(tree.resolve("index.html"), LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        try (var entries = Files.list(tree)) {
            return entries.findAny().isEmpty();
        }
    }

    private static FileLock tryLock(FileChannel channel, Path tree) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new BundleException("another bundle import into " + tree + " is running");
        }
        return lock;
    }
}
