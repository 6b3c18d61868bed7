package dev.pymirror.packaging.tags;

/**
 * The Python language version a target runs, as compatibility tags spell it: a major version and,
 * usually, a minor version ({@code 3.12} is written {@code 312} in {@code cp312}).
 *
 * <p>A major-only version ({@code 3}) is allowed, as in the reference: it yields only the tags
 * that name no minor version ({@code cp3-none-...}, {@code py3-none-any}).
 *
 * @param major the major version, 0 to {@value #MAX_PART}
 * @param minor the minor version, 0 to {@value #MAX_PART}, or {@link #NO_MINOR}
 */
public record PythonVersion(int major, int minor) implements Comparable<PythonVersion> {

    /** The {@link #minor()} of a major-only version. */
    public static final int NO_MINOR = -1;

    /**
     * The largest major or minor version accepted. Tag lists grow with the minor version (every
     * older minor is listed), so an absurd one would make an absurd list.
     */
    public static final int MAX_PART = 999;

    public PythonVersion {
        if (major < 0 || major > MAX_PART) {
            throw new InvalidTargetException("A Python major version must be between 0 and " + MAX_PART,
                    Integer.toString(major));
        }
        if (minor < NO_MINOR || minor > MAX_PART) {
            throw new InvalidTargetException("A Python minor version must be between 0 and " + MAX_PART,
                    Integer.toString(minor));
        }
    }

    /** A major-only version such as {@code 3}. */
    public static PythonVersion of(int major) {
        return new PythonVersion(major, NO_MINOR);
    }

    /** A version such as {@code 3.12}. */
    public static PythonVersion of(int major, int minor) {
        return new PythonVersion(major, minor);
    }

    /**
     * Parses {@code "3"} or {@code "3.12"}.
     *
     * @throws InvalidTargetException if the text is not one or two dot-separated numbers in range
     */
    public static PythonVersion parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidTargetException("A Python version is required", text);
        }
        int dot = text.indexOf('.');
        int major = number(text, 0, dot < 0 ? text.length() : dot);
        if (dot < 0) {
            return of(major);
        }
        return of(major, number(text, dot + 1, text.length()));
    }

    /**
     * Reads the digits of an interpreter tag, the way tags write versions: the first digit is the
     * major version and the rest the minor ({@code "312"} is 3.12, {@code "3"} is 3).
     *
     * @throws InvalidTargetException if {@code digits} is empty or not all digits
     */
    public static PythonVersion fromNodot(String digits) {
        if (digits == null || digits.isEmpty()) {
            throw new InvalidTargetException("A Python version is required", digits);
        }
        int major = number(digits, 0, 1);
        return digits.length() == 1 ? of(major) : of(major, number(digits, 1, digits.length()));
    }

    /** True unless this is a major-only version. */
    public boolean hasMinor() {
        return minor != NO_MINOR;
    }

    /** The version without its dot, as in tags: {@code 312} for 3.12, {@code 3} for 3. */
    public String nodot() {
        return hasMinor() ? Integer.toString(major) + minor : Integer.toString(major);
    }

    /** The same major version with another minor version. */
    public PythonVersion withMinor(int otherMinor) {
        return new PythonVersion(major, otherMinor);
    }

    /** True when this version is {@code major.minor} or later (a major-only version counts as {@code major.0}). */
    public boolean isAtLeast(int otherMajor, int otherMinor) {
        return major != otherMajor ? major > otherMajor : Math.max(minor, 0) >= otherMinor;
    }

    @Override
    public int compareTo(PythonVersion other) {
        return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
    }

    /** {@code 3.12}, or {@code 3} for a major-only version. */
    @Override
    public String toString() {
        return hasMinor() ? major + "." + minor : Integer.toString(major);
    }

    private static int number(String text, int start, int end) {
        if (start >= end) {
            throw new InvalidTargetException("Expected a number", text, start);
        }
        int value = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new InvalidTargetException("Expected a digit, found '" + c + "'", text, i);
            }
            value = value * 10 + (c - '0');
            if (value > MAX_PART) {
                throw new InvalidTargetException("A Python version part must be at most " + MAX_PART, text, start);
            }
        }
        return value;
    }
}
