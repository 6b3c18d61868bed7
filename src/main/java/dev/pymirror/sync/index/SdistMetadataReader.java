package dev.pymirror.sync.index;

import java.io.BufferedInputStream;
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
 * Reads the PKG-INFO of an sdist on disk: the file {@code <name>-<version>/PKG-INFO} at the top of
 * a {@code .tar.gz} (ustar, pax and GNU long names understood) or a {@code .zip}.
 */
public final class SdistMetadataReader {

    private static final int BLOCK = 512;
    private static final long MAX_PKG_INFO_BYTES = 16L << 20;

    private SdistMetadataReader() {}

    /**
     * @return the PKG-INFO bytes, or empty when the archive has none at its top level
     * @throws IOException when the file cannot be read or is not such an archive
     */
    public static Optional<byte[]> read(Path sdist) throws IOException {
        String name = sdist.getFileName().toString();
        if (name.endsWith(".zip")) {
            return readZip(sdist);
        }
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(sdist)), 64 * 1024)) {
            return readTar(in);
        }
    }

    private static boolean isTopLevelPkgInfo(String path) {
        String p = path.startsWith("./") ? path.substring(2) : path;
        int slash = p.indexOf('/');
        return slash > 0 && slash == p.lastIndexOf('/') && p.substring(slash + 1).equals("PKG-INFO");
    }

    private static Optional<byte[]> readZip(Path sdist) throws IOException {
        try (ZipFile zip = new ZipFile(sdist.toFile())) {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                if (isTopLevelPkgInfo(entry.getName())) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        return Optional.of(limited(in, entry.getName()));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<byte[]> readTar(InputStream in) throws IOException {
        String longName = null;
        String paxPath = null;
        byte[] header = new byte[BLOCK];
        while (true) {
            int n = in.readNBytes(header, 0, BLOCK);
            if (n == 0) {
                return Optional.empty();
            }
            if (n < BLOCK) {
                throw new ZipException("the tar archive ends inside a header");
            }
            if (isZeros(header)) {
                return Optional.empty(); // the end-of-archive marker
            }
            if (!checksumMatches(header)) {
                throw new ZipException("not a tar archive (a header's checksum is wrong)");
            }
            long size = number(header, 124, 12);
            if (size < 0) {
                throw new ZipException("not a tar archive (a size field is not a number)");
            }
            char type = (char) header[156];
            String name = string(header, 0, 100);
            String prefix = isUstar(header) ? string(header, 345, 155) : "";
            String path = paxPath != null ? paxPath : longName != null ? longName
                    : prefix.isEmpty() ? name : prefix + "/" + name;
            long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
            switch (type) {
                case 'x' -> {
                    paxPath = paxValue(new String(limited(in, size), StandardCharsets.UTF_8), "path");
                    in.skipNBytes(padded - size);
                    continue;
                }
                case 'L' -> {
                    longName = stripNul(new String(limited(in, size), StandardCharsets.UTF_8));
                    in.skipNBytes(padded - size);
                    continue;
                }
                default -> { }
            }
            paxPath = null;
            longName = null;
            if ((type == '0' || type == '\0') && isTopLevelPkgInfo(path)) {
                if (size > MAX_PKG_INFO_BYTES) {
                    throw new ZipException("PKG-INFO is " + size + " bytes; that is no metadata file");
                }
                return Optional.of(in.readNBytes((int) size));
            }
            in.skipNBytes(padded);
        }
    }

    private static byte[] limited(InputStream in, long size) throws IOException {
        if (size > MAX_PKG_INFO_BYTES) {
            throw new ZipException("an archive entry of " + size + " bytes where metadata was expected");
        }
        byte[] bytes = in.readNBytes((int) size);
        if (bytes.length < size) {
            throw new ZipException("the archive ends inside an entry");
        }
        return bytes;
    }

    private static byte[] limited(InputStream in, String name) throws IOException {
        byte[] bytes = in.readNBytes((int) MAX_PKG_INFO_BYTES + 1);
        if (bytes.length > MAX_PKG_INFO_BYTES) {
            throw new ZipException(name + " is larger than " + MAX_PKG_INFO_BYTES + " bytes");
        }
        return bytes;
    }

    /** The value of one key of pax extended header records ({@code "<len> key=value\n"}), or null. */
    private static String paxValue(String records, String key) {
        int pos = 0;
        while (pos < records.length()) {
            int space = records.indexOf(' ', pos);
            if (space < 0) {
                break;
            }
            int length;
            try {
                length = Integer.parseInt(records.substring(pos, space));
            } catch (NumberFormatException e) {
                break;
            }
            // The length counts bytes; records here are ASCII keys with UTF-8 values, so read to the newline.
            int end = records.indexOf('\n', space);
            if (end < 0 || length <= 0) {
                break;
            }
            String record = records.substring(space + 1, end);
            int eq = record.indexOf('=');
            if (eq > 0 && record.substring(0, eq).equals(key)) {
                return record.substring(eq + 1);
            }
            pos = end + 1;
        }
        return null;
    }

    private static boolean isUstar(byte[] header) {
        return header[257] == 'u' && header[258] == 's' && header[259] == 't' && header[260] == 'a' && header[261] == 'r';
    }

    private static boolean isZeros(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean checksumMatches(byte[] header) {
        long stored = number(header, 148, 8);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (header[i] & 0xFF);
        }
        return sum == stored;
    }

    /** An octal field, or a base-256 one (first byte with its high bit set) for large values. */
    private static long number(byte[] header, int offset, int length) {
        if ((header[offset] & 0x80) != 0) {
            long value = header[offset] & 0x7F;
            for (int i = 1; i < length; i++) {
                value = (value << 8) | (header[offset + i] & 0xFF);
            }
            return value;
        }
        long value = 0;
        boolean digits = false;
        for (int i = offset; i < offset + length; i++) {
            byte b = header[i];
            if (b >= '0' && b <= '7') {
                value = value * 8 + (b - '0');
                digits = true;
            } else if (b == ' ' || b == 0) {
                if (digits) {
                    break; // the terminator; leading blanks are skipped
                }
            } else {
                return -1;
            }
        }
        return value;
    }

    private static String string(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static String stripNul(String s) {
        int nul = s.indexOf('\0');
        return nul < 0 ? s : s.substring(0, nul);
    }
}
