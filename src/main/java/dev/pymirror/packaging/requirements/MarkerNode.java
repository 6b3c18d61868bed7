package dev.pymirror.packaging.requirements;

/**
 * A node of a parsed marker expression: a comparison, or an {@code and} / {@code or} of nodes.
 * Nodes are immutable; parsing compiles each comparison once so that evaluation only looks values up.
 */
sealed interface MarkerNode permits Comparison, Junction {

    /** The value of this expression; throws {@link UndefinedSignal} for an undefined comparison or name. */
    boolean evaluate(Environment environment, MarkerContext context);

    /**
     * False when evaluation can never raise, whatever the environment and context: lets an
     * {@code and} / {@code or} whose result is already known skip the terms that cannot fail.
     */
    boolean mayFail();

    /** Whether {@code variable} is a side of some comparison in this expression. */
    boolean names(MarkerVariable variable);

    /** This node, marked as written in parentheses (or not); comparisons never keep parentheses. */
    MarkerNode grouped(boolean parenthesized);

    /**
     * Appends the canonical form. {@code nested} is false for the whole marker, whose own outer
     * parentheses are dropped. Returns the offset at which {@code target} was written, or -1.
     */
    int format(StringBuilder out, boolean nested, Comparison target);
}
