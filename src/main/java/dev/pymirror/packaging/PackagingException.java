package dev.pymirror.packaging;

/**
 * The root of every error raised for invalid packaging input: a version, specifier, marker,
 * requirement, name, file name, tag or metadata that does not follow its standard.
 *
 * <p>Each subclass names what was being parsed. The message says what was wrong and, where the
 * input is a string, where in it: {@code "Expected a version after '>=' at position 2 in '>=x'"}.
 * It extends {@link IllegalArgumentException} because it always means the caller passed bad input,
 * never that the library is in a bad state.
 */
public abstract class PackagingException extends IllegalArgumentException {

    /** Position value for errors that concern the input as a whole. */
    public static final int NO_POSITION = -1;

    private final String input;
    private final int position;
    private final String reason;

    protected PackagingException(String reason, String input, int position) {
        super(describe(reason, input, position));
        this.reason = reason;
        this.input = input;
        this.position = position;
    }

    protected PackagingException(String reason, String input) {
        this(reason, input, NO_POSITION);
    }

    /** The offending input, as given. */
    public String input() {
        return input;
    }

    /** Zero-based offset into {@link #input()} where the problem was found, or {@link #NO_POSITION}. */
    public int position() {
        return position;
    }

    /** What was wrong, without the input or position. */
    public String reason() {
        return reason;
    }

    private static String describe(String reason, String input, int position) {
        String quoted = input == null ? "null" : "'" + input + "'";
        if (position >= 0) {
            return reason + " at position " + position + " in " + quoted;
        }
        return reason + ": " + quoted;
    }
}
