package dev.pymirror.packaging.tags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pymirror.testing.Conformance;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TagTest {

    static List<Map.Entry<String, JsonNode>> parseTag() {
        return Conformance.entries("tags.json", "parse_tag");
    }

    static List<JsonNode> parseTagInvalid() {
        return Conformance.cases("tags.json", "parse_tag_invalid");
    }

    static List<JsonNode> parseTagInvalidWithValidateOrder() {
        return Conformance.cases("tags.json", "parse_tag_invalid_with_validate_order");
    }

    @ParameterizedTest
    @MethodSource
    void parseTag(Map.Entry<String, JsonNode> c) {
        List<String> expected = Conformance.strings(c.getValue());
        assertThat(Tag.parse(c.getKey()).stream().map(Tag::toString).sorted()).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest
    @MethodSource
    void parseTagInvalid(JsonNode c) {
        String tag = c.get("tag").asText();
        assertThatThrownBy(() -> Tag.parse(tag)).isInstanceOf(InvalidTagException.class);
        assertThatThrownBy(() -> Tag.parse(tag, true)).isInstanceOf(InvalidTagException.class);
        // The reference names the offending part in quotes; ours does too.
        String error = c.get("error").asText();
        String kind = error.contains("empty component") ? "Empty member"
                : error.contains("invalid interpreter") ? "Invalid interpreter '"
                : "exactly three";
        assertThatThrownBy(() -> Tag.parse(tag)).hasMessageContaining(kind);
        InvalidTagException.Problem problem = kind.startsWith("Empty") ? InvalidTagException.Problem.EMPTY
                : kind.startsWith("Invalid") ? InvalidTagException.Problem.INTERPRETER
                : InvalidTagException.Problem.COMPONENT_COUNT;
        assertThatThrownBy(() -> Tag.parse(tag)).extracting(e -> ((InvalidTagException) e).problem()).isEqualTo(problem);
        if (kind.startsWith("Invalid interpreter")) {
            String interpreter = error.substring(error.lastIndexOf(": ") + 2);
            assertThatThrownBy(() -> Tag.parse(tag)).hasMessageContaining("Invalid interpreter " + interpreter);
        }
    }

    @ParameterizedTest
    @MethodSource
    void parseTagInvalidWithValidateOrder(JsonNode c) {
        String tag = c.get("tag").asText();
        assertThat(Tag.parse(tag)).isNotEmpty();
        assertThatThrownBy(() -> Tag.parse(tag, true))
                .isInstanceOf(InvalidTagException.class)
                .hasMessageContaining("not in sorted order per PEP 425")
                .extracting(e -> ((InvalidTagException) e).problem()).isEqualTo(InvalidTagException.Problem.UNSORTED);
    }

    @Test
    void expansionFollowsTheWrittenOrderAndDropsRepeats() {
        assertThat(Tag.parse("py3.py2-none.abi3-any").stream().map(Tag::toString))
                .containsExactly("py3-none-any", "py3-abi3-any", "py2-none-any", "py2-abi3-any");
        assertThat(Tag.parse("py3.PY3-none-any")).containsExactly(new Tag("py3", "none", "any"));
    }

    @Test
    void componentsAreLowerCased() {
        Tag tag = new Tag("CP312", "CP312", "Win_AMD64");
        assertThat(tag).isEqualTo(new Tag("cp312", "cp312", "win_amd64"));
        assertThat(tag.toString()).isEqualTo("cp312-cp312-win_amd64");
        assertThat(Tag.of("CP312-Abi3-ANY")).isEqualTo(new Tag("cp312", "abi3", "any"));
    }

    @Test
    void sortedOrderIsCheckedPerComponent() {
        assertThat(Tag.parse("cp310-cp310-manylinux2014_x86_64.manylinux_2_17_x86_64", true)).hasSize(2);
        assertThat(Tag.parse("py2.py3-none-any", true)).hasSize(2);
        assertThat(Tag.parse("py3.py3-none-any", true)).hasSize(1); // equal members are in order
        assertThatThrownBy(() -> Tag.parse("py3-none-b.a", true))
                .hasMessage("Tag component 'b.a' is not in sorted order per PEP 425: 'a' must come before 'b'"
                        + " at position 11 in 'py3-none-b.a'");
        // Order is checked before the count of components, as the reference does.
        assertThatThrownBy(() -> Tag.parse("b.a-none", true)).hasMessageContaining("sorted order");
    }

    @Test
    void errorsSayWhatAndWhere() {
        assertThatThrownBy(() -> Tag.parse("py3.-none-any"))
                .hasMessage("Empty member in tag component 'py3.' at position 4 in 'py3.-none-any'");
        assertThatThrownBy(() -> Tag.parse("-none-any"))
                .hasMessage("Empty member in tag component '' at position 0 in '-none-any'");
        assertThatThrownBy(() -> Tag.parse("py3.2-none-any"))
                .hasMessage("Invalid interpreter '2': an interpreter tag is an identifier such as 'py3' or 'cp312'"
                        + " at position 4 in 'py3.2-none-any'");
        assertThatThrownBy(() -> Tag.parse("py3-none"))
                .hasMessage("A tag must have exactly three '-'-separated components (interpreter-abi-platform),"
                        + " found 2 at position 8 in 'py3-none'");
        assertThatThrownBy(() -> Tag.parse("py3-none-any-extra"))
                .hasMessageContaining("found 4 at position 12");
        assertThatThrownBy(() -> Tag.parse(null)).isInstanceOf(InvalidTagException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "-", "--", "---", "py3--any", "py3-none-any-", ".-.-.", "py3 -none-any-x",
            "3py-none-any", "\u0000-a-b"})
    void garbageIsRejectedWithTheLibraryException(String tag) {
        assertThatThrownBy(() -> Tag.parse(tag)).isInstanceOf(InvalidTagException.class);
    }

    @Test
    void identifiersFollowPython() {
        assertThat(Tag.parse("_custom-none-any")).hasSize(1);
        assertThat(Tag.parse("pépé3-none-any")).hasSize(1);
        assertThatThrownBy(() -> Tag.parse("py-3-none-any")).isInstanceOf(InvalidTagException.class);
        assertThatThrownBy(() -> Tag.parse("p$y-none-any")).hasMessageContaining("Invalid interpreter 'p$y'");
    }

    @Test
    void aHugeCompressedSetIsRefusedBeforeItIsExpanded() {
        String members = String.join(".", java.util.Collections.nCopies(1000, "a"));
        String tag = members.replace("a", "py") + "-" + members + "-" + members;
        assertThatThrownBy(() -> Tag.parse(tag)).hasMessageContaining("expands to 1000000000 tags");
        String veryLong = "py3-none-" + "x".repeat(1_000_000);
        assertThat(Tag.parse(veryLong)).hasSize(1);
    }

    @Test
    void singleTagsAreNotCompressedSets() {
        assertThatThrownBy(() -> Tag.of("py2.py3-none-any")).hasMessageContaining("compressed set of 2");
    }

    @Test
    void constructorRejectsSeparatorsAndEmptiness() {
        assertThatThrownBy(() -> new Tag("py3", "", "any")).isInstanceOf(InvalidTagException.class);
        assertThatThrownBy(() -> new Tag(null, "none", "any")).isInstanceOf(InvalidTagException.class);
        assertThatThrownBy(() -> new Tag("py3", "none", "a.b")).hasMessageContaining("must not contain '.'");
        assertThatThrownBy(() -> new Tag("py3", "no-ne", "any")).hasMessageContaining("must not contain '-'");
    }

    @Test
    void compressWritesSortedMembers() {
        assertThat(Tag.compress(Tag.parse("py3.py2-none-manylinux_2_17_x86_64.manylinux2014_x86_64")))
                .isEqualTo("py2.py3-none-manylinux2014_x86_64.manylinux_2_17_x86_64");
        assertThat(Tag.compress(List.of(new Tag("py3", "none", "any"), new Tag("py3", "none", "any"))))
                .isEqualTo("py3-none-any");
        assertThatThrownBy(() -> Tag.compress(Set.of())).isInstanceOf(InvalidTagException.class);
        assertThatThrownBy(() -> Tag.compress(List.of(new Tag("py2", "none", "any"), new Tag("py3", "abi3", "any"))))
                .hasMessageContaining("not every combination");
    }
}
