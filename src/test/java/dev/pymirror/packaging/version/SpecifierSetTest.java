package dev.pymirror.packaging.version;

import static dev.pymirror.packaging.version.SpecifierCases.FILE;
import static dev.pymirror.packaging.version.SpecifierCases.flag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pymirror.testing.Conformance;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class SpecifierSetTest extends SharedSpecifierVectors<SpecifierSet> {

    SpecifierSetTest() {
        // the shared sample holds prereleases_property cases for single specifiers only
        super("SpecifierSet", Set.of("prereleases_property"), SpecifierSet::parse, SpecifierSet::filter,
                SpecifierSet::prereleases);
    }

    static List<String> validSets() {
        return Conformance.strings(Conformance.section(FILE, "valid_sets"));
    }

    static List<Map.Entry<String, JsonNode>> setStr() {
        return Conformance.entries(FILE, "set_str");
    }

    static List<Map.Entry<String, JsonNode>> setItems() {
        return Conformance.entries(FILE, "set_items");
    }

    static List<Arguments> combine() {
        return SpecifierCases.all("combine");
    }

    static List<Arguments> setRelations() {
        return SpecifierCases.all("set_relations");
    }

    static List<Arguments> satisfiability() {
        return SpecifierCases.all("satisfiability");
    }

    @ParameterizedTest
    @MethodSource
    void validSets(String text) {
        SpecifierSet set = SpecifierSet.parse(text);
        assertThat(SpecifierSet.isValid(text)).isTrue();
        assertThat(SpecifierSet.parse(set.toString())).isEqualTo(set);
        assertThat(SpecifierSet.parse(set.toString()).toString()).isEqualTo(set.toString());
    }

    @ParameterizedTest
    @MethodSource
    void invalid(String text) {
        assertThat(SpecifierSet.isValid(text)).isFalse();
        assertThatThrownBy(() -> SpecifierSet.parse(text)).isInstanceOf(InvalidSpecifierException.class);
        assertThatThrownBy(() -> SpecifierSet.parse(">=0.1," + text))
                .isInstanceOf(InvalidSpecifierException.class)
                .satisfies(e -> assertThat(((InvalidSpecifierException) e).position()).isGreaterThanOrEqualTo(6));
    }

    @ParameterizedTest
    @MethodSource
    @Override
    void contains(JsonNode c) {
        SpecifierSet s = SpecifierSet.parse(c.get("specifier").asText(), flag(c, "prereleases"));
        String version = c.get("version").asText();
        Boolean pre = flag(c, "contains_prereleases");
        boolean installed = Boolean.TRUE.equals(flag(c, "installed"));
        boolean expected = c.get("expected").asBoolean();
        if (c.has("version_type") && c.get("version_type").asText().equals("Version")) {
            assertThat(s.contains(Version.parse(version), pre, installed)).isEqualTo(expected);
        } else {
            assertThat(s.contains(version, pre, installed)).isEqualTo(expected);
            if (!installed) {
                assertThat(s.contains(version, pre)).isEqualTo(expected);
            }
            if (!installed && pre == null) {
                assertThat(s.contains(version)).isEqualTo(expected);
            }
        }
    }

    @ParameterizedTest
    @MethodSource
    void setStr(Map.Entry<String, JsonNode> c) {
        assertThat(SpecifierSet.parse(c.getKey()).toString()).isEqualTo(c.getValue().asText());
    }

    @ParameterizedTest
    @MethodSource
    void setItems(Map.Entry<String, JsonNode> c) {
        List<String> items = new ArrayList<>();
        SpecifierSet.parse(c.getKey()).forEach(s -> items.add(s.toString()));
        assertThat(items).isEqualTo(Conformance.strings(c.getValue()));
    }

    @ParameterizedTest
    @MethodSource
    void combine(JsonNode c) {
        SpecifierSet combined = SpecifierSet.parse(c.get("left").asText()).and(SpecifierSet.parse(c.get("right").asText()));
        assertThat(combined.toString()).isEqualTo(c.get("expected").asText());
        assertThat(combined).isEqualTo(SpecifierSet.parse(c.get("expected").asText()));
    }

    @ParameterizedTest
    @MethodSource
    void setRelations(JsonNode c) {
        SpecifierSet left = SpecifierSet.parse(c.get("left").asText());
        SpecifierSet right = SpecifierSet.parse(c.get("right").asText());
        boolean actual = switch (c.get("relation").asText()) {
            case "is_subset" -> left.isSubsetOf(right);
            case "is_superset" -> left.isSupersetOf(right);
            case "is_disjoint" -> left.isDisjointFrom(right);
            default -> throw new AssertionError("Unknown relation " + c.get("relation"));
        };
        assertThat(actual).isEqualTo(c.get("expected").asBoolean());
    }

    @ParameterizedTest
    @MethodSource
    void satisfiability(JsonNode c) {
        SpecifierSet s = SpecifierSet.parse(c.get("specifier").asText(), flag(c, "prereleases"));
        assertThat(s.isSatisfiable()).isEqualTo(!c.get("unsatisfiable").asBoolean());
    }

    // ------------------------------------------------------------ beyond the vectors

    @Test
    void emptySetMatchesEverythingButFiltersPrereleases() {
        assertThat(SpecifierSet.parse("")).isSameAs(SpecifierSet.ANY);
        assertThat(SpecifierSet.parse(" , ,")).isEqualTo(SpecifierSet.ANY);
        assertThat(SpecifierSet.ANY.isEmpty()).isTrue();
        assertThat(SpecifierSet.ANY.toString()).isEmpty();
        assertThat(SpecifierSet.ANY.contains("1.0a1")).isTrue();
        assertThat(SpecifierSet.ANY.contains("1.0a1", false)).isFalse();
        assertThat(SpecifierSet.ANY.filter(List.of("1.3", "1.5a1"))).containsExactly("1.3");
        assertThat(SpecifierSet.ANY.filter(List.of("1.5a1"))).containsExactly("1.5a1");
        assertThat(SpecifierSet.parse("", true).filter(List.of("1.3", "1.5a1"))).containsExactly("1.3", "1.5a1");
    }

    @Test
    void errorsPointIntoTheWholeText() {
        assertThatThrownBy(() -> SpecifierSet.parse(null)).hasMessage("A specifier set is required: null");
        assertThatThrownBy(() -> SpecifierSet.parse(">=1.0, <2.0+local"))
                .isInstanceOf(InvalidSpecifierException.class)
                .hasMessage("A local version label is only allowed with '==' and '!=' at position 11 in '>=1.0, <2.0+local'");
        assertThatThrownBy(() -> SpecifierSet.parse(">=1.0;<2"))
                .hasMessage("Unexpected character ';' at position 5 in '>=1.0;<2'");
    }

    @Test
    void combiningKeepsOnePrereleasePolicy() {
        SpecifierSet yes = SpecifierSet.parse(">=1", true);
        SpecifierSet no = SpecifierSet.parse("<3", false);
        SpecifierSet neither = SpecifierSet.parse("!=2");
        assertThat(yes.and(neither).prereleases()).isTrue();
        assertThat(neither.and(no).prereleases()).isFalse();
        assertThat(yes.and(yes).prereleases()).isTrue();
        assertThatThrownBy(() -> yes.and(no)).isInstanceOf(IllegalArgumentException.class);
        assertThat(SpecifierSet.parse(">=1.0,!=1.0.1").and("<=2.0.0,!=2.0.1").toString())
                .isEqualTo("!=1.0.1,!=2.0.1,<=2.0.0,>=1.0");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        ">=1.0,<2.0      | >=1.0           | true",
        ">=1.0           | >=1.0,<2.0      | false",
        "==1.0.*         | >=1.0.dev0,<1.1.dev0 | true",
        ">=1.0.dev0,<1.1.dev0 | ==1.0.*    | true",
        ">1.0            | >=1.0.post0     | true",
        ">1.0            | >1.0.post5      | true",
        ">=1.0.post0     | >1.0            | false",
        "!=1.0           | !=1.0+local     | true",
        "!=1.0+local     | !=1.0           | false",
        "===foobar       | ''              | true",
        "===foobar       | ===FOOBAR       | true",
        "===foobar       | >=1             | false",
        "===1.0          | >=1             | true",
        "<0              | ==5             | true",
    })
    void subsets(String left, String right, boolean expected) {
        assertThat(SpecifierSet.parse(left).isSubsetOf(SpecifierSet.parse(right))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        ">1.0        | <=1.0.post3      | true",
        ">1.0        | <1.0.0.1         | false",
        "==1.0       | ==1.0+local      | false",
        "===foobar   | ===FooBar        | false",
        "===foobar   | >=1              | true",
        "''          | ===foobar        | false",
        ">=1,<2      | >=2              | true",
        ">=1,<=2     | >=2              | false",
    })
    void disjoint(String left, String right, boolean expected) {
        assertThat(SpecifierSet.parse(left).isDisjointFrom(SpecifierSet.parse(right))).isEqualTo(expected);
        assertThat(SpecifierSet.parse(right).isDisjointFrom(SpecifierSet.parse(left))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        ">=1.0a1.post1,<=1.0        | false | true",
        ">=1.0a1.post1,<1.0         | false | false",
        ">1.0a1,<1.0a2.dev0         |       | false",
        ">1.0a1,<1.0a2.dev1         |       | true",
        "!=1.0+local,==1.0+LOCAL     |       | false",
        "!=1.0+local,==1.0           |       | true",
        ">1.0,<1.0.0.0.0.0.1        | false | true",
        "<99999999999999999999999.dev0,>99999999999999999999998.post1 |  | true",
        ">=99999999999999999999999,<99999999999999999999999 |  | false",
    })
    void satisfiabilityBeyondTheVectors(String text, Boolean prereleases, boolean satisfiable) {
        assertThat(SpecifierSet.parse(text, prereleases).isSatisfiable()).isEqualTo(satisfiable);
    }
}
