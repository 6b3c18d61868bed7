package dev.pymirror.packaging.requirements;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.version.SpecifierSet;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A parsed PEP 508 dependency specifier: {@code name[extras] version-specifier ; marker} or
 * {@code name[extras] @ url ; marker}, as found in {@code Requires-Dist}, requirements files and
 * {@code pyproject.toml}.
 *
 * <p>Immutable and thread-safe. Two requirements are equal when they ask for the same thing: the
 * same normalized project name, the same PEP 685 normalized extras, equal version specifiers, the same
 * URL and equal markers. {@link #toString()} gives the canonical form: the name and extras as written
 * (extras sorted), the canonical specifier, {@code " @ "} before a URL and {@code "; "} before the
 * canonical marker (after a space when a URL precedes it, since a URL runs to the next space).
 */
public final class Requirement {

    private final ProjectName name;
    private final SortedSet<String> extras;
    private final Set<String> normalizedExtras;
    private final SpecifierSet specifier;
    private final String url;
    private final Marker marker;
    private final String text;

    Requirement(ProjectName name, TreeSet<String> extras, SpecifierSet specifier, String url, Marker marker) {
        this.name = name;
        this.extras = Collections.unmodifiableSortedSet(extras);
        Set<String> normalized = new LinkedHashSet<>();
        for (String extra : extras) {
            normalized.add(ProjectName.normalize(extra));
        }
        this.normalizedExtras = Collections.unmodifiableSet(normalized);
        this.specifier = specifier;
        this.url = url;
        this.marker = marker;
        this.text = format();
    }

    /**
     * Parses a dependency specifier.
     *
     * @throws InvalidRequirementException if the text is not a PEP 508 dependency specifier; the
     *     position is an offset into {@code text}, also for errors in its version specifier or marker
     */
    public static Requirement parse(String text) {
        return RequirementParser.parse(text);
    }

    /** The project name, as written; it compares by its PEP 503 normalized form. */
    public ProjectName name() {
        return name;
    }

    /** The extras as written, sorted, without duplicates; empty when none. */
    public SortedSet<String> extras() {
        return extras;
    }

    /** The extras PEP 685 normalized ({@code All_Blue} is {@code all-blue}), as compared for equality. */
    public Set<String> normalizedExtras() {
        return normalizedExtras;
    }

    /** The version specifier; {@link SpecifierSet#ANY} (empty) when none was given or a URL was. */
    public SpecifierSet specifier() {
        return specifier;
    }

    /** The direct reference after {@code @}, or null when there is none. */
    public String url() {
        return url;
    }

    /** The environment marker after {@code ;}, or null when there is none. */
    public Marker marker() {
        return marker;
    }

    /**
     * Whether this requirement applies to the environment when installing the given extras of the
     * project that declares it (empty for none): true when it has no marker, else as
     * {@link Marker#evaluateForExtras} says.
     */
    public boolean appliesTo(Environment environment, Set<String> requestedExtras) {
        return marker == null || marker.evaluateForExtras(environment, requestedExtras);
    }

    private String format() {
        StringBuilder out = new StringBuilder(name.original());
        if (!extras.isEmpty()) {
            out.append('[').append(String.join(",", extras)).append(']');
        }
        out.append(specifier);
        if (url != null) {
            out.append(" @ ").append(url);
            if (marker != null) {
                out.append(' ');
            }
        }
        if (marker != null) {
            out.append("; ").append(marker);
        }
        return out.toString();
    }

    /** The canonical form; parsing it gives an equal requirement. */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Requirement that
                && name.equals(that.name)
                && normalizedExtras.equals(that.normalizedExtras)
                && specifier.equals(that.specifier)
                && Objects.equals(url, that.url)
                && Objects.equals(marker, that.marker);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, normalizedExtras, specifier, url, marker);
    }
}
