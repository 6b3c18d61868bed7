package dev.pymirror.packaging.version;

import static dev.pymirror.packaging.version.SpecifierCases.FILE;
import static dev.pymirror.packaging.version.SpecifierCases.flag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pymirror.testing.Conformance;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SpecifierTest extends SharedSpecifierVectors<Specifier> {

    SpecifierTest() {
        // the grids are generated for specifier sets only
        super("Specifier", Set.of("contains_grid", "filter_grid"), Specifier::parse, Specifier::filter,
                Specifier::prereleases);
    }

    static List<String> valid() {
        return Conformance.strings(Conformance.section(FILE, "valid"));
    }

    static List<Map.Entry<String, JsonNode>> str() {
        return Conformance.entries(FILE, "str");
    }

    static List<Map.Entry<String, JsonNode>> components() {
        return Conformance.entries(FILE, "components");
    }

    static List<Arguments> equality() {
        return SpecifierCases.all("equality");
    }

    @ParameterizedTest
    @MethodSource
    void valid(String text) {
        Specifier s = Specifier.parse(text);
        assertThat(Specifier.isValid(text)).isTrue();
        assertThat(Specifier.parse(s.toString())).isEqualTo(s);
        assertThat(SpecifierSet.parse(text).specifiers()).containsExactly(s);
    }

    @ParameterizedTest
    @MethodSource
    void invalid(String text) {
        assertThat(Specifier.isValid(text)).isFalse();
        assertThatThrownBy(() -> Specifier.parse(text))
                .isInstanceOf(InvalidSpecifierException.class)
                .satisfies(e -> assertThat(((InvalidSpecifierException) e).input()).isEqualTo(text));
    }

    @ParameterizedTest
    @MethodSource
    @Override
    void contains(JsonNode c) {
        Specifier s = Specifier.parse(c.get("specifier").asText(), flag(c, "prereleases"));
        String version = c.get("version").asText();
        Boolean pre = flag(c, "contains_prereleases");
        boolean expected = c.get("expected").asBoolean();
        if (c.has("version_type") && c.get("version_type").asText().equals("Version")) {
            assertThat(s.contains(Version.parse(version), pre)).isEqualTo(expected);
        } else {
            assertThat(s.contains(version, pre)).isEqualTo(expected);
            if (pre == null) {
                assertThat(s.contains(version)).isEqualTo(expected);
            }
        }
    }

    @ParameterizedTest
    @MethodSource
    void str(Map.Entry<String, JsonNode> c) {
        assertThat(Specifier.parse(c.getKey()).toString()).isEqualTo(c.getValue().asText());
    }

    @ParameterizedTest
    @MethodSource
    void components(Map.Entry<String, JsonNode> c) {
        Specifier s = Specifier.parse(c.getKey());
        assertThat(s.operator()).isEqualTo(c.getValue().get("operator").asText());
        assertThat(s.version()).isEqualTo(c.getValue().get("version").asText());
    }

    @ParameterizedTest
    @MethodSource
    void equality(JsonNode c) {
        Specifier left = Specifier.parse(c.get("left").asText());
        Specifier right = Specifier.parse(c.get("right").asText());
        boolean equal = c.get("equal").asBoolean();
        assertThat(left.equals(right)).isEqualTo(equal);
        assertThat(right.equals(left)).isEqualTo(equal);
        if (equal) {
            assertThat(left).hasSameHashCodeAs(right);
        }
    }

    // ------------------------------------------------------------ beyond the vectors

    @Test
    void errorsSayWhatAndWhere() {
        assertThatThrownBy(() -> Specifier.parse(null)).hasMessage("A specifier is required: null");
        assertThatThrownBy(() -> Specifier.parse("  ")).hasMessage("A specifier must not be empty at position 2 in '  '");
        assertThatThrownBy(() -> Specifier.parse("=>2.0"))
                .hasMessage("Expected an operator (one of ~= == != <= >= < > ===) at position 0 in '=>2.0'");
        assertThatThrownBy(() -> Specifier.parse("== "))
                .hasMessage("Expected a version after '==' at position 2 in '== '");
        assertThatThrownBy(() -> Specifier.parse(">=1.0+local"))
                .hasMessage("A local version label is only allowed with '==' and '!=' at position 5 in '>=1.0+local'");
        assertThatThrownBy(() -> Specifier.parse("<1.0.*"))
                .hasMessage("A '.*' suffix is only allowed with '==' and '!=' at position 4 in '<1.0.*'");
        assertThatThrownBy(() -> Specifier.parse("==1.0a1.*"))
                .hasMessage("A '.*' suffix may only follow the epoch and release numbers at position 7 in '==1.0a1.*'");
        assertThatThrownBy(() -> Specifier.parse("~=1"))
                .hasMessage("'~=' needs a version with at least two release numbers at position 2 in '~=1'");
        assertThatThrownBy(() -> Specifier.parse(">= 1.0 a1"))
                .hasMessage("Unexpected whitespace inside the version at position 6 in '>= 1.0 a1'");
        assertThatThrownBy(() -> Specifier.parse("===a b"))
                .hasMessage("An arbitrary version may not contain whitespace, ';' or ')' at position 4 in '===a b'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"===", "=== ", "==1.0.*.*", "== 1.0 .*", "~=1.0.*", "<=1.0+a", ">1.0.dev1.*", "==1.0;",
        "===a;b", "===a)", "~= 1.0+a", "==1.0 +a", ">=\u0661.0", "== 1.0\u0131", "1.0", ">", "<>1.0", ">=>1.0"})
    void invalidBeyondTheVectors(String text) {
        assertThat(Specifier.isValid(text)).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'\u00a0>=\u202f1.0\u3000' | >=1.0",
        "'~= v1.0.0'               | ~=v1.0.0",
        "'===Foo-Bar'               | ===Foo-Bar",
        "'!= 1.0.*'                 | !=1.0.*",
    })
    void whitespaceIsDroppedFromTheText(String text, String expected) {
        assertThat(Specifier.parse(text).toString()).isEqualTo(expected);
    }

    @Test
    void compatibleReleaseKeepsTrailingZerosInEquality() {
        assertThat(Specifier.parse("~=1.0")).isNotEqualTo(Specifier.parse("~=1.0.0"));
        assertThat(Specifier.parse("==1.0")).isEqualTo(Specifier.parse("==1.0.0")).hasSameHashCodeAs(Specifier.parse("== 1"));
        assertThat(Specifier.parse("===1.0")).isNotEqualTo(Specifier.parse("===1.0.0"));
        assertThat(Specifier.parse("==1.0.*")).isNotEqualTo(Specifier.parse("==1.*"));
    }

    @ParameterizedTest
    @CsvSource({
        "~=1.4.2, 1.4.2, true", "~=1.4.2, 1.4.9, true", "~=1.4.2, 1.5.0, false", "~=1.4.2, 1.5.0.dev0, false",
        "~=1.4.2, 1.4.1, false", "~=2.2.post3, 2.2.post3, true", "~=2.2.post3, 2.9, true", "~=2.2.post3, 3.0, false",
        "==1.0.*, 1, true", "==1.0.*, 1.0.0.1, true", "==1.0.*, 1.1.dev0, false", "==1.0.*, 1.0a1, true",
        ">1.0, 1.0.post1, false", ">1.0, 1.0.0.1, true", ">1.0, 1.0+local, false", ">1.0.post1, 1.0.post2, true",
        ">1.0a1, 1.0a1.post1, false", ">1.0a1, 1.0a2.dev0, true", "<1.0, 1.0.dev0, false", "<1.0, 0.9.9, true",
        "<1.0rc1, 1.0b2, true", "<1.0.post1, 1.0.post1.dev0, false", "<1.0.post1, 1.0.post0, true",
        "<=1.0, 1.0+local, true", "<=1.0, 1.0.post0.dev0, false", "==1.0+local, 1.0, false",
        "==1.0+local, 1.0+LOCAL, true", "!=1.0+local, 1.0+local.1, true", "!=1.0, 1.0+anything, false",
        ">=99999999999999999999999.0, 99999999999999999999999, true",
        ">99999999999999999999999, 100000000000000000000000, true",
        "<99999999999999999999999, 99999999999999999999998, true",
        "~=1.99999999999999999999999, 2.0.dev0, false", "~=1.99999999999999999999999, 1.100000000000000000000000, true",
    })
    void pep440Semantics(String specifier, String version, boolean expected) {
        assertThat(Specifier.parse(specifier).contains(version, true)).isEqualTo(expected);
    }

    @Test
    void prereleasePolicy() {
        Specifier atLeastOne = Specifier.parse(">=1.0");
        assertThat(atLeastOne.contains("2.0a1")).isTrue();
        assertThat(atLeastOne.contains("2.0a1", false)).isFalse();
        assertThat(Specifier.parse(">=1.0", false).contains("2.0a1")).isFalse();
        assertThat(Specifier.parse(">=1.0", false).contains("2.0a1", true)).isTrue();
        assertThat(atLeastOne.filter(List.of("1.5", "2.0a1"))).containsExactly("1.5");
        assertThat(atLeastOne.filter(List.of("2.0a1", "0.5"))).containsExactly("2.0a1");
        assertThat(Specifier.parse(">=1.0b1").filter(List.of("1.5", "2.0a1"))).containsExactly("1.5", "2.0a1");
        assertThat(atLeastOne.filter(List.of("1.5", "2.0a1", "junk"), true)).containsExactly("1.5", "2.0a1");
    }

    @Test
    void filterByKey() {
        record File(String name, String version) {}
        List<File> files = List.of(new File("a", "1.0"), new File("b", "2.0"), new File("c", "not a version"));
        assertThat(Specifier.parse(">=1.5").filter(files, File::version, null)).extracting(File::name).containsExactly("b");
        assertThatThrownBy(() -> Specifier.parse(">=1.5").filter(List.of(1, 2), null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
