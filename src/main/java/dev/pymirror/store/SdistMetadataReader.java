package dev.pymirror.store;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads the core metadata out of a source distribution on disk: the {@code PKG-INFO} file in its
 * one top-level folder ({@code <name>-<version>/PKG-INFO}), from a {@code .tar.gz} or a
 * {@code .zip}.
 *
 * <p>The tar reader covers what sdist tools write: POSIX ustar headers (with the name prefix
 * field), GNU long names and pax extended headers. It only reads names and sizes and skips every
 * other entry's bytes. Skipping a compressed entry still means inflating it, and gzip inflates up
 * to a thousandfold (a 4 MB upload of 4 GB of zeros cost 13 s of CPU), so the search for PKG-INFO
 * stops with an error after {@link #MAX_INFLATION} times the archive's size (at least
 * {@link #MIN_SCANNED_BYTES}) or {@link #MAX_ENTRIES} entries.
 */
public final class SdistMetadataReader {

    /** Core metadata files are small; anything larger is not one. */
    private static final int MAX_METADATA_BYTES = 16 << 20;
    private static final int BLOCK = 512;
    /** Source code compresses some 3 to 10 times; 50 leaves room for data files and refuses bombs. */
    public static final int MAX_INFLATION = 50;
    /** Small archives may inflate more than {@link #MAX_INFLATION} times, up to this. */
    public static final long MIN_SCANNED_BYTES = 128L << 20;
    /** Entries read before PKG-INFO is found; the largest real sdists hold some tens of thousands. */
    public static final int MAX_ENTRIES = 100_000;

    private SdistMetadataReader() {}

    /** As {@link #read(Path, boolean)}, the format chosen by the file name ({@code .zip}, else a tar.gz). */
    public static Optional<byte[]> read(Path sdist) throws IOException {
        return read(sdist, sdist.getFileName().toString().endsWith(".zip"));
    }

    /**
     * @return the PKG-INFO bytes, or empty when the archive holds no top-level {@code <dir>/PKG-INFO}
     * @throws IOException when the file cannot be read or is not an archive of its kind
     */
    public static Optional<byte[]> read(Path sdist, boolean zip) throws IOException {
        return zip ? readZip(sdist) : readTarGz(sdist);
    }

    private static boolean isTopLevelPkgInfo(String name) {
        String n = name.startsWith("./") ? name.substring(2) : name;
        int slash = n.indexOf('/');
        return slash > 0 && slash == n.lastIndexOf('/') && n.substring(slash + 1).equals("PKG-INFO");
    }

    private static Optional<byte[]> readZip(Path sdist) throws IOException {
        try (ZipFile zip = new ZipFile(sdist.toFile())) {
            if (zip.size() > MAX_ENTRIES) {
                throw new ZipException(sdist.getFileName() + " holds " + zip.size() + " entries; an sdist is refused"
                        + " past " + MAX_ENTRIES);
            }
            ZipEntry found = null;
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                if (!entry.isDirectory() && isTopLevelPkgInfo(entry.getName())) {
                    if (found != null) {
                        throw new ZipException(sdist.getFileName() + " holds more than one top-level PKG-INFO");
                    }
                    found = entry;
                }
            }
            if (found == null) {
                return Optional.empty();
            }
            try (InputStream in = zip.getInputStream(found)) {
                return Optional.of(limited(in, sdist));
            }
        }
    }

    private static Optional<byte[]> readTarGz(Path sdist) throws IOException {
        long budget = Math.max(MIN_SCANNED_BYTES, Files.size(sdist) * MAX_INFLATION);
        try (InputStream file = Files.newInputStream(sdist);
                InputStream in = new BufferedInputStream(new Inflated(
                        new GZIPInputStream(new BufferedInputStream(file), 65536), budget, sdist), 65536)) {
            byte[] header = new byte[BLOCK];
            String longName = null;
            for (int entries = 0; ; entries++) {
                if (entries >= MAX_ENTRIES) {
                    throw new IOException(sdist.getFileName() + " holds more than " + MAX_ENTRIES
                            + " entries before its PKG-INFO; an sdist is refused past that");
                }
                if (in.readNBytes(header, 0, BLOCK) < BLOCK) {
                    throw new EOFException(sdist.getFileName() + " ends inside a tar header");
                }
                if (isZeros(header)) {
                    return Optional.empty(); // the end-of-archive marker
                }
                checkChecksum(header, sdist);
                long size = number(header, 124, 12);
                char type = (char) header[156];
                String name = longName != null ? longName : name(header);
                longName = null;
                long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
                switch (type) {
                    case 'L' -> { // GNU: the next entry's long name
                        longName = trimNul(new String(bounded(in, size, sdist), StandardCharsets.UTF_8));
                        in.skipNBytes(padded - size);
                    }
                    case 'x' -> { // pax: attributes of the next entry, of which only its path matters here
                        longName = paxPath(new String(bounded(in, size, sdist), StandardCharsets.UTF_8));
                        in.skipNBytes(padded - size);
                    }
                    default -> {
                        boolean regular = type == '0' || type == '\0' || type == '7';
                        if (regular && isTopLevelPkgInfo(name)) {
                            byte[] bytes = bounded(in, size, sdist);
                            return Optional.of(bytes);
                        }
                        in.skipNBytes(padded);
                    }
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new IOException(sdist.getFileName() + " is not a gzip file: " + e.getMessage(), e);
        }
    }

    /** The inflated stream, failing once more than its budget has come out of it. */
    private static final class Inflated extends java.io.FilterInputStream {
        private final long budget;
        private final Path sdist;
        private long read;

        Inflated(InputStream in, long budget, Path sdist) {
            super(in);
            this.budget = budget;
            this.sdist = sdist;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count(Math.max(n, 0));
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count(skipped);
            return skipped;
        }

        private void count(long n) throws IOException {
            read += n;
            if (read > budget) {
                throw new IOException(sdist.getFileName() + " inflates to more than " + budget + " bytes before its"
                        + " PKG-INFO (" + MAX_INFLATION + " times its size, at least " + MIN_SCANNED_BYTES
                        + "); an sdist is refused past that");
            }
        }
    }

    private static byte[] bounded(InputStream in, long size, Path sdist) throws IOException {
        if (size > MAX_METADATA_BYTES) {
            throw new IOException(sdist.getFileName() + ": an entry of " + size + " bytes where metadata was expected");
        }
        byte[] bytes = in.readNBytes((int) size);
        if (bytes.length < size) {
            throw new EOFException(sdist.getFileName() + " ends inside an entry");
        }
        return bytes;
    }

    private static byte[] limited(InputStream in, Path sdist) throws IOException {
        byte[] bytes = in.readNBytes(MAX_METADATA_BYTES + 1);
        if (bytes.length > MAX_METADATA_BYTES) {
            throw new IOException(sdist.getFileName() + ": PKG-INFO is larger than " + MAX_METADATA_BYTES + " bytes");
        }
        return bytes;
    }

    private static String name(byte[] header) {
        String name = field(header, 0, 100);
        boolean ustar = new String(header, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
        String prefix = ustar ? field(header, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String paxPath(String records) {
        // Each record: "<length> <key>=<value>\n".
        String path = null;
        for (String line : records.split("\n")) {
            int space = line.indexOf(' ');
            int eq = line.indexOf('=');
            if (space > 0 && eq > space && line.substring(space + 1, eq).equals("path")) {
                path = line.substring(eq + 1);
            }
        }
        return path;
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static String trimNul(String s) {
        int nul = s.indexOf('\0');
        return nul < 0 ? s : s.substring(0, nul);
    }

    /** An octal number, or GNU's base-256 form for large sizes (high bit of the first byte set). */
    private static long number(byte[] header, int offset, int length) throws IOException {
        if ((header[offset] & 0x80) != 0) {
            long value = 0;
            for (int i = offset + 1; i < offset + length; i++) {
                value = (value << 8) | (header[i] & 0xff);
            }
            return value;
        }
        String text = field(header, offset, length).strip();
        if (text.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(text, 8);
        } catch (NumberFormatException e) {
            throw new IOException("not a tar archive: a header holds '" + text + "' where a number belongs");
        }
    }

    private static void checkChecksum(byte[] header, Path sdist) throws IOException {
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (header[i] & 0xff);
        }
        if (sum != number(header, 148, 8)) {
            throw new IOException(sdist.getFileName() + " is not a tar archive (a header's checksum is wrong)");
        }
    }

    private static boolean isZeros(byte[] header) {
        for (byte b : header) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
