package dev.pymirror.packaging.metadata;

/**
 * The {@code Metadata-Version} of a METADATA or PKG-INFO file: 1.0, 1.1, 1.2, 2.1, 2.2, 2.3, 2.4 in
 * the specifications, and 2.0, which early wheel builders wrote and pip still reads.
 *
 * <p>A higher minor version than this library knows (2.5) is accepted, as the specification asks
 * consumers to; a higher major version (3.0) is not, because it may change meanings.
 */
public record MetadataVersion(int major, int minor) implements Comparable<MetadataVersion> {

    public static final MetadataVersion V2_2 = new MetadataVersion(2, 2);
    public static final MetadataVersion V2_3 = new MetadataVersion(2, 3);

    /** The newest version whose fields this library knows. */
    public static final MetadataVersion NEWEST_KNOWN = new MetadataVersion(2, 4);

    /** Parses a {@code Metadata-Version} value. */
    public static MetadataVersion parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidMetadataException("is missing", "Metadata-Version", String.valueOf(text));
        }
        String t = text.strip();
        int dot = t.indexOf('.');
        if (dot <= 0 || dot == t.length() - 1 || !digits(t, 0, dot) || !digits(t, dot + 1, t.length())
                || t.length() > 9) {
            throw new InvalidMetadataException("must be MAJOR.MINOR, such as 2.1", "Metadata-Version", text);
        }
        MetadataVersion v = new MetadataVersion(
                Integer.parseInt(t, 0, dot, 10), Integer.parseInt(t, dot + 1, t.length(), 10));
        if (v.major < 1 || v.major > NEWEST_KNOWN.major) {
            throw new InvalidMetadataException(
                    "major version " + v.major + " is not supported (known: 1.0 to " + NEWEST_KNOWN + ")",
                    "Metadata-Version", text);
        }
        return v;
    }

    public boolean isAtLeast(MetadataVersion other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(MetadataVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
