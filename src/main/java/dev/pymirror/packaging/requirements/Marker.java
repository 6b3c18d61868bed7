package dev.pymirror.packaging.requirements;

import java.util.Collection;
import java.util.List;

/**
 * A parsed PEP 508 environment marker, such as {@code python_version < "3.11" and sys_platform == "linux"}.
 *
 * <p>Immutable and thread-safe. Parse once, then {@link #evaluate} as often as needed: each comparison
 * is compiled when parsed (version specifiers built, {@code extra} names normalized), so evaluation
 * only looks values up and compares them.
 *
 * <p>Two markers are equal when their canonical forms ({@link #toString()}) are: the canonical form
 * writes {@code "double quotes"} (single quotes only for a value holding {@code "}), one space around
 * operators, the current names of legacy variables ({@code os.name} becomes {@code os_name}), names
 * compared with {@code extra} normalized, and keeps the parentheses the author wrote except around a
 * single comparison or the whole marker.
 *
 * <p>As in the reference implementation, an undefined comparison raises even where the other
 * clauses already decide the result ({@code os_name == "posix" or os_name ~= "x"} always fails), so
 * a broken marker is noticed on every machine. Clauses that cannot fail are skipped once the result
 * is known.
 */
public final class Marker {

    /** How deep {@link #and} / {@link #or} may nest markers, far beyond real use, well within the stack. */
    static final int MAX_DEPTH = 1000;

    private final MarkerNode root;
    private final String text;

    private Marker(MarkerNode root) {
        this.root = root;
        StringBuilder out = new StringBuilder();
        root.format(out, false, null);
        this.text = out.toString();
    }

    /**
     * Parses a marker expression.
     *
     * @throws InvalidMarkerException if the text does not follow the PEP 508 marker grammar, names a
     *     variable that does not exist, or holds a malformed quoted string; the position says where
     */
    public static Marker parse(String text) {
        return new Marker(MarkerParser.parse(text));
    }

    static Marker of(MarkerNode root) {
        return new Marker(root);
    }

    /** Evaluates the marker for core metadata with no extra requested ({@code extra == ""}). */
    public boolean evaluate(Environment environment) {
        return evaluate(environment, MarkerContext.metadata());
    }

    /** Evaluates the marker for core metadata when installing {@code extra} ({@code null} or {@code ""} for none). */
    public boolean evaluate(Environment environment, String extra) {
        return evaluate(environment, MarkerContext.metadata(extra));
    }

    /**
     * Evaluates the marker with {@code extra}, {@code extras} and {@code dependency_groups} taken from the context.
     *
     * @throws UndefinedComparisonException for a comparison without a defined result, such as
     *     {@code os_name ~= "posix"} or {@code extras == "doc"}
     * @throws UndefinedEnvironmentNameException for a variable the context does not define, such as
     *     {@code extra} in {@link MarkerContext#requirement()}
     */
    public boolean evaluate(Environment environment, MarkerContext context) {
        if (environment == null || context == null) {
            throw new IllegalArgumentException("An environment and a context are required to evaluate " + text);
        }
        try {
            return root.evaluate(environment, context);
        } catch (UndefinedSignal signal) {
            int position = positionOf(signal.where());
            String reason = "Cannot evaluate '" + clauseText(signal.where()) + "': " + signal.getMessage();
            if (signal.isMissingName()) {
                throw new UndefinedEnvironmentNameException(reason, text, position);
            }
            throw new UndefinedComparisonException(reason, text, position);
        }
    }

    /**
     * Whether the marker tests {@code extra} anywhere: a dependency of core metadata that only an
     * extra asks for ({@code extra == "test"}, also inside an {@code and} / {@code or}).
     */
    public boolean namesExtra() {
        return root.names(MarkerVariable.EXTRA);
    }

    /**
     * Evaluates a dependency of core metadata the way installers do: true when the marker holds for
     * no extra or, if extras were requested, for any one of them.
     */
    public boolean evaluateForExtras(Environment environment, Collection<String> requestedExtras) {
        if (requestedExtras == null || requestedExtras.isEmpty()) {
            return evaluate(environment, MarkerContext.metadata());
        }
        for (String extra : requestedExtras) {
            if (evaluate(environment, MarkerContext.metadata(extra))) {
                return true;
            }
        }
        return false;
    }

    /** A marker that holds when both this one and {@code other} hold; each side keeps its own grouping. */
    public Marker and(Marker other) {
        requireMarker(other);
        return new Marker(Junction.allOf(List.of(root.grouped(true), other.root.grouped(true))));
    }

    /** A marker that holds when this one or {@code other} holds; each side keeps its own grouping. */
    public Marker or(Marker other) {
        requireMarker(other);
        return new Marker(Junction.anyOf(List.of(root.grouped(true), other.root.grouped(true))));
    }

    private void requireMarker(Marker other) {
        if (other == null) {
            throw new IllegalArgumentException("Cannot combine " + text + " with null");
        }
        if (Math.max(Junction.depthOf(root), Junction.depthOf(other.root)) >= MAX_DEPTH) {
            throw new IllegalArgumentException("Cannot combine markers nested more than " + MAX_DEPTH + " levels deep");
        }
    }

    private int positionOf(Comparison comparison) {
        return root.format(new StringBuilder(), false, comparison);
    }

    private static String clauseText(Comparison comparison) {
        StringBuilder out = new StringBuilder();
        comparison.format(out, true, null);
        return out.toString();
    }

    /** The canonical form, as the reference implementation prints it. */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Marker that && text.equals(that.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
