package dev.pymirror.bundle;

import dev.pymirror.hash.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a bundle strictly, every byte: the entries must be {@code manifest.json},
 * {@code manifest.sig}, then exactly the manifest's objects in order, each header the one a
 * writer gives, padding and the end zero, nothing after. So a flipped byte anywhere is found, and
 * an entry that is a link, a directory or a path out of the tree is refused for what it is.
 *
 * <p>Objects are hashed as they stream to where the caller wants them; a caller learns an object
 * is good only after its last byte matched.
 */
public final class BundleReader implements AutoCloseable {

    static final String MANIFEST = "manifest.json";
    static final String SIGNATURE = "manifest.sig";
    static final String OBJECTS = "objects/";
    /** A manifest of a million files is about 150 MB; more than this is not a manifest. */
    private static final int MAX_MANIFEST = 512 << 20;
    private static final Pattern OBJECT_NAME = Pattern.compile("objects/[0-9a-f]{64}");

    /** Where verified objects go. */
    public interface ObjectSink {
        /** Where to write the object's bytes, or null to skip it (it is already where it should be). */
        WritableByteChannel open(String sha256, long size) throws IOException;

        /** The bytes written matched the hash; the channel is closed. */
        void verified(String sha256) throws IOException;

        /** The bytes did not match, or reading failed: the channel is closed; drop what was written. */
        void failed(String sha256);
    }

    private final Path file;
    private final String source;
    private final FileChannel channel;
    private final byte[] manifestBytes;
    private final ManifestSignature signature;
    private Manifest manifest;
    private long position;

    private BundleReader(Path file) throws IOException {
        this.file = file;
        this.source = file.toString();
        try {
            this.channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new BundleException(file + ": no such bundle file");
        }
        try {
            byte[] header = header();
            manifestBytes = smallEntry(header, MANIFEST);
            signature = ManifestSignature.parse(smallEntry(header(), SIGNATURE), source);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Opens a bundle and reads its manifest and signature (not yet checked against any key). */
    public static BundleReader open(Path file) throws IOException {
        return new BundleReader(file);
    }

    /**
     * The manifest, read strictly on first use: an importer checks the signature first, so that
     * altered bytes are reported as not signed rather than as whatever they now fail to be.
     */
    public Manifest manifest() throws BundleException {
        if (manifest == null) {
            manifest = Manifest.parse(manifestBytes, source + " (" + MANIFEST + ")");
        }
        return manifest;
    }

    public byte[] manifestBytes() {
        return manifestBytes.clone();
    }

    public String manifestId() {
        return Manifest.idOf(manifestBytes);
    }

    public ManifestSignature signature() {
        return signature;
    }

    /**
     * Reads every object entry, in order, into the sink (skipping those it declines), and checks
     * the end of the archive. Throws at the first entry that is not what the manifest promises.
     */
    public void readObjects(ObjectSink sink) throws IOException {
        Manifest manifest = manifest();
        Map<String, String> pathOf = new HashMap<>();
        Map<String, Long> sizeOf = new HashMap<>();
        for (BundleFile f : manifest.files()) {
            pathOf.putIfAbsent(f.sha256(), f.path());
            sizeOf.putIfAbsent(f.sha256(), f.size());
        }
        List<String> expected = manifest.objects();
        MessageDigest digest = Sha256.newDigest();
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        for (String sha : expected) {
            long at = position;
            byte[] header = header();
            String name = TarHeader.name(header);
            if (TarHeader.allZero(header)) {
                throw new BundleException(source + " is truncated or incomplete: it ends before object " + sha
                        + " (" + pathOf.get(sha) + ")");
            }
            if (!name.equals(OBJECTS + sha)) {
                checkEntry(header, at);
                throw new BundleException(source + ": entry '" + name + "' at byte " + at + " is not object " + sha
                        + " (" + pathOf.get(sha) + "), which the manifest lists next");
            }
            long size = sizeOf.get(sha);
            checkHeader(header, name, size, at);
            WritableByteChannel out = sink.open(sha, size);
            if (out == null) {
                long end = position + size + TarHeader.padding(size);
                if (end > channel.size()) {
                    throw truncated("inside " + name);
                }
                position = end;
                continue;
            }
            digest.reset();
            boolean ok = false;
            try (out) {
                long left = size;
                while (left > 0) {
                    buffer.clear();
                    if (left < buffer.capacity()) {
                        buffer.limit((int) left);
                    }
                    int n = channel.read(buffer, position);
                    if (n < 0) {
                        throw truncated("inside " + name + " (" + pathOf.get(sha) + ")");
                    }
                    position += n;
                    left -= n;
                    buffer.flip();
                    digest.update(buffer.duplicate());
                    while (buffer.hasRemaining()) {
                        out.write(buffer);
                    }
                }
                checkPadding(size, name);
                ok = MessageDigest.isEqual(digest.digest(), HexFormat.of().parseHex(sha));
            } finally {
                if (!ok) {
                    sink.failed(sha);
                }
            }
            if (!ok) {
                throw new BundleException(source + ": " + pathOf.get(sha) + " (object " + sha.substring(0, 12)
                        + "...) does not match its SHA-256: the bundle is damaged");
            }
            sink.verified(sha);
        }
        long at = position;
        byte[] end = header();
        if (!TarHeader.allZero(end)) {
            checkEntry(end, at);
            throw new BundleException(source + ": entry '" + TarHeader.name(end) + "' at byte " + at
                    + " is not listed in the manifest");
        }
        if (!TarHeader.allZero(header())) {
            throw new BundleException(source + " is damaged: the end of the archive at byte " + at + " is not zero");
        }
        if (channel.size() != position) {
            throw new BundleException(source + " has " + (channel.size() - position)
                    + " bytes after the end of the archive");
        }
    }

    private byte[] smallEntry(byte[] header, String expected) throws IOException {
        long at = position - TarHeader.BLOCK;
        String name = TarHeader.name(header);
        if (TarHeader.allZero(header)) {
            throw new BundleException(source + " is not a bundle: it has no " + expected);
        }
        if (!name.equals(expected)) {
            checkEntry(header, at);
            throw new BundleException(source + " is not a bundle: its entry at byte " + at + " is '" + name
                    + "', not " + expected);
        }
        long size = TarHeader.size(header);
        if (size < 0 || size > MAX_MANIFEST) {
            throw new BundleException(source + ": the header of " + expected + " is damaged");
        }
        checkHeader(header, name, size, at);
        byte[] content = new byte[(int) size];
        ByteBuffer b = ByteBuffer.wrap(content);
        while (b.hasRemaining()) {
            if (channel.read(b, position + b.position()) < 0) {
                throw truncated("inside " + expected);
            }
        }
        position += size;
        checkPadding(size, expected);
        return content;
    }

    /** Refuses, for what it is, an entry that no writer of bundles makes. */
    private void checkEntry(byte[] header, long at) throws BundleException {
        String name = TarHeader.name(header);
        String type = TarHeader.otherType(header);
        if (type != null) {
            throw new BundleException(source + ": entry '" + name + "' at byte " + at + " is " + type
                    + "; a bundle holds regular files only");
        }
        if (!name.equals(MANIFEST) && !name.equals(SIGNATURE) && !OBJECT_NAME.matcher(name).matches()) {
            throw new BundleException(source + ": entry '" + name + "' at byte " + at + " is not a bundle entry"
                    + " (only manifest.json, manifest.sig and objects/<sha256>)");
        }
    }

    private void checkHeader(byte[] header, String name, long size, long at) throws BundleException {
        checkEntry(header, at);
        if (!Arrays.equals(header, TarHeader.of(name, size))) {
            throw new BundleException(source + " is damaged: the tar header of " + name + " at byte " + at
                    + " is not the one a bundle has" + (TarHeader.size(header) != size ? " (its size differs)" : ""));
        }
    }

    private void checkPadding(long size, String name) throws IOException {
        int pad = TarHeader.padding(size);
        if (pad == 0) {
            return;
        }
        ByteBuffer b = ByteBuffer.allocate(pad);
        while (b.hasRemaining()) {
            if (channel.read(b, position + b.position()) < 0) {
                throw truncated("after " + name);
            }
        }
        for (byte x : b.array()) {
            if (x != 0) {
                throw new BundleException(source + " is damaged: the padding after " + name + " is not zero");
            }
        }
        position += pad;
    }

    private byte[] header() throws IOException {
        byte[] h = new byte[TarHeader.BLOCK];
        ByteBuffer b = ByteBuffer.wrap(h);
        while (b.hasRemaining()) {
            if (channel.read(b, position + b.position()) < 0) {
                throw truncated(position == 0 ? "before its first entry" : "at byte " + position);
            }
        }
        position += TarHeader.BLOCK;
        return h;
    }

    private BundleException truncated(String where) {
        return new TruncatedBundleException(source + " is truncated: it ends " + where);
    }

    Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
