package dev.pymirror.server.index;

/**
 * File names taken from an upstream's page become paths on this disk and in this server's URLs:
 * only plain names are accepted, and they are percent-encoded where a URL path needs it.
 */
public final class FileNames {

    /**
     * The longest name, in UTF-8 bytes, of a file this server stores: the usual file system limit
     * of 255 bytes, less the {@code .metadata} of the PEP 658 file stored beside it.
     */
    public static final int MAX_STORED_BYTES = 255 - ".metadata".length();

    private FileNames() {}

    /** True when a file of this name, and its {@code .metadata} beside it, fit the file system's limit. */
    public static boolean fitsOnDisk(String name) {
        return name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= MAX_STORED_BYTES;
    }

    /** Why a name that does not {@link #fitsOnDisk fit} cannot be stored, in a sentence. */
    public static String tooLong(String name) {
        return "the file name '" + name + "' is " + name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                + " bytes long; this server stores names of at most " + MAX_STORED_BYTES
                + " bytes (the file system's 255, less '.metadata' for the metadata file beside it)";
    }

    /** A single path segment that cannot climb out of its directory or hide as a dot-file. */
    public static boolean isSafe(String name) {
        if (name.isEmpty() || name.length() > 255 || name.charAt(0) == '.') {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\' || c < ' ' || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** Percent-encodes what may not stand in a URL path segment (RFC 3986 pchar), as UTF-8. */
    public static String encode(String name) {
        StringBuilder out = null;
        byte[] bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean plain = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                    || "-._~!$&'()*+,;=:@".indexOf(b) >= 0;
            if (plain && out == null) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(name.length() + 16).append(name, 0, i);
            }
            if (plain) {
                out.append((char) b);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 15, 16)));
            }
        }
        return out == null ? name : out.toString();
    }
}
