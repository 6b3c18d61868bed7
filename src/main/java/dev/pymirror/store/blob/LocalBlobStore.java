package dev.pymirror.store.blob;

import dev.pymirror.hash.Sha256;
import dev.pymirror.store.FileVersion;
import dev.pymirror.store.StagedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The embedded default: objects are files under a folder, a key its relative path.
 *
 * <p>Create-only is a {@link StagedFile} published by {@link StagedFile#publishNew} (a hard link,
 * which the kernel makes only where no name is). The SHA-256 of each object is kept beside it under
 * {@code .~sha256/<key>}, written by the writer that won; a crash between the two leaves an object
 * without one, whose hash is computed whenever it is asked for, as a document's is.
 * Documents are replaced by an atomic rename, and their validator is their {@link FileVersion}.
 * Nothing here holds a lock across calls: several processes may share the folder.
 */
public final class LocalBlobStore implements BlobStore {

    static final String HASHES = ".~sha256";

    /**
     * How long after its last change a folder's modification time is trusted as its mark: above
     * any file system's timestamp granularity (2 s on FAT) and small clock differences.
     */
    public static final Duration SETTLED = Duration.ofSeconds(3);

    private final Path root;

    /** @throws StorageException when {@code root} cannot be made or is not a folder */
    private static final java.util.regex.Pattern SHA256_HEX = java.util.regex.Pattern.compile("[0-9a-f]{64}");

    public LocalBlobStore(Path root) throws StorageException {
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new StorageException("cannot use " + this.root + " for storage: " + reason(e), e);
        }
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public String describe() {
        return root.toString();
    }

    @Override
    public Created create(String key, Content content) throws IOException {
        Path target = path(key);
        Optional<ObjectInfo> existing = stat(key);
        if (existing.isPresent()) {
            return already(existing.get(), content);
        }
        if (content.file() != null && StagedFile.isTemporary(content.file())) {
            Optional<Created> linked = link(key, target, content);
            if (linked.isPresent()) {
                return linked.get();
            }
        }
        try (StagedFile staged = StagedFile.create(target)) {
            try (InputStream in = content.open()) {
                in.transferTo(staged.outputStream());
            }
            staged.publishNew(content.sha256(), content.size());
        } catch (FileAlreadyExistsException e) {
            // Lost the race: what the winner stored decides.
            ObjectInfo winner = stat(key).orElseThrow(() -> new StorageException(key + " was stored and removed at once"));
            return already(winner, content);
        }
        writeHash(key, content.sha256());
        return new Created(new ObjectInfo(key, content.size(), content.sha256()), false);
    }

    /**
     * A file the caller staged and checked (a download, an upload) is hard-linked into place rather
     * than copied, so that a 50 MB file is not written twice: the link is create-only, as
     * {@link StagedFile#publishNew}'s, and the caller's staging name is dropped when it closes it.
     * Empty when the file system cannot link there (another mount): the bytes are then copied.
     */
    private Optional<Created> link(String key, Path target, Content content) throws IOException {
        try {
            StagedFile.ensureDirectory(target.getParent());
            Files.createLink(target, content.file());
        } catch (FileAlreadyExistsException e) {
            ObjectInfo winner = stat(key).orElseThrow(() -> new StorageException(key + " was stored and removed at once"));
            return Optional.of(already(winner, content));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
        writeHash(key, content.sha256());
        return Optional.of(new Created(new ObjectInfo(key, content.size(), content.sha256()), false));
    }

    private static Created already(ObjectInfo stored, Content offered) throws ObjectConflictException {
        if (!stored.sha256().equals(offered.sha256())) {
            throw new ObjectConflictException(stored.key(), stored.sha256(), offered.sha256());
        }
        return new Created(stored, true);
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws IOException {
        Path file = path(key);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        long size = Files.size(file);
        Path hashFile = hashPath(key);
        String sha256;
        try {
            sha256 = Files.readString(hashFile, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            // A document (replaceable: a hash kept for it would go stale), or an object whose
            // writer died before its hash was kept.
            sha256 = null;
        }
        if (sha256 == null || !SHA256_HEX.matcher(sha256).matches()) {
            // Missing, or left empty or short by a crash (the hash is not forced to disk: see
            // writeHash): computed again from the object itself.
            sha256 = Sha256.hexOf(file);
        }
        return Optional.of(new ObjectInfo(key, size, sha256));
    }

    @Override
    public Optional<InputStream> read(String key) throws IOException {
        try {
            return Optional.of(Files.newInputStream(path(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<InputStream> read(String key, long offset, long length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length must not be negative");
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(path(key), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        channel.position(offset);
        InputStream in = Channels.newInputStream(channel);
        return Optional.of(new BoundedInputStream(in, length));
    }

    @Override
    public Optional<Path> localFile(String key) throws IOException {
        Path file = path(key);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /** The store's own file: it is on this disk. */
    @Override
    public Optional<Path> localCopy(String key) throws IOException {
        return localFile(key);
    }

    @Override
    public boolean readsLocally() {
        return true;
    }

    /**
     * The folder's identity, modification time and size in one stat: creating or removing a name in
     * a folder sets its modification time, so a later entry of a log (another process's too) gives
     * another mark. A file system's clock ticks coarsely (a jiffy on ext4, 2 s on FAT), so a second
     * entry made in the same tick as the first would leave the mark as it was: a folder modified
     * less than {@link #SETTLED} ago has no mark yet (as git treats a "racily clean" index), and
     * its reader reads. A missing folder holds no key ({@link #EMPTY_FOLDER}); its creation is a change.
     */
    @Override
    public Optional<String> folderMark(String folder) throws IOException {
        if (!folder.endsWith("/")) {
            throw new IllegalArgumentException("a folder's prefix ends in '/': " + folder);
        }
        Path dir = path(folder.substring(0, folder.length() - 1));
        // Null rather than an exception for a missing folder: a group asks its hosted member for every
        // public project, and an exception per miss cost more than the stat.
        BasicFileAttributes a = dir.getFileSystem().provider()
                .readAttributesIfExists(dir, BasicFileAttributes.class);
        if (a == null) {
            return Optional.of(EMPTY_FOLDER);
        }
        // The file system's clock, not a server's Clock (which tests may stop): the wall clock.
        Instant modified = a.lastModifiedTime().toInstant();
        if (!modified.isBefore(Instant.now().minus(SETTLED))) {
            return Optional.empty();
        }
        return Optional.of(a.fileKey() + "/" + modified + "/" + a.size());
    }

    @Override
    public List<ObjectInfo.Listed> list(String prefix) throws IOException {
        ObjectKey.checkPrefix(prefix);
        // Walk only the deepest folder the prefix names whole.
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
        List<ObjectInfo.Listed> found = new ArrayList<>();
        if (!Files.isDirectory(start)) {
            return found;
        }
        try (Stream<Path> walk = Files.walk(start)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                String key = root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
                if (key.startsWith(prefix) && !hidden(key) && Files.isRegularFile(p)) {
                    try {
                        BasicFileAttributes a =
                                Files.readAttributes(p, BasicFileAttributes.class);
                        found.add(new ObjectInfo.Listed(key, a.size(), a.lastModifiedTime().toInstant()));
                    } catch (NoSuchFileException e) {
                        // removed while listed
                    }
                }
            }
        } catch (java.io.UncheckedIOException e) {
            if (!(e.getCause() instanceof NoSuchFileException)) {
                throw e.getCause();
            }
        }
        found.sort(java.util.Comparator.comparing(ObjectInfo.Listed::key));
        return found;
    }

    private static boolean hidden(String key) {
        for (String segment : key.split("/")) {
            if (segment.startsWith(".~")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean delete(String key) throws IOException {
        boolean was = Files.deleteIfExists(path(key));
        Files.deleteIfExists(hashPath(key));
        return was;
    }

    @Override
    public Document writeDocument(String key, byte[] bytes) throws IOException {
        Path target = path(key);
        Files.deleteIfExists(hashPath(key)); // only immutable objects have one
        // Not forced to disk: a document is by contract what may be lost without harm (BlobStore),
        // and its readers take one a crash left empty or short as none. Forcing each page and its
        // state was most of what a fresh page cost the client on a real disk (BENCHMARKS.md).
        try (StagedFile staged = StagedFile.create(target).durability(StagedFile.Durability.CHECKED_ON_READ)) {
            staged.write(bytes, 0, bytes.length);
            staged.publish(null, bytes.length);
        }
        // The version read now may already be a later writer's; a reader then re-reads once more.
        return new Document(bytes.clone(), validator(FileVersion.of(target)));
    }

    @Override
    public Optional<Document> readDocument(String key) throws IOException {
        Path file = path(key);
        // A version read before and after the bytes: equal means the bytes are that version's.
        for (int attempt = 0; ; attempt++) {
            Optional<FileVersion> before = FileVersion.of(file);
            if (before.isEmpty()) {
                return Optional.empty();
            }
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                continue;
            }
            Optional<FileVersion> after = FileVersion.of(file);
            if (before.equals(after) || attempt >= 10) {
                return Optional.of(new Document(bytes, validator(before)));
            }
        }
    }

    @Override
    public Optional<Document> readDocumentIfChanged(String key, Document known) throws IOException {
        Optional<FileVersion> now = FileVersion.of(path(key));
        if (now.isEmpty()) {
            return Optional.empty();
        }
        if (validator(now).equals(known.validator())) {
            return Optional.of(known);
        }
        return readDocument(key);
    }

    @Override
    public void close() {
        // Nothing is held open.
    }

    private Path path(String key) {
        return root.resolve(ObjectKey.check(key));
    }

    private Path hashPath(String key) {
        return root.resolve(HASHES).resolve(ObjectKey.check(key));
    }

    /**
     * Keeps an object's hash beside it. Not forced to disk: it can always be computed again from
     * the object, and {@link #stat} does so for one a crash left missing or damaged; forcing it was
     * two more syncs per object on the cold path.
     */
    private void writeHash(String key, String sha256) throws IOException {
        try (StagedFile staged = StagedFile.create(hashPath(key)).durability(StagedFile.Durability.CHECKED_ON_READ)) {
            byte[] text = sha256.getBytes(StandardCharsets.US_ASCII);
            staged.write(text, 0, text.length);
            staged.publish(null, text.length);
        }
    }

    private static String validator(Optional<FileVersion> version) {
        return version.map(v -> v.fileKey() + "/" + v.modified().toMillis() + "/" + v.modified().toInstant().getNano()
                + "/" + v.size()).orElse("");
    }

    private static String reason(IOException e) {
        return e instanceof FileAlreadyExistsException ? "a file is in the way" : String.valueOf(e.getMessage());
    }
}
