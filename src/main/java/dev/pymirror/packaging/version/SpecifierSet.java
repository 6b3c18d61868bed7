package dev.pymirror.packaging.version;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A comma separated set of PEP 440 version specifiers, such as {@code >=1.0,!=1.3.*,<2}: a version
 * is in the set when it satisfies every clause. The empty set ({@link #ANY}) holds every version.
 *
 * <p>Clauses are kept sorted by their text, without duplicates, which is also how {@link #toString()}
 * writes them ({@code <2,>=1.0}); equality compares the clauses, ignoring the pre-release flag.
 *
 * <p>Pre-releases: {@link #contains} accepts a matching pre-release unless told not to;
 * {@link #filter} keeps pre-releases only when a clause names one, when told to, or when no final
 * release matches. Instances are immutable and thread-safe.
 */
public final class SpecifierSet implements Iterable<Specifier> {

    /** The set without clauses: every version matches (pre-release rules still apply to {@link #filter}). */
    public static final SpecifierSet ANY = new SpecifierSet(List.of(), null);

    private final List<Specifier> specifiers;
    private final Boolean prereleases;
    private final boolean hasArbitrary;
    private VersionSet accepted; // computed on first use
    private String text; // computed on first use

    private SpecifierSet(List<Specifier> canonical, Boolean prereleases) {
        this.specifiers = canonical;
        this.prereleases = prereleases;
        boolean arbitrary = false;
        for (Specifier s : canonical) {
            arbitrary |= s.kind() == Operator.ARBITRARY_EQUAL;
        }
        this.hasArbitrary = arbitrary;
    }

    /**
     * Parses a comma separated set; whitespace around clauses is ignored and so are empty clauses.
     *
     * @throws InvalidSpecifierException if {@code text} is null or a clause is invalid; the
     *     position is in the whole text
     */
    public static SpecifierSet parse(String text) {
        return parse(text, null);
    }

    /**
     * Parses a comma separated set with a pre-release policy.
     *
     * @param prereleases true to accept pre-releases, false to refuse them, null for the default rules
     */
    public static SpecifierSet parse(String text, Boolean prereleases) {
        if (text == null) {
            throw new InvalidSpecifierException("A specifier set is required", null);
        }
        return parse(text, prereleases, true);
    }

    /** The set, or null when {@code text} is null or not a valid specifier set. Does not throw. */
    public static SpecifierSet parseOrNull(String text) {
        return text == null ? null : parse(text, null, false);
    }

    /** True when {@code text} is a valid specifier set. Does not throw. */
    public static boolean isValid(String text) {
        return parseOrNull(text) != null;
    }

    private static SpecifierSet parse(String text, Boolean prereleases, boolean raise) {
        List<Specifier> parsed = new ArrayList<>();
        int from = 0;
        while (from <= text.length()) {
            int comma = text.indexOf(',', from);
            int to = comma < 0 ? text.length() : comma;
            if (PythonWhitespace.skip(text, from, to) < to) {
                Specifier s = Specifier.parse(text, from, to, null, raise);
                if (s == null) {
                    return null;
                }
                parsed.add(s);
            }
            from = to + 1;
        }
        if (parsed.isEmpty() && prereleases == null) {
            return ANY;
        }
        return new SpecifierSet(canonical(parsed), prereleases);
    }

    /** The set of the given clauses, each keeping its own pre-release flag for its own use. */
    public static SpecifierSet of(Collection<Specifier> specifiers, Boolean prereleases) {
        return new SpecifierSet(canonical(new ArrayList<>(specifiers)), prereleases);
    }

    /** Sorted by text (as code points), then without clauses equal to an earlier one. */
    private static List<Specifier> canonical(List<Specifier> specifiers) {
        if (specifiers.size() > 1) {
            specifiers.sort((a, b) -> compareCodePoints(a.toString(), b.toString()));
            specifiers = new ArrayList<>(new LinkedHashSet<>(specifiers));
        }
        return Collections.unmodifiableList(specifiers);
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    // ---------------------------------------------------------------- components

    /** The clauses, sorted by text, without duplicates. */
    public List<Specifier> specifiers() {
        return specifiers;
    }

    @Override
    public Iterator<Specifier> iterator() {
        return specifiers.iterator();
    }

    /** Number of distinct clauses. */
    public int size() {
        return specifiers.size();
    }

    /** True when the set has no clauses (and so holds every version). */
    public boolean isEmpty() {
        return specifiers.isEmpty();
    }

    /**
     * Whether the set accepts pre-releases: the policy given when parsing, if any; otherwise true
     * when a clause names a pre-release, else null (decided per use).
     */
    public Boolean prereleases() {
        if (prereleases != null) {
            return prereleases;
        }
        for (Specifier s : specifiers) {
            if (Boolean.TRUE.equals(s.prereleases())) {
                return Boolean.TRUE;
            }
        }
        return null;
    }

    /**
     * The set holding both sets' clauses ({@code &} in packaging). The pre-release policy is the one
     * either gives.
     *
     * @throws IllegalArgumentException if one set accepts pre-releases and the other refuses them
     */
    public SpecifierSet and(SpecifierSet other) {
        Boolean policy;
        if (prereleases == null || prereleases.equals(other.prereleases)) {
            policy = other.prereleases;
        } else if (other.prereleases == null) {
            policy = prereleases;
        } else {
            throw new IllegalArgumentException(
                    "Cannot combine specifier sets that accept and refuse pre-releases: " + this + " and " + other);
        }
        List<Specifier> all = new ArrayList<>(specifiers);
        all.addAll(other.specifiers);
        return new SpecifierSet(canonical(all), policy);
    }

    /** As {@link #and(SpecifierSet)}, parsing {@code other} first. */
    public SpecifierSet and(String other) {
        return and(parse(other));
    }

    // ---------------------------------------------------------------- matching

    /** True when {@code v} satisfies every clause (a matching pre-release is accepted unless refused). */
    public boolean contains(Version v) {
        return contains(v, null, false);
    }

    /** True when {@code v} satisfies every clause; a non-version string passes only {@code ===} or no clause. */
    public boolean contains(String v) {
        return contains(v, null, false);
    }

    /**
     * True when {@code v} satisfies every clause.
     *
     * @param prereleases false to refuse pre-releases, true to accept them, null to use the set's
     *     policy (accepting them when there is none)
     */
    public boolean contains(Version v, Boolean prereleases) {
        return contains(v, prereleases, false);
    }

    /** As {@link #contains(Version, Boolean)}, for a string. */
    public boolean contains(String v, Boolean prereleases) {
        return contains(v, prereleases, false);
    }

    /**
     * As {@link #contains(Version, Boolean)}; {@code installed} says the version is already
     * installed, which accepts it even if it is a pre-release the set would refuse.
     */
    public boolean contains(Version v, Boolean prereleases, boolean installed) {
        return v != null && matches(v, v, prereleases, installed);
    }

    /** As {@link #contains(Version, Boolean, boolean)}, for a string. */
    public boolean contains(String v, Boolean prereleases, boolean installed) {
        return v != null && matches(v, Version.parseOrNull(v), prereleases, installed);
    }

    private boolean matches(Object value, Version v, Boolean prereleases, boolean installed) {
        Boolean policy = v != null && installed && v.isPrerelease() ? Boolean.TRUE : prereleases;
        if (policy == null) {
            policy = this.prereleases;
        }
        if (v != null && v.isPrerelease() && Boolean.FALSE.equals(policy)) {
            return false;
        }
        return accepts(value, v);
    }

    /** Whether a candidate satisfies every clause, pre-release policy aside. */
    private boolean accepts(Object value, Version v) {
        if (specifiers.isEmpty()) {
            return true;
        }
        if (hasArbitrary) {
            for (Specifier s : specifiers) {
                if (!s.accepts(value, v)) {
                    return false;
                }
            }
            return true;
        }
        return v != null && accepted().contains(v);
    }

    /** The items that satisfy every clause, in their order: see {@link #filter(Iterable, Function, Boolean)}. */
    public <V> List<V> filter(Iterable<V> versions) {
        return filter(versions, Function.identity(), null);
    }

    /** The items that satisfy every clause, in their order: see {@link #filter(Iterable, Function, Boolean)}. */
    public <V> List<V> filter(Iterable<V> versions, Boolean prereleases) {
        return filter(versions, Function.identity(), prereleases);
    }

    /**
     * The items whose key satisfies every clause, in their order.
     *
     * @param items the candidates
     * @param key gives each item's version: a {@link Version} or a string (strings that are not
     *     versions only pass a set without clauses, or {@code ===})
     * @param prereleases true to keep matching pre-releases, false to drop them, null to use
     *     {@link #prereleases()} or, when that is null too, to keep them only if no final release matches
     */
    public <T> List<T> filter(Iterable<T> items, Function<? super T, ?> key, Boolean prereleases) {
        Boolean policy = prereleases != null ? prereleases : prereleases();
        return VersionFilter.select(items, key, policy, this::accepts);
    }

    // ---------------------------------------------------------------- reasoning about the set

    /**
     * True when some version can satisfy every clause, under the set's pre-release policy: false
     * for {@code >=2,<1}, {@code ==1.0,!=1.0}, {@code ===a,===b}, and, when pre-releases are refused,
     * for sets holding only pre-releases ({@code >=1.0a1,<1.0}).
     */
    public boolean isSatisfiable() {
        if (specifiers.isEmpty()) {
            return true;
        }
        VersionSet set = accepted();
        if (set.isEmpty() || !arbitraryClausesAgree()) {
            return false;
        }
        return !Boolean.FALSE.equals(prereleases()) || set.holdsFinalRelease();
    }

    /** With {@code ===} clauses, the one string they allow must also satisfy every other clause. */
    private boolean arbitraryClausesAgree() {
        if (!hasArbitrary) {
            return true;
        }
        String literal = null;
        for (Specifier s : specifiers) {
            if (s.kind() == Operator.ARBITRARY_EQUAL) {
                String lower = s.version().toLowerCase(Locale.ROOT);
                if (literal != null && !literal.equals(lower)) {
                    return false;
                }
                literal = lower;
            }
        }
        Version candidate = Version.parseOrNull(literal);
        if (candidate != null && candidate.isPrerelease() && Boolean.FALSE.equals(prereleases())) {
            return false;
        }
        for (Specifier s : specifiers) {
            // contains(), not accepted(): a clause built with prereleases=false refuses a pre-release candidate.
            if (s.kind() != Operator.ARBITRARY_EQUAL && (candidate == null || !s.contains(candidate))) {
                return false;
            }
        }
        return true;
    }

    /**
     * True when every version this set accepts is accepted by {@code other}. Pre-release policy is
     * not considered; a {@code ===} clause stands for the version it names.
     */
    public boolean isSubsetOf(SpecifierSet other) {
        if (!named().isSubsetOf(other.named())) {
            return false;
        }
        String literal = literal();
        return literal == null || other.acceptsLiteral(literal);
    }

    /** True when every version {@code other} accepts is accepted by this set; see {@link #isSubsetOf}. */
    public boolean isSupersetOf(SpecifierSet other) {
        return other.isSubsetOf(this);
    }

    /** True when no version is accepted by both sets; see {@link #isSubsetOf}. */
    public boolean isDisjointFrom(SpecifierSet other) {
        if (!named().isDisjointFrom(other.named())) {
            return false;
        }
        String literal = literal();
        String otherLiteral = other.literal();
        return !(literal != null && other.acceptsLiteral(literal))
                && !(otherLiteral != null && acceptsLiteral(otherLiteral));
    }

    /** The versions the clauses accept together, pre-release policy aside. */
    VersionSet accepted() {
        VersionSet set = accepted;
        if (set == null) {
            set = VersionSet.ALL;
            for (Specifier s : specifiers) {
                set = set.intersect(s.accepted());
            }
            accepted = set;
        }
        return set;
    }

    private VersionSet named() {
        VersionSet set = VersionSet.ALL;
        for (Specifier s : specifiers) {
            set = set.intersect(s.named());
        }
        return set;
    }

    /** The non-version string this set accepts through {@code ===} clauses alone, lower-cased, or null. */
    private String literal() {
        String literal = null;
        for (Specifier s : specifiers) {
            if (s.kind() != Operator.ARBITRARY_EQUAL || s.parsedVersion() != null) {
                return null;
            }
            String lower = s.version().toLowerCase(Locale.ROOT);
            if (literal != null && !literal.equals(lower)) {
                return null;
            }
            literal = lower;
        }
        return literal;
    }

    private boolean acceptsLiteral(String lower) {
        return specifiers.isEmpty() || lower.equals(literal());
    }

    // ---------------------------------------------------------------- identity

    /** The clauses, sorted by text and comma separated: {@code "!=1.0.1,>=1.0.0"}; empty for {@link #ANY}. */
    @Override
    public String toString() {
        String t = text;
        if (t == null) {
            StringBuilder out = new StringBuilder();
            for (Specifier s : specifiers) {
                if (!out.isEmpty()) {
                    out.append(',');
                }
                out.append(s);
            }
            t = out.toString();
            text = t;
        }
        return t;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SpecifierSet s && specifiers.equals(s.specifiers);
    }

    @Override
    public int hashCode() {
        return specifiers.hashCode();
    }
}
