package dev.pymirror.packaging.version;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Filtering a list of candidate versions through a specifier with the PEP 440 pre-release rules
 * the reference applies.
 *
 * <p>With pre-releases neither allowed nor forbidden, pre-releases (and development releases) are
 * kept only when no final release matches: a resolver picks {@code 2.0b1} for {@code >=2} when
 * {@code 2.0b1} is all there is, but not when {@code 2.0} exists. Items that are not versions at
 * all can only pass a specifier without clauses or one using {@code ===}; they count as neither.
 * Order is kept.
 */
final class VersionFilter {

    /** Whether a candidate passes the clauses, pre-release policy aside. */
    @FunctionalInterface
    interface Clauses {
        /**
         * @param value the candidate: a {@link Version} or a {@link CharSequence}
         * @param version the candidate as a version, or null when it is not one
         */
        boolean accept(Object value, Version version);
    }

    private VersionFilter() {}

    static <T> List<T> select(Iterable<T> items, Function<? super T, ?> key, Boolean prereleases, Clauses clauses) {
        if (items == null) {
            throw new IllegalArgumentException("The versions to filter are required");
        }
        List<T> accepted = new ArrayList<>();
        List<Boolean> isPrerelease = new ArrayList<>();
        boolean anyFinal = false;
        for (T item : items) {
            Object value = key.apply(item);
            Version version = versionOf(value);
            if (!clauses.accept(value, version)) {
                continue;
            }
            boolean pre = version != null && version.isPrerelease();
            anyFinal |= version != null && !pre;
            accepted.add(item);
            isPrerelease.add(pre);
        }
        boolean dropPrereleases = prereleases == null ? anyFinal : !prereleases;
        if (!dropPrereleases) {
            return accepted;
        }
        List<T> out = new ArrayList<>(accepted.size());
        for (int i = 0; i < accepted.size(); i++) {
            if (!isPrerelease.get(i)) {
                out.add(accepted.get(i));
            }
        }
        return out;
    }

    /** The candidate as a version: itself, or its text parsed; null when the text is not a version. */
    static Version versionOf(Object value) {
        if (value instanceof Version v) {
            return v;
        }
        if (value instanceof CharSequence text) {
            return Version.parseOrNull(text.toString());
        }
        throw new IllegalArgumentException("A version candidate must be a Version or a string, not "
                + (value == null ? "null" : value.getClass().getName()));
    }

    /** The candidate as text: what {@code ===} compares. A version gives its normalized form. */
    static String textOf(Object value) {
        return value.toString();
    }
}
