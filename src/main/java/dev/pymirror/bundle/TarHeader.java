package dev.pymirror.bundle;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The one tar (POSIX ustar) header a bundle has: a regular file, mode 0644, owner 0:0 with no
 * names, time 0. Nothing varies but the name and the size, so the same entries give the same
 * bytes, and a reader can rebuild the header it expects and compare every byte.
 */
final class TarHeader {

    static final int BLOCK = 512;
    /** ustar's size field holds 11 octal digits. */
    static final long MAX_SIZE = 077777777777L;

    private TarHeader() {}

    static byte[] of(String name, long size) {
        byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        if (nameBytes.length > 100) {
            throw new IllegalArgumentException("tar entry name longer than 100 bytes: " + name);
        }
        if (size < 0 || size > MAX_SIZE) {
            throw new IllegalArgumentException("an entry of " + size + " bytes does not fit a ustar header");
        }
        byte[] h = new byte[BLOCK];
        System.arraycopy(nameBytes, 0, h, 0, nameBytes.length);
        octal(h, 100, 8, 0644);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, 0);
        h[156] = '0';
        System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 6);
        h[263] = '0';
        h[264] = '0';
        Arrays.fill(h, 148, 156, (byte) ' ');
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        octal(h, 148, 7, sum);
        h[155] = ' ';
        return h;
    }

    /** {@code digits-1} octal digits then NUL, as ustar writes numbers. */
    private static void octal(byte[] h, int offset, int length, long value) {
        String s = Long.toOctalString(value);
        int digits = length - 1;
        for (int i = 0; i < digits; i++) {
            int from = i - (digits - s.length());
            h[offset + i] = (byte) (from < 0 ? '0' : s.charAt(from));
        }
        h[offset + digits] = 0;
    }

    /** The entry's name as the header gives it (up to the first NUL), for messages and checks. */
    static String name(byte[] h) {
        int end = 0;
        while (end < 100 && h[end] != 0) {
            end++;
        }
        return new String(h, 0, end, StandardCharsets.ISO_8859_1);
    }

    /** The size field read as octal, or -1 when it is not octal digits. */
    static long size(byte[] h) {
        long size = 0;
        int i = 124;
        while (i < 135 && h[i] == ' ') {
            i++;
        }
        int start = i;
        for (; i < 135 && h[i] >= '0' && h[i] <= '7'; i++) {
            size = size * 8 + (h[i] - '0');
        }
        return i == start ? -1 : size;
    }

    /** What the type flag says the entry is, in words, when it is not a regular file; else null. */
    static String otherType(byte[] h) {
        return switch (h[156]) {
            case '0', 0 -> null;
            case '1' -> "a hard link";
            case '2' -> "a symbolic link";
            case '5' -> "a directory";
            case '3', '4', '6' -> "a device or pipe";
            default -> "an entry of type '" + (char) h[156] + "'";
        };
    }

    static boolean allZero(byte[] h) {
        for (byte b : h) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** Bytes of padding after {@code size} bytes of content, up to the next block. */
    static int padding(long size) {
        return (int) ((BLOCK - size % BLOCK) % BLOCK);
    }
}
