package dev.pymirror.packaging.version;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * One PEP 440 version specifier clause: an {@link Operator} and a version, such as {@code >=1.0},
 * {@code ~=2.2}, {@code ==1.*}, {@code !=1.0+local} or {@code ===foo}.
 *
 * <p>Which versions a clause accepts follows PEP 440 as the reference implements it: {@code ==V}
 * and {@code !=V} ignore local labels unless {@code V} has one, {@code <V} excludes pre-releases of
 * {@code V} unless {@code V} is one, {@code >V} excludes post-releases and local variants of
 * {@code V}, and {@code ===} compares strings, ignoring case.
 *
 * <p>Pre-releases: {@link #contains} accepts a matching pre-release unless told not to (by the
 * {@code prereleases} argument, or else the one given when parsing); {@link #filter} keeps
 * pre-releases only when no final release matches, unless told otherwise, or when the clause
 * names a pre-release itself ({@code >=1.0b1}).
 *
 * <p>Instances are immutable and thread-safe. Equality ignores the pre-release flag and compares
 * versions canonically: {@code ==2.8.0} equals {@code ==2.8}.
 */
public final class Specifier {

    private final Operator operator;
    private final String version;
    /** The version named; the part before {@code .*} for a wildcard; null for {@code ===} of a non-version. */
    private final Version parsed;
    private final boolean wildcard;
    private final Boolean prereleases;
    private final String arbitraryLower; // the lower-cased version, for ===
    private VersionSet accepted; // computed on first use
    private String canonicalVersion; // computed on first use

    private Specifier(Operator operator, String version, Version parsed, boolean wildcard, Boolean prereleases) {
        this.operator = operator;
        this.version = version;
        this.parsed = parsed;
        this.wildcard = wildcard;
        this.prereleases = prereleases;
        this.arbitraryLower = operator == Operator.ARBITRARY_EQUAL ? version.toLowerCase(Locale.ROOT) : null;
    }

    /**
     * Parses one clause; whitespace around and after the operator is ignored.
     *
     * @throws InvalidSpecifierException if it is null or not a valid PEP 440 specifier
     */
    public static Specifier parse(String text) {
        return parse(text, null);
    }

    /**
     * Parses one clause with a pre-release policy.
     *
     * @param prereleases true to accept pre-releases, false to refuse them, null for the default rules
     * @throws InvalidSpecifierException if it is null or not a valid PEP 440 specifier
     */
    public static Specifier parse(String text, Boolean prereleases) {
        if (text == null) {
            throw new InvalidSpecifierException("A specifier is required", null);
        }
        return parse(text, 0, text.length(), prereleases, true);
    }

    /** The clause, or null when {@code text} is null or not a valid specifier. Does not throw. */
    public static Specifier parseOrNull(String text) {
        return text == null ? null : parse(text, 0, text.length(), null, false);
    }

    /** True when {@code text} is a valid specifier clause. Does not throw. */
    public static boolean isValid(String text) {
        return parseOrNull(text) != null;
    }

    /**
     * Parses {@code text[from, to)}, reporting errors against the whole of {@code text}: by throwing
     * if {@code raise}, else by returning null (validation of many strings should not pay for
     * exceptions).
     */
    static Specifier parse(String text, int from, int to, Boolean prereleases, boolean raise) {
        int start = PythonWhitespace.skip(text, from, to);
        int end = PythonWhitespace.skipBack(text, start, to);
        if (start == end) {
            return invalid(raise, "A specifier must not be empty", text, start);
        }
        Operator op = operatorAt(text, start, end);
        if (op == null) {
            return invalid(raise, "Expected an operator (one of ~= == != <= >= < > ===)", text, start);
        }
        int versionStart = PythonWhitespace.skip(text, start + op.symbol().length(), end);
        if (versionStart == end) {
            return invalid(raise, "Expected a version after '" + op + "'", text, versionStart);
        }
        String version = text.substring(versionStart, end);
        if (op == Operator.ARBITRARY_EQUAL) {
            for (int i = versionStart; i < end; i++) {
                char c = text.charAt(i);
                if (PythonWhitespace.isSpace(c) || c == ';' || c == ')') {
                    return invalid(raise, "An arbitrary version may not contain whitespace, ';' or ')'", text, i);
                }
            }
            return new Specifier(op, version, Version.parseOrNull(version), false, prereleases);
        }
        boolean wildcard = version.endsWith(".*");
        int versionEnd = wildcard ? end - 2 : end;
        if (wildcard && op != Operator.EQUAL && op != Operator.NOT_EQUAL) {
            return invalid(raise, "A '.*' suffix is only allowed with '==' and '!='", text, versionEnd);
        }
        VersionScanner scanner = VersionScanner.over(text, versionStart, versionEnd);
        Version parsed = scanner.scan();
        if (parsed == null) {
            return invalid(raise, scanner.reason(), text, scanner.position());
        }
        if (wildcard && (parsed.isPrerelease() || parsed.isPostrelease() || parsed.hasLocal())) {
            return invalid(raise, "A '.*' suffix may only follow the epoch and release numbers", text, versionEnd);
        }
        if (parsed.hasLocal() && op != Operator.EQUAL && op != Operator.NOT_EQUAL) {
            return invalid(raise, "A local version label is only allowed with '==' and '!='", text,
                    text.indexOf('+', versionStart));
        }
        if (op == Operator.COMPATIBLE && parsed.releaseLength() < 2) {
            return invalid(raise, "'~=' needs a version with at least two release numbers", text, versionStart);
        }
        return new Specifier(op, version, parsed, wildcard, prereleases);
    }

    private static Specifier invalid(boolean raise, String reason, String text, int position) {
        if (raise) {
            throw new InvalidSpecifierException(reason, text, position);
        }
        return null;
    }

    private static Operator operatorAt(String text, int at, int end) {
        char c = text.charAt(at);
        char next = at + 1 < end ? text.charAt(at + 1) : 0;
        if (next == '=') {
            switch (c) {
                case '~':
                    return Operator.COMPATIBLE;
                case '=':
                    return at + 2 < end && text.charAt(at + 2) == '=' ? Operator.ARBITRARY_EQUAL : Operator.EQUAL;
                case '!':
                    return Operator.NOT_EQUAL;
                case '<':
                    return Operator.LESS_THAN_OR_EQUAL;
                case '>':
                    return Operator.GREATER_THAN_OR_EQUAL;
                default:
                    return null;
            }
        }
        if (c == '<') {
            return Operator.LESS_THAN;
        }
        if (c == '>') {
            return Operator.GREATER_THAN;
        }
        return null;
    }

    // ---------------------------------------------------------------- components

    /** The operator as written: {@code "~="}, {@code "=="}, {@code "!="}, {@code "<="}, ... {@code "==="}. */
    public String operator() {
        return operator.symbol();
    }

    /** The operator. */
    public Operator kind() {
        return operator;
    }

    /** The version as written, without surrounding whitespace; with its {@code .*} suffix if any. */
    public String version() {
        return version;
    }

    /**
     * The version named, parsed: for {@code ==1.2.*} that is {@code 1.2}; null only for {@code ===}
     * with a string that is not a version.
     */
    public Version parsedVersion() {
        return parsed;
    }

    /** True for {@code ==V.*} and {@code !=V.*}. */
    public boolean isWildcard() {
        return wildcard;
    }

    /**
     * Whether this clause accepts pre-releases: the policy given when parsing, if any; otherwise
     * true when the clause names a pre-release ({@code >=1.0b1}, except with {@code !=} or a
     * wildcard), false when it does not, and null for {@code ===} of a string that is not a version.
     */
    public Boolean prereleases() {
        if (prereleases != null) {
            return prereleases;
        }
        if (operator == Operator.NOT_EQUAL || (operator == Operator.EQUAL && wildcard)) {
            return Boolean.FALSE;
        }
        return parsed == null ? null : parsed.isPrerelease();
    }

    // ---------------------------------------------------------------- matching

    /** True when {@code v} satisfies this clause; a matching pre-release is accepted unless the clause refuses them. */
    public boolean contains(Version v) {
        return contains(v, null);
    }

    /** True when {@code v} is a version that satisfies this clause, or the string {@code ===} names. */
    public boolean contains(String v) {
        return contains(v, null);
    }

    /**
     * True when {@code v} satisfies this clause.
     *
     * @param prereleases false to refuse pre-releases, true to accept them, null to use the policy
     *     given when parsing (accepting them when there was none)
     */
    public boolean contains(Version v, Boolean prereleases) {
        if (v == null) {
            return false;
        }
        return accepts(v, v) && !(v.isPrerelease() && refusesPrereleases(prereleases));
    }

    /** As {@link #contains(Version, Boolean)}, for a string: one that is not a version only matches {@code ===}. */
    public boolean contains(String v, Boolean prereleases) {
        if (v == null) {
            return false;
        }
        Version parsedItem = Version.parseOrNull(v);
        if (!accepts(v, parsedItem)) {
            return false;
        }
        return parsedItem == null || !(parsedItem.isPrerelease() && refusesPrereleases(prereleases));
    }

    private boolean refusesPrereleases(Boolean argument) {
        return argument != null ? !argument : Boolean.FALSE.equals(prereleases);
    }

    /** Whether a candidate satisfies the clause, pre-release policy aside. */
    boolean accepts(Object value, Version v) {
        if (operator == Operator.ARBITRARY_EQUAL) {
            String text = VersionFilter.textOf(value);
            return text.equals(version) || text.toLowerCase(Locale.ROOT).equals(arbitraryLower);
        }
        return v != null && accepted().contains(v);
    }

    /**
     * The items that satisfy this clause, in their order, with the default pre-release rules: see
     * {@link #filter(Iterable, Function, Boolean)}.
     */
    public <V> List<V> filter(Iterable<V> versions) {
        return filter(versions, Function.identity(), null);
    }

    /** The items that satisfy this clause, in their order: see {@link #filter(Iterable, Function, Boolean)}. */
    public <V> List<V> filter(Iterable<V> versions, Boolean prereleases) {
        return filter(versions, Function.identity(), prereleases);
    }

    /**
     * The items whose key satisfies this clause, in their order.
     *
     * @param items the candidates
     * @param key gives each item's version: a {@link Version} or a string (strings that are not
     *     versions only match {@code ===})
     * @param prereleases true to keep matching pre-releases, false to drop them, null to use the
     *     policy given when parsing or, failing that, to keep them if the clause names a
     *     pre-release or if no final release matches
     */
    public <T> List<T> filter(Iterable<T> items, Function<? super T, ?> key, Boolean prereleases) {
        Boolean policy = prereleases;
        if (policy == null) {
            // A clause naming a pre-release keeps pre-releases; otherwise only when no final matches.
            policy = this.prereleases != null ? this.prereleases
                    : Boolean.TRUE.equals(prereleases()) ? Boolean.TRUE : null;
        }
        return VersionFilter.select(items, key, policy, this::accepts);
    }

    /** The versions this clause accepts, pre-release policy aside ({@code ===} accepts every version here). */
    VersionSet accepted() {
        VersionSet set = accepted;
        if (set == null) {
            set = computeAccepted();
            accepted = set;
        }
        return set;
    }

    /** The versions this clause names, for set relations: for {@code ===V} just {@code V}. */
    VersionSet named() {
        if (operator != Operator.ARBITRARY_EQUAL) {
            return accepted();
        }
        return parsed == null ? VersionSet.NONE : VersionSet.between(Cut.before(parsed), Cut.after(parsed));
    }

    private VersionSet computeAccepted() {
        Version v = parsed;
        if (wildcard) {
            Cut low = Cut.before(v.releaseDev0());
            Cut high = Cut.before(v.nextPrefixDev0(v.releaseLength()));
            return operator == Operator.EQUAL ? VersionSet.between(low, high) : VersionSet.outside(low, high);
        }
        return switch (operator) {
            case GREATER_THAN_OR_EQUAL -> VersionSet.between(Cut.before(v), Cut.TOP);
            // <=V takes V's local variants too, so it stops before whatever follows them.
            case LESS_THAN_OR_EQUAL -> VersionSet.between(Cut.BOTTOM, Cut.before(v.successor()));
            case GREATER_THAN -> VersionSet.between(
                    v.isDevrelease() || v.isPostrelease() ? Cut.before(v.successor()) : Cut.afterPosts(v), Cut.TOP);
            // <V keeps out V's pre-releases, from V.dev0 on, unless V is a pre-release itself.
            case LESS_THAN -> VersionSet.between(Cut.BOTTOM, Cut.before(v.isPrerelease() ? v : v.withDev0()));
            // ==V and !=V take in V's local variants, unless V has a local label itself.
            case EQUAL -> VersionSet.between(Cut.before(v), endOfLocals(v));
            case NOT_EQUAL -> VersionSet.outside(Cut.before(v), endOfLocals(v));
            case COMPATIBLE -> VersionSet.between(Cut.before(v), Cut.before(v.nextPrefixDev0(v.releaseLength() - 1)));
            case ARBITRARY_EQUAL -> VersionSet.ALL;
        };
    }

    private static Cut endOfLocals(Version v) {
        return v.hasLocal() ? Cut.after(v) : Cut.before(v.successor());
    }

    // ---------------------------------------------------------------- identity

    /** The operator followed by the version as written: {@code "<2"} for {@code "< 2"}. */
    @Override
    public String toString() {
        return operator.symbol() + version;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Specifier s && operator == s.operator
                && canonicalVersion().equals(s.canonicalVersion());
    }

    @Override
    public int hashCode() {
        return 31 * operator.hashCode() + canonicalVersion().hashCode();
    }

    private String canonicalVersion() {
        String c = canonicalVersion;
        if (c == null) {
            // ~= keeps trailing zeros: ~=1.0 and ~=1.0.0 accept different versions.
            c = operator == Operator.ARBITRARY_EQUAL || wildcard ? version
                    : parsed.canonical(operator != Operator.COMPATIBLE);
            canonicalVersion = c;
        }
        return c;
    }
}
