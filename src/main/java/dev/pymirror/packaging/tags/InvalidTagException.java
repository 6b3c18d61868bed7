package dev.pymirror.packaging.tags;

import dev.pymirror.packaging.PackagingException;

/**
 * A compatibility tag or compressed tag set that PEP 425 does not allow. {@link #problem()} says
 * which rule was broken, so callers (a wheel file name parser, say) can react to each.
 */
public final class InvalidTagException extends PackagingException {

    /** The rule a tag broke. */
    public enum Problem {
        /** Not exactly three {@code -}-separated components. */
        COMPONENT_COUNT,
        /** An empty component, or an empty member of a {@code .}-separated component. */
        EMPTY,
        /** An interpreter that is not an identifier ({@code 2}, {@code 3py}). */
        INTERPRETER,
        /** Members of a component out of sorted order, when order is checked. */
        UNSORTED,
        /** A compressed set expanding to more than {@link Tag#MAX_EXPANDED_TAGS} tags. */
        TOO_MANY,
        /**
         * Tags that cannot be what was asked: a component given to {@link Tag}'s constructor that
         * holds a separator, a compressed set where one tag was expected, or tags that no single
         * compressed set expands to.
         */
        COMPONENT
    }

    private final Problem problem;

    public InvalidTagException(Problem problem, String reason, String input, int position) {
        super(reason, input, position);
        this.problem = problem;
    }

    public InvalidTagException(Problem problem, String reason, String input) {
        this(problem, reason, input, NO_POSITION);
    }

    /** Which rule the tag broke. */
    public Problem problem() {
        return problem;
    }
}
