package dev.pymirror.packaging.dist;

import dev.pymirror.packaging.PackagingException;

/**
 * A distribution file name that does not follow the wheel (PEP 427) or source distribution
 * naming rules. {@link #problem()} says which part was wrong; the message says where.
 */
public final class InvalidFilenameException extends PackagingException {

    /** The part of a file name that was wrong, in the order they are checked. */
    public enum Problem {
        /** Not {@code .whl}, {@code .tar.gz} or {@code .zip} (or not the one asked for). */
        EXTENSION,
        /** The wrong number of {@code -}-separated parts. */
        PART_COUNT,
        /** An empty or malformed project name. */
        NAME,
        /** A version that is not PEP 440. */
        VERSION,
        /** A wheel build tag that does not start with a digit. */
        BUILD_TAG,
        /** Compatibility tags that are not a valid compressed tag set. */
        TAGS,
        /** Compressed tag set members out of sorted order, when order is checked. */
        TAG_ORDER
    }

    private final Problem problem;

    public InvalidFilenameException(Problem problem, String reason, String input, int position) {
        super(reason, input, position);
        this.problem = problem;
    }

    public InvalidFilenameException(Problem problem, String reason, String input) {
        this(problem, reason, input, NO_POSITION);
    }

    /** Which part of the file name was wrong. */
    public Problem problem() {
        return problem;
    }
}
