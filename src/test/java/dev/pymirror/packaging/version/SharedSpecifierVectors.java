package dev.pymirror.packaging.version;

import static dev.pymirror.packaging.version.SpecifierCases.FILE;
import static dev.pymirror.packaging.version.SpecifierCases.flag;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pymirror.testing.Conformance;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The specifiers.json sections that hold {@link Specifier} and {@link SpecifierSet} to the same
 * checks, each with the cases of its own kind: {@code SpecifierTest} and {@code SpecifierSetTest}
 * extend this with how to parse, filter and read the pre-release policy, and check
 * {@code invalid} and {@code contains} cases their own way.
 *
 * @param <S> Specifier or SpecifierSet
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // the case lists depend on the kind, so they are instance methods
abstract class SharedSpecifierVectors<S> {

    /** A specifier's or set's {@code filter(items, prereleases)}. */
    interface Filter<S> {
        List<Object> filter(S specifier, List<Object> items, Boolean prereleases);
    }

    private final String kind;
    private final Set<String> sectionsWithoutCases;
    private final BiFunction<String, Boolean, S> parse;
    private final Filter<S> filter;
    private final Function<S, Boolean> prereleases;

    /**
     * @param kind the {@code kind} the cases are given for: {@code Specifier} or {@code SpecifierSet}
     * @param sectionsWithoutCases the sections the shared sample has no cases of this kind in; in
     *     every other section an empty list of cases fails the test
     */
    SharedSpecifierVectors(String kind, Set<String> sectionsWithoutCases, BiFunction<String, Boolean, S> parse,
            Filter<S> filter, Function<S, Boolean> prereleases) {
        this.kind = kind;
        this.sectionsWithoutCases = sectionsWithoutCases;
        this.parse = parse;
        this.filter = filter;
        this.prereleases = prereleases;
    }

    /** Checks one {@code contains} case; the grid's cases are checked the same way. */
    abstract void contains(JsonNode c);

    List<String> invalid() {
        return Conformance.strings(Conformance.section(FILE, "invalid"));
    }

    List<Arguments> contains() {
        return cases("contains");
    }

    List<Arguments> containsGrid() {
        return cases("contains_grid");
    }

    List<Arguments> filter() {
        return cases("filter");
    }

    List<Arguments> filterGrid() {
        return cases("filter_grid");
    }

    List<Arguments> prereleasesProperty() {
        return cases("prereleases_property");
    }

    // Zero invocations are allowed where a kind has no cases; cases() fails any other empty section.
    @ParameterizedTest(allowZeroInvocations = true)
    @MethodSource
    void containsGrid(JsonNode c) {
        contains(c);
    }

    @ParameterizedTest
    @MethodSource
    void filter(JsonNode c) {
        S s = parse.apply(c.get("specifier").asText(), flag(c, "prereleases"));
        List<Object> result = filter.filter(s, SpecifierCases.input(c), flag(c, "filter_prereleases"));
        assertThat(SpecifierCases.describeOutput(result)).isEqualTo(SpecifierCases.expectedOutput(c));
    }

    @ParameterizedTest(allowZeroInvocations = true)
    @MethodSource
    void filterGrid(JsonNode c) {
        filter(c);
    }

    @ParameterizedTest(allowZeroInvocations = true)
    @MethodSource
    void prereleasesProperty(JsonNode c) {
        S s = parse.apply(c.get("specifier").asText(), flag(c, "prereleases"));
        assertThat(prereleases.apply(s)).isEqualTo(flag(c, "expected"));
    }

    /** The section's cases of this kind; none is a failure, as for a plain {@code @ParameterizedTest}, unless expected. */
    private List<Arguments> cases(String section) {
        List<Arguments> cases = SpecifierCases.ofKind(section, kind);
        if (cases.isEmpty() && !sectionsWithoutCases.contains(section)) {
            throw new AssertionError("No " + kind + " cases in section '" + section + "' of " + FILE);
        }
        return cases;
    }
}
