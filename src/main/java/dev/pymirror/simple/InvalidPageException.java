package dev.pymirror.simple;

/**
 * A simple-repository page (HTML or JSON) that cannot be read: malformed JSON, a required key that
 * is missing, a value of the wrong type, an unsupported major API version.
 *
 * <p>The message says what was wrong and where: {@code "Key 'size' must be an integer, found a
 * string at files[3] (foo-1.0.tar.gz)"}. {@link #location()} is that "where" alone: a path into the
 * page such as {@code files[3] (foo-1.0.tar.gz)}, {@code meta}, or {@code line 1, column 17} for
 * syntax errors, and empty when the problem concerns the page as a whole.
 *
 * <p>It extends {@link IllegalArgumentException} because it always means the page given was bad,
 * never that this library is in a bad state. Genuine I/O failures of a stream are reported as
 * {@link java.io.IOException}, never as this.
 */
public final class InvalidPageException extends IllegalArgumentException {

    private final String reason;
    private final String location;

    /**
     * @param reason what was wrong, as a sentence without the location
     * @param location where in the page, or empty for the page as a whole
     */
    public InvalidPageException(String reason, String location) {
        this(reason, location, null);
    }

    /** As {@link #InvalidPageException(String, String)}, keeping the lower-level cause. */
    public InvalidPageException(String reason, String location, Throwable cause) {
        super(describe(reason, location), cause);
        this.reason = reason == null ? "Invalid page" : reason;
        this.location = location == null ? "" : location;
    }

    /** What was wrong, without the location. */
    public String reason() {
        return reason;
    }

    /** Where in the page the problem was found, or the empty string for the page as a whole. */
    public String location() {
        return location;
    }

    private static String describe(String reason, String location) {
        String what = reason == null ? "Invalid page" : reason;
        return location == null || location.isEmpty() ? what : what + " at " + location;
    }
}
