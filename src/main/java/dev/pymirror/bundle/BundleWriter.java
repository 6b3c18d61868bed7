package dev.pymirror.bundle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Writes a bundle of a tree: a tar of {@code manifest.json}, {@code manifest.sig} and the objects
 * (file contents named by SHA-256, each once however many paths share it, sorted), with fixed
 * headers, so the same tree, key and base give the same bytes. The file appears under its name
 * only once complete.
 */
public final class BundleWriter {

    private final SigningKey key;

    public BundleWriter(SigningKey key) {
        this.key = key;
    }

    /**
     * Bundles {@code tree} into {@code out}; with {@code since} (a bundle or a manifest file), only
     * the objects that one's tree lacks, naming it as the base.
     */
    public CreateReport create(Path tree, Path since, Path out) throws IOException, InterruptedException {
        String base = null;
        Set<String> baseObjects = Set.of();
        if (since != null) {
            byte[] baseBytes = baseManifest(since);
            base = Manifest.idOf(baseBytes);
            baseObjects = new HashSet<>(Manifest.parse(baseBytes, since.toString()).allObjects());
        }
        var files = TreeFiles.read(tree);
        Manifest manifest = Manifest.of(base, files, baseObjects);
        byte[] manifestBytes = manifest.toBytes();
        byte[] signature = ManifestSignature.sign(key, manifestBytes).toBytes();
        Map<String, BundleFile> firstWith = new HashMap<>();
        for (BundleFile f : manifest.files()) {
            firstWith.putIfAbsent(f.sha256(), f);
        }
        for (String sha : manifest.objects()) {
            if (firstWith.get(sha).size() > TarHeader.MAX_SIZE) {
                throw new BundleException(tree.resolve(firstWith.get(sha).path()) + " is larger than a bundle"
                        + " entry can be (8 GiB)");
            }
        }
        Path partial = out.resolveSibling(out.getFileName() + ".~partial");
        long objectBytes = 0;
        try (FileChannel ch = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            entry(ch, BundleReader.MANIFEST, manifestBytes);
            entry(ch, BundleReader.SIGNATURE, signature);
            for (String sha : manifest.objects()) {
                BundleFile f = firstWith.get(sha);
                objectBytes += f.size();
                ch.write(ByteBuffer.wrap(TarHeader.of(BundleReader.OBJECTS + sha, f.size())));
                Path source = tree.resolve(f.path());
                try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ,
                        java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    if (in.size() != f.size()) {
                        throw new BundleException(source + " changed while it was bundled");
                    }
                    long done = 0;
                    while (done < f.size()) {
                        long n = in.transferTo(done, f.size() - done, ch);
                        if (n <= 0) {
                            throw new BundleException(source + " changed while it was bundled");
                        }
                        done += n;
                    }
                }
                ch.write(ByteBuffer.allocate(TarHeader.padding(f.size())));
            }
            ch.write(ByteBuffer.allocate(2 * TarHeader.BLOCK));
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return new CreateReport(Manifest.idOf(manifestBytes), base, key.publicKey().fingerprint(),
                manifest.files().size(), manifest.totalBytes(), manifest.objects().size(), objectBytes, Files.size(out));
    }

    private static void entry(FileChannel ch, String name, byte[] content) throws IOException {
        ch.write(ByteBuffer.wrap(TarHeader.of(name, content.length)));
        ch.write(ByteBuffer.wrap(content));
        ch.write(ByteBuffer.allocate(TarHeader.padding(content.length)));
    }

    /** The manifest bytes of a bundle file, or of a manifest file (an import's record, for example). */
    static byte[] baseManifest(Path since) throws IOException {
        if (!Files.isRegularFile(since)) {
            throw new BundleException("--since " + since + ": no such bundle or manifest file");
        }
        byte[] start;
        try (var in = Files.newInputStream(since)) {
            start = in.readNBytes(TarHeader.BLOCK);
        }
        if (start.length == TarHeader.BLOCK && TarHeader.name(start).equals(BundleReader.MANIFEST)) {
            try (BundleReader r = BundleReader.open(since)) {
                return r.manifestBytes();
            }
        }
        return Files.readAllBytes(since);
    }
}
