package dev.pymirror.simple;

/**
 * The version of the simple repository API a page declares (PEP 629): {@code Major.Minor}, carried
 * by {@code <meta name="pypi:repository-version">} in HTML and {@code meta.api-version} in JSON.
 *
 * <p>Milestones: 1.0 is PEP 503/691; 1.1 adds {@code versions}, {@code size} and
 * {@code upload-time} to JSON (PEP 700); 1.2 adds {@code tracks} and {@code alternate-locations}
 * (PEP 708); 1.3 adds {@code provenance} (PEP 740); 1.4 adds project status markers (PEP 792).
 *
 * @param major incremented for changes that existing clients cannot use; only 1 exists
 * @param minor incremented for backwards compatible additions
 */
public record ApiVersion(int major, int minor) implements Comparable<ApiVersion> {

    /** The version a page without any version marker has (PEP 629: clients MUST assume it). */
    public static final ApiVersion V1_0 = new ApiVersion(1, 0);

    /** The first version whose JSON form requires {@code versions} and each file's {@code size}. */
    public static final ApiVersion V1_1 = new ApiVersion(1, 1);

    /** The newest version whose features this package reads and writes. */
    public static final ApiVersion LATEST = new ApiVersion(1, 4);

    public ApiVersion {
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("An API version has no negative parts: " + major + "." + minor);
        }
    }

    /**
     * Parses {@code Major.Minor}, for example {@code "1.1"}.
     *
     * @throws InvalidPageException if {@code text} is not two dot-separated non-negative integers
     */
    public static ApiVersion parse(String text) {
        if (text == null) {
            throw new InvalidPageException("An API version is required, found null", "");
        }
        int dot = text.indexOf('.');
        if (dot <= 0 || dot == text.length() - 1 || text.indexOf('.', dot + 1) >= 0) {
            throw new InvalidPageException("An API version must be Major.Minor, found '" + text + "'", "");
        }
        return new ApiVersion(parsePart(text, 0, dot), parsePart(text, dot + 1, text.length()));
    }

    /** True when a reader of this package can use a page of this version: major version 1. */
    public boolean isSupported() {
        return major == 1;
    }

    /** True when this version is the same as or newer than {@code other}. */
    public boolean isAtLeast(ApiVersion other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(ApiVersion other) {
        int byMajor = Integer.compare(major, other.major);
        return byMajor != 0 ? byMajor : Integer.compare(minor, other.minor);
    }

    /** {@code Major.Minor}, as written in pages. */
    @Override
    public String toString() {
        return major + "." + minor;
    }

    private static int parsePart(String text, int from, int to) {
        if (to - from > 9) {
            throw new InvalidPageException("An API version part is too large in '" + text + "'", "");
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new InvalidPageException("An API version must be Major.Minor, found '" + text + "'", "");
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
