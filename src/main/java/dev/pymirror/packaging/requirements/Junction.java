package dev.pymirror.packaging.requirements;

import java.util.List;

/** Two or more marker expressions joined by {@code and} (all must hold) or {@code or} (one must hold). */
final class Junction implements MarkerNode {

    private final boolean all;
    private final MarkerNode[] terms;
    private final boolean parenthesized;
    private final boolean mayFail;
    /** Levels of junctions in this subtree, itself included: bounds the recursion of evaluation. */
    private final int depth;

    private Junction(boolean all, MarkerNode[] terms, boolean parenthesized) {
        this.all = all;
        this.terms = terms;
        this.parenthesized = parenthesized;
        boolean fails = false;
        int deepest = 0;
        for (MarkerNode term : terms) {
            fails |= term.mayFail();
            if (term instanceof Junction junction) {
                deepest = Math.max(deepest, junction.depth);
            }
        }
        this.mayFail = fails;
        this.depth = deepest + 1;
    }

    /** Levels of {@code and} / {@code or} in a marker tree. */
    static int depthOf(MarkerNode node) {
        return node instanceof Junction junction ? junction.depth : 0;
    }

    static Junction allOf(List<MarkerNode> terms) {
        return new Junction(true, terms.toArray(MarkerNode[]::new), false);
    }

    static Junction anyOf(List<MarkerNode> terms) {
        return new Junction(false, terms.toArray(MarkerNode[]::new), false);
    }

    @Override
    public boolean evaluate(Environment environment, MarkerContext context) {
        for (int i = 0; i < terms.length; i++) {
            if (terms[i].evaluate(environment, context) != all) {
                // The result is known, but an undefined comparison further on is still an error, as
                // in the reference, which evaluates every term: only the terms that can fail are run.
                for (int j = i + 1; j < terms.length; j++) {
                    if (terms[j].mayFail()) {
                        terms[j].evaluate(environment, context);
                    }
                }
                return !all;
            }
        }
        return all;
    }

    @Override
    public boolean mayFail() {
        return mayFail;
    }

    @Override
    public boolean names(MarkerVariable variable) {
        for (MarkerNode term : terms) {
            if (term.names(variable)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public MarkerNode grouped(boolean parenthesized) {
        return parenthesized == this.parenthesized ? this : new Junction(all, terms, parenthesized);
    }

    @Override
    public int format(StringBuilder out, boolean nested, Comparison target) {
        // Parentheses the author wrote around a group are kept, even where precedence makes them
        // redundant: the canonical form preserves how the marker was grouped.
        boolean wrap = nested && parenthesized;
        if (wrap) {
            out.append('(');
        }
        int found = -1;
        for (int i = 0; i < terms.length; i++) {
            if (i > 0) {
                out.append(all ? " and " : " or ");
            }
            int at = terms[i].format(out, true, target);
            if (at >= 0) {
                found = at;
            }
        }
        if (wrap) {
            out.append(')');
        }
        return found;
    }
}
