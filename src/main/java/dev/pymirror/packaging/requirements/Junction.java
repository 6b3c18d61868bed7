package dev.pymirror.packaging.requirements;

import java.util.List;

/** Two or more marker expressions joined by {@code and} (all must hold) or {@code or} (one must hold). */
final class Junction implements MarkerNode {

    private final boolean all;
    private final MarkerNode[] terms;
    private final boolean parenthesized;

    private Junction(boolean all, MarkerNode[] terms, boolean parenthesized) {
        this.all = all;
        this.terms = terms;
        this.parenthesized = parenthesized;
    }

    static Junction allOf(List<MarkerNode> terms) {
        return new Junction(true, terms.toArray(MarkerNode[]::new), false);
    }

    static Junction anyOf(List<MarkerNode> terms) {
        return new Junction(false, terms.toArray(MarkerNode[]::new), false);
    }

    @Override
    public boolean evaluate(Environment environment, MarkerContext context) {
        // Stops at the first term that decides the result, as Python's 'and' / 'or' do.
        for (MarkerNode term : terms) {
            if (term.evaluate(environment, context) != all) {
                return !all;
            }
        }
        return all;
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
