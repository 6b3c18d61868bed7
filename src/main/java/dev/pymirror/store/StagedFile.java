package dev.pymirror.store;

import dev.pymirror.hash.Sha256;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A file being written that nobody can see until it is complete and checked.
 *
 * <p>Bytes go to a temporary file in the target's own directory (so the final rename cannot cross
 * file systems) while their SHA-256 is computed. {@link #publish} checks the size and hash, forces
 * the bytes to disk, and renames the file into place atomically, then forces the directory entry.
 * A crash at any moment leaves either no file at the target or the complete one; what it can leave
 * is a temporary file, which {@link #isTemporary} recognizes so that start-up can sweep it away.
 * A copy of what can be fetched again may ask for less ({@link #durability}): each force costs a
 * few milliseconds on a real disk, paid on a mirror's cold path by the client waiting.
 *
 * <p>Not thread-safe: one writer owns a staged file.
 */
public final class StagedFile implements AutoCloseable {

    /** Every temporary file name starts with this, and no published name can (a dot then a tilde). */
    static final String TEMP_PREFIX = ".~staged-";

    /** What {@link #publish} makes sure of on disk before it returns. */
    public enum Durability {
        /**
         * The bytes are forced before the rename and the directory after it: the file survives a
         * crash once published. For what exists nowhere else (uploads, users, configuration). The default.
         */
        DURABLE,
        /**
         * The bytes are forced before the rename, the directory is not: after a crash the name is
         * either absent or names the complete bytes, never fewer. For a copy that can be fetched again
         * and is served without being checked (a mirror's files): losing it costs one download.
         */
        COMPLETE_OR_ABSENT,
        /**
         * Nothing is forced: after a crash the file may be absent, or (the rename having reached the
         * disk before the bytes) empty or short. Only for a copy that can be fetched again and whose
         * reader checks it and treats a damaged one as absent (a mirror's cached pages).
         */
        CHECKED_ON_READ
    }

    /** The temporary files this process is writing (see {@link #isAbandoned}). */
    private static final java.util.Set<Path> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final MessageDigest sha256;
    private long size;
    private boolean finished;
    /** Checked by {@link #check}: complete, never published here, removed by {@link #close}. */
    private boolean checked;
    private Map<String, String> statedDigests = Map.of();
    private Digesters others;
    private Durability durability = Durability.DURABLE;
    private boolean forcedBytes;
    private boolean forcedDirectory;
    /** The SHA-256 that {@link #verify} found the bytes to have; no byte may be written after it. */
    private String verifiedSha256;

    private StagedFile(Path target, Path temp, FileChannel channel) {
        this.target = target;
        this.temp = temp;
        this.channel = channel;
        this.sha256 = Sha256.newDigest();
    }

    /** Starts a file that will be published at {@code target}, creating its directory if needed. */
    public static StagedFile create(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        ensureDirectory(dir);
        return create(target, dir);
    }

    /**
     * Creates {@code dir} and its parents unless it is a directory already. A look first: asked of
     * a folder that exists, {@link Files#createDirectories} fails a {@code mkdir} and throws and
     * catches an exception, several times for each stored file (its staging, its link, its hash's
     * folder), which a freshly started server pays in code not yet compiled.
     */
    public static void ensureDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
        }
    }

    /**
     * Starts a file that will be published at {@code target}, staged in {@code dir}, which must be on
     * the target's file system; the target's directory is made when the file is published.
     */
    public static StagedFile create(Path target, Path dir) throws IOException {
        // The name does not grow with the target's: a target name near the file system's limit
        // (255 bytes) must still have room for its staging name.
        Path temp = dir.resolve(TEMP_PREFIX + UUID.randomUUID()).toAbsolutePath();
        FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            // Held while the file is staged: a sweep by another process tells a live file from one
            // left by a writer that died (whose lock the operating system released) by trying it.
            channel.lock();
        } catch (IOException e) {
            // A file system without locks (some network mounts): the file is staged unlocked, and
            // the sweep, which cannot lock it either, leaves it alone.
        } catch (RuntimeException e) {
            channel.close();
            Files.deleteIfExists(temp);
            throw e;
        }
        LIVE.add(temp);
        return new StagedFile(target, temp, channel);
    }

    /** True for the name of a temporary file, finished or not. */
    public static boolean isTemporary(Path file) {
        return file.getFileName().toString().startsWith(TEMP_PREFIX);
    }

    /**
     * True when {@code file} is a temporary file that no writer holds any more, in this process or
     * another: left by a writer that was killed, and safe to remove.
     *
     * <p>The operating system's lock belongs to the writer's process, and any channel that process
     * closes on the file drops it (a client following a download reads the staged file): the lock
     * speaks for the writer only to other processes, which is whom it is for. The only sweep that
     * could meet a live file of another process is a server's start-up, and a server has its data
     * directory to itself.
     */
    public static boolean isAbandoned(Path file) {
        Path path = file.toAbsolutePath();
        if (!isTemporary(path) || LIVE.contains(path)) {
            return false; // asking the operating system from this process would drop the writer's lock
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            java.nio.channels.FileLock lock = channel.tryLock();
            if (lock == null) {
                return false;
            }
            lock.release();
            return true;
        } catch (java.nio.channels.OverlappingFileLockException | IOException e) {
            return false;
        }
    }

    /**
     * Makes {@link #publish} check every digest in {@code digests} (algorithm to hex, as an index
     * page states them) that pymirror can compute, besides the SHA-256 given to it: a page that
     * states md5 alone still has its file checked. Call before the first write.
     */
    public StagedFile expecting(Map<String, String> digests) {
        ensureOpen();
        if (size > 0) {
            throw new IllegalStateException("Digests to check must be known before the first byte");
        }
        statedDigests = Map.copyOf(digests);
        Digesters d = Digesters.forStated(statedDigests, Set.of("sha256"));
        others = d.isEmpty() ? null : d;
        return this;
    }

    /** Sets what {@link #publish} forces to disk; {@link Durability#DURABLE} unless told. */
    public StagedFile durability(Durability durability) {
        ensureOpen();
        this.durability = java.util.Objects.requireNonNull(durability);
        return this;
    }

    /** Whether the last publish forced the bytes, and the directory entry, to disk: what {@link Durability} promised. */
    public record Forced(boolean bytes, boolean directory) {}

    /** What the publish forced to disk (nothing before it). */
    public Forced forced() {
        return new Forced(forcedBytes, forcedDirectory);
    }

    public void write(byte[] bytes, int offset, int length) throws IOException {
        write(ByteBuffer.wrap(bytes, offset, length));
    }

    public void write(ByteBuffer buffer) throws IOException {
        ensureOpen();
        if (verifiedSha256 != null) {
            throw new IllegalStateException("Staged file for " + target + " was verified: no byte may follow");
        }
        sha256.update(buffer.duplicate());
        if (others != null) {
            others.update(buffer.duplicate());
        }
        size += buffer.remaining();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** A stream view for code that writes streams; closing it does not publish. */
    public OutputStream outputStream() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                StagedFile.this.write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                StagedFile.this.write(b, off, len);
            }
        };
    }

    /** Bytes written so far. */
    public long size() {
        return size;
    }

    /**
     * The temporary file the bytes go to. Readers may follow it while it is written; an open
     * channel on it stays readable after it is published (renamed) or discarded (removed).
     */
    public Path stagingPath() {
        return temp;
    }

    /** The file's place once published. */
    public Path target() {
        return target;
    }

    /**
     * Checks and publishes the file.
     *
     * @param expectedSha256 the hex SHA-256 the bytes must have, or null to accept any
     * @param expectedSize the size the file must have, or -1 to accept any
     * @return the SHA-256 of what was published, in hex
     * @throws ContentMismatchException (and nothing is published) when the size or hash differ
     */
    public String publish(String expectedSha256, long expectedSize) throws IOException {
        return publish(expectedSha256, expectedSize, false);
    }

    /**
     * Checks and publishes the file only where nothing is at the target yet: of several writers
     * racing to one name, exactly one succeeds, and nothing already there is ever replaced.
     *
     * @return the SHA-256 of what was published, in hex
     * @throws java.nio.file.FileAlreadyExistsException (and nothing is published) when the target
     *     exists, whoever put it there and whenever
     * @throws ContentMismatchException (and nothing is published) when the size or hash differ
     */
    public String publishNew(String expectedSha256, long expectedSize) throws IOException {
        return publish(expectedSha256, expectedSize, true);
    }

    /**
     * Checks the size and every hash as {@link #publish} does, and nothing else: no force, no
     * rename, and no byte may be written after. What is complete and checked may be handed to a
     * client before it is forced and published, which then compare with what this found.
     *
     * @return the SHA-256 of the bytes, in hex
     * @throws ContentMismatchException (and the staged file is dropped) when the size or hash differ
     */
    public String verify(String expectedSha256, long expectedSize) throws IOException {
        ensureOpen();
        try {
            return verifyOnce(expectedSha256, expectedSize);
        } catch (IOException | RuntimeException e) {
            finished = true;
            discardQuietly();
            throw e;
        }
    }

    /**
     * Checks the file as {@link #publish} does and forces it to disk, but publishes nothing: the
     * caller hands the staged file to a store that puts it in place its own way (a bucket's
     * create-only write, a hard link), then closes this, which removes the staging name. No byte
     * can be written after.
     *
     * @return the SHA-256 of the bytes, in hex
     * @throws ContentMismatchException (and the staged file is dropped) when the size or hash differ
     */
    public String check(String expectedSha256, long expectedSize) throws IOException {
        ensureOpen();
        finished = true;
        checked = true;
        try {
            String actual = verifyOnce(expectedSha256, expectedSize);
            if (durability != Durability.CHECKED_ON_READ) {
                channel.force(true);
                forcedBytes = true;
            }
            return actual;
        } catch (IOException | RuntimeException e) {
            discardQuietly();
            throw e;
        }
    }

    private String publish(String expectedSha256, long expectedSize, boolean onlyNew) throws IOException {
        ensureOpen();
        finished = true;
        try {
            String actual = verifyOnce(expectedSha256, expectedSize);
            if (durability != Durability.CHECKED_ON_READ) {
                channel.force(true);
                forcedBytes = true;
            }
            if (onlyNew) {
                linkNew();
            } else {
                move(); // while still open and locked: a sweep never finds it unheld before it is in place
            }
            channel.close();
            LIVE.remove(temp);
            if (durability == Durability.DURABLE) {
                forcedDirectory = forceDirectory(target.toAbsolutePath().getParent());
            }
            return actual;
        } catch (IOException | RuntimeException e) {
            discardQuietly();
            throw e;
        }
    }

    /** The digests are computed once (a digest resets when read): a second call compares with the first's. */
    private String verifyOnce(String expectedSha256, long expectedSize) throws IOException {
        if (verifiedSha256 != null) {
            if (expectedSize >= 0 && expectedSize != size
                    || expectedSha256 != null && !expectedSha256.equalsIgnoreCase(verifiedSha256)) {
                throw new ContentMismatchException(target.getFileName() + ": verified as " + size + " bytes of sha256 "
                        + verifiedSha256 + ", not " + expectedSize + " bytes of " + expectedSha256);
            }
            return verifiedSha256;
        }
        String actual = HexFormat.of().formatHex(sha256.digest());
        if (expectedSize >= 0 && expectedSize != size) {
            throw new ContentMismatchException(target.getFileName() + ": expected " + expectedSize
                    + " bytes, received " + size);
        }
        if (expectedSha256 != null && !expectedSha256.equalsIgnoreCase(actual)) {
            throw new ContentMismatchException(target.getFileName() + ": sha256 " + actual
                    + " does not match the expected " + expectedSha256.toLowerCase());
        }
        Map<String, String> computed = new java.util.HashMap<>(others == null ? Map.of() : others.finish());
        computed.put("sha256", actual);
        var wrong = Digesters.mismatch(statedDigests, computed);
        if (wrong.isPresent()) {
            String algorithm = wrong.get();
            throw new ContentMismatchException(target.getFileName() + ": " + algorithm + " " + computed.get(algorithm)
                    + " does not match the expected " + statedDigests.get(algorithm).toLowerCase());
        }
        verifiedSha256 = actual;
        return actual;
    }

    /** Drops the temporary file; the target is untouched. Safe to call more than once. */
    @Override
    public void close() {
        if (!finished || checked) {
            finished = true;
            checked = false;
            discardQuietly();
        }
    }

    private void move() throws IOException {
        ensureDirectory(target.toAbsolutePath().getParent());
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("The file system under " + target.getParent()
                    + " cannot rename atomically; pymirror needs that to publish files safely", e);
        }
    }

    /**
     * A hard link is the file system's atomic create-if-absent for a whole file (a rename would
     * replace, and a check before it would race); the staging name is then removed.
     */
    private void linkNew() throws IOException {
        ensureDirectory(target.toAbsolutePath().getParent());
        try {
            Files.createLink(target, temp);
        } catch (UnsupportedOperationException e) {
            throw new IOException("The file system under " + target.getParent()
                    + " has no hard links; pymirror needs them to store a file only where none is", e);
        }
        try {
            Files.delete(temp);
        } catch (IOException e) {
            // Published all the same; the staging name is left for the start-up sweep.
        }
    }

    private void discardQuietly() {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // Left for the start-up sweep, which removes every abandoned temporary file.
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing a channel we only wrote to; the delete above is what mattered.
        }
        LIVE.remove(temp);
    }

    private void ensureOpen() {
        if (finished) {
            throw new IllegalStateException("Staged file for " + target + " was already published or discarded");
        }
    }

    /** Makes a rename durable: on Linux the directory entry needs its own fsync. */
    private static boolean forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
            return true;
        } catch (IOException ignored) {
            // Some file systems (and non-Linux systems) cannot open a directory for this; the rename stands.
            return false;
        }
    }
}
