package dev.pymirror.packaging.tags;

/**
 * Reads platform tags of the shape {@code <prefix>_<n>[_<n>]_<rest>}, the shape of every
 * versioned platform ({@code manylinux_2_28_x86_64}, {@code macosx_11_0_arm64},
 * {@code android_21_arm64_v8a}). Returns null rather than throwing: an unreadable tag is simply
 * not that kind of platform.
 */
final class VersionedTagReader {

    private final String tag;
    private int at;

    VersionedTagReader(String tag, int start) {
        this.tag = tag;
        this.at = start;
    }

    /**
     * The number at the cursor followed by {@code _}, or -1 when there is none or it exceeds
     * {@link Platform#MAX_VERSION_PART}.
     */
    int number() {
        int start = at;
        int value = 0;
        while (at < tag.length() && tag.charAt(at) >= '0' && tag.charAt(at) <= '9') {
            value = value * 10 + (tag.charAt(at) - '0');
            at++;
            if (value > Platform.MAX_VERSION_PART) {
                return -1;
            }
        }
        if (at == start || at >= tag.length() || tag.charAt(at) != '_') {
            return -1;
        }
        at++;
        return value;
    }

    /** Checks a version number given to a platform record. */
    static int checkPart(String what, int value) {
        if (value < 0 || value > Platform.MAX_VERSION_PART) {
            throw new InvalidTargetException(what + " must be between 0 and " + Platform.MAX_VERSION_PART,
                    Integer.toString(value));
        }
        return value;
    }

    /** Checks and normalises an architecture given to a platform record. */
    static String checkArch(String what, String arch) {
        if (arch == null || arch.isEmpty()) {
            throw new InvalidTargetException(what + " must not be empty", arch);
        }
        return Platform.normalize(arch);
    }

    /** The non-empty remainder of the tag, or null. */
    String rest() {
        return at < tag.length() ? tag.substring(at) : null;
    }
}
