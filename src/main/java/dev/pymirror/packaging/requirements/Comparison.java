package dev.pymirror.packaging.requirements;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.requirements.MarkerVariable.ValueType;
import dev.pymirror.packaging.version.Specifier;
import dev.pymirror.packaging.version.Version;
import java.util.Set;

/**
 * One {@code left op right} test of a marker. What does not depend on the environment is worked out
 * when the marker is parsed: the type that decides how the sides compare and, for the usual
 * {@code version_variable op "literal"}, the PEP 440 specifier built from the literal.
 *
 * <p>How the sides compare follows the variable involved:
 *
 * <ul>
 *   <li>Version variables ({@code python_version}, {@code python_full_version},
 *       {@code implementation_version}, {@code platform_release}): when {@code op + right} is a valid
 *       PEP 440 specifier, the left side must be a version it contains (pre-releases included);
 *       a left side that is not a version is contained by nothing but {@code ===}. Otherwise they
 *       compare as strings.
 *   <li>Strings: {@code ==}, {@code !=}; {@code in} and {@code not in} test for a substring;
 *       {@code <=} and {@code >=} hold only for equal strings and {@code <}, {@code >} never hold
 *       (the current dependency specifiers specification); {@code ~=} and {@code ===} are undefined.
 *   <li>{@code extra}: as strings, after PEP 685 normalization of both sides.
 *   <li>{@code extras}, {@code dependency_groups}: only {@code "name" in} / {@code not in}, by
 *       normalized name.
 * </ul>
 */
final class Comparison implements MarkerNode {

    private final Operand left;
    private final MarkerOperator operator;
    private final Operand right;

    /** The variable whose type decides the comparison: the left one, else the right one, else null. */
    private final MarkerVariable key;
    private final ValueType type;
    /** For {@code variable op "literal"} on a version variable: the specifier {@code op + literal}, or null. */
    private final Specifier literalSpecifier;
    /** For {@code "literal" op variable} on a version variable: the literal as a version, or null. */
    private final Version literalVersion;
    /** The specifier is built from the environment value at evaluation time: {@code "3.8" < python_version}. */
    private final boolean specifierFromRight;
    private final boolean mayFail;
    /**
     * Recent results of a version comparison between a variable and a quoted string, by the
     * variable's value. A resolver evaluates each marker for the same few targets over and over;
     * this skips the PEP 440 work after the first time. Entries are immutable and the array is
     * written without locks: a lost or stale write only costs a recomputation.
     */
    private final Memo[] memo;
    private int memoNext;

    private record Memo(String value, boolean result) {}

    private static final int MEMO_SIZE = 8;

    private Comparison(Operand left, MarkerOperator operator, Operand right) {
        this.left = left;
        this.operator = operator;
        this.right = right;
        this.key = left instanceof Operand.Variable v ? v.variable()
                : right instanceof Operand.Variable v ? v.variable() : null;
        this.type = key == null ? ValueType.STRING : key.type();
        boolean versions = type == ValueType.VERSION && operator.isVersionOperator();
        this.literalSpecifier = versions && right instanceof Operand.Literal lit
                ? VersionValues.specifier(operator, lit.value()) : null;
        this.literalVersion = versions && left instanceof Operand.Literal lit ? VersionValues.version(lit.value()) : null;
        this.specifierFromRight = versions && right instanceof Operand.Variable;
        this.memo = type == ValueType.VERSION && (left instanceof Operand.Literal != right instanceof Operand.Literal)
                ? new Memo[MEMO_SIZE] : null;
        this.mayFail = readsContext(left) || readsContext(right)
                || ((operator == MarkerOperator.COMPATIBLE || operator == MarkerOperator.ARBITRARY_EQUAL)
                        && literalSpecifier == null);
    }

    /** {@code extra}, {@code extras} and {@code dependency_groups} are undefined in some contexts. */
    private static boolean readsContext(Operand operand) {
        return operand instanceof Operand.Variable v && !v.variable().isEnvironmentValue();
    }

    /**
     * A comparison as parsed. A quoted string compared with {@code extra}, {@code extras} or
     * {@code dependency_groups} is stored PEP 685 normalized, so the canonical form shows it that way
     * ({@code extra == "Foo_Bar"} prints as {@code extra == "foo-bar"}).
     */
    static Comparison of(Operand left, MarkerOperator operator, Operand right) {
        return new Comparison(normalizedName(left, right), operator, normalizedName(right, left));
    }

    private static Operand normalizedName(Operand side, Operand other) {
        if (side instanceof Operand.Literal lit && other instanceof Operand.Variable v
                && (v.variable().type() == ValueType.NAME || v.variable().type() == ValueType.NAME_SET)) {
            return new Operand.Literal(ProjectName.normalize(lit.value()));
        }
        return side;
    }

    @Override
    public MarkerNode grouped(boolean parenthesized) {
        return this;
    }

    @Override
    public boolean names(MarkerVariable variable) {
        return left instanceof Operand.Variable(MarkerVariable l) && l == variable
                || right instanceof Operand.Variable(MarkerVariable r) && r == variable;
    }

    /** Only the context variables, and {@code ~=} / {@code ===} without a valid specifier, can raise. */
    @Override
    public boolean mayFail() {
        return mayFail;
    }

    @Override
    public int format(StringBuilder out, boolean nested, Comparison target) {
        int at = out.length();
        left.format(out);
        out.append(' ').append(operator.symbol()).append(' ');
        right.format(out);
        return this == target ? at : -1;
    }

    @Override
    public boolean evaluate(Environment environment, MarkerContext context) {
        Object lhs = resolve(left, environment, context);
        Object rhs = resolve(right, environment, context);
        if (lhs instanceof Set<?> || rhs instanceof Set<?> || type == ValueType.NAME_SET) {
            return membership(lhs, rhs);
        }
        String l = (String) lhs;
        String r = (String) rhs;
        return switch (type) {
            case VERSION -> memo == null ? compareVersions(l, r) : memoizedVersions(l, r);
            case NAME -> compareStrings(nameOf(left, l), nameOf(right, r));
            default -> compareStrings(l, r);
        };
    }

    /** The value of one side: a String, or for {@code extras} / {@code dependency_groups} a Set of names. */
    private Object resolve(Operand operand, Environment environment, MarkerContext context) {
        if (operand instanceof Operand.Literal lit) {
            return lit.value();
        }
        MarkerVariable variable = ((Operand.Variable) operand).variable();
        return switch (variable) {
            case EXTRA -> defined(context.extra(), variable, "core metadata");
            case EXTRAS -> defined(context.extras(), variable, "a lock file");
            case DEPENDENCY_GROUPS -> defined(context.dependencyGroups(), variable, "a lock file");
            case PYTHON_FULL_VERSION -> repairedFullVersion(environment.pythonFullVersion());
            default -> environment.get(variable);
        };
    }

    private <T> T defined(T value, MarkerVariable variable, String where) {
        if (value == null) {
            throw UndefinedSignal.missingName("The marker variable '" + variable.markerName()
                    + "' has no value in this context (it is defined in " + where
                    + "; give it in the MarkerContext)", this);
        }
        return value;
    }

    /**
     * Python builds from an untagged source tree report versions like {@code 3.11.1+}, which is not
     * PEP 440; read it as the local version {@code 3.11.1+local} so it still compares.
     */
    private static String repairedFullVersion(String version) {
        return version.endsWith("+") ? version + "local" : version;
    }

    /** Names from the context and literals are normalized already; values of other variables are not. */
    private static String nameOf(Operand operand, String value) {
        return operand instanceof Operand.Variable v && v.variable() != MarkerVariable.EXTRA
                ? ProjectName.normalize(value) : value;
    }

    private boolean membership(Object lhs, Object rhs) {
        if (!(operator == MarkerOperator.IN || operator == MarkerOperator.NOT_IN)
                || !(rhs instanceof Set<?> names) || lhs instanceof Set<?>) {
            String set = setVariable().markerName();
            throw UndefinedSignal.comparison("'" + set + "' is a set of names: it can only be tested with "
                    + "\"name\" in " + set + " or \"name\" not in " + set, this);
        }
        String name = left instanceof Operand.Literal ? (String) lhs : ProjectName.normalize((String) lhs);
        return names.contains(name) != (operator == MarkerOperator.NOT_IN);
    }

    private MarkerVariable setVariable() {
        return right instanceof Operand.Variable v && v.variable().type() == ValueType.NAME_SET ? v.variable() : key;
    }

    private boolean memoizedVersions(String lhs, String rhs) {
        String value = left instanceof Operand.Literal ? rhs : lhs;
        Memo[] entries = memo;
        for (Memo entry : entries) {
            if (entry != null && (entry.value() == value || entry.value().equals(value))) {
                return entry.result();
            }
        }
        boolean result = compareVersions(lhs, rhs);
        entries[memoNext++ & (MEMO_SIZE - 1)] = new Memo(value, result);
        return result;
    }

    private boolean compareVersions(String lhs, String rhs) {
        if (!operator.isVersionOperator()) {
            return compareStrings(lhs, rhs);
        }
        Specifier specifier = specifierFromRight ? VersionValues.specifier(operator, rhs) : literalSpecifier;
        if (specifier == null) {
            if (operator == MarkerOperator.ARBITRARY_EQUAL && rhs.isEmpty()) {
                // "===" with nothing after it is no PEP 440 clause, but arbitrary equality with the
                // empty string (an unknown environment value) is still well defined.
                return lhs.isEmpty();
            }
            return compareStrings(lhs, rhs);
        }
        if (operator == MarkerOperator.ARBITRARY_EQUAL) {
            return VersionValues.containsString(specifier, lhs);
        }
        Version version = left instanceof Operand.Literal ? literalVersion : VersionValues.version(lhs);
        // A value that is not a PEP 440 version (a Linux kernel release such as 6.8.0-45-generic) is in no range.
        return version != null && VersionValues.contains(specifier, version);
    }

    private boolean compareStrings(String lhs, String rhs) {
        return switch (operator) {
            case EQUAL, LESS_EQUAL, GREATER_EQUAL -> lhs.equals(rhs);
            case NOT_EQUAL -> !lhs.equals(rhs);
            case LESS, GREATER -> false;
            case IN -> rhs.contains(lhs);
            case NOT_IN -> !rhs.contains(lhs);
            case COMPATIBLE, ARBITRARY_EQUAL -> throw UndefinedSignal.comparison(undefinedReason(rhs), this);
        };
    }

    private String undefinedReason(String rhs) {
        String symbol = operator.symbol();
        if (type == ValueType.VERSION) {
            return "'" + symbol + rhs + "' is not a valid PEP 440 specifier, and '" + symbol
                    + "' is undefined for strings";
        }
        String subject = key == null ? "two quoted strings" : key.markerName() + ", which is a string";
        return "'" + symbol + "' compares versions and is undefined for " + subject;
    }
}
