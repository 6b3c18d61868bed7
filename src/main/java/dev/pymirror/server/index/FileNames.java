package dev.pymirror.server.index;

/**
 * File names taken from an upstream's page become paths on this disk and in this server's URLs:
 * only plain names are accepted, and they are percent-encoded where a URL path needs it.
 */
public final class FileNames {

    private FileNames() {}

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
