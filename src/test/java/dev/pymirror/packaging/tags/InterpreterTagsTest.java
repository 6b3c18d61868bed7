package dev.pymirror.packaging.tags;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pymirror.testing.Conformance;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class InterpreterTagsTest {

    static List<JsonNode> cpythonTags() {
        return Conformance.cases("tags.json", "cpython_tags");
    }

    static List<JsonNode> compatibleTags() {
        return Conformance.cases("tags.json", "compatible_tags");
    }

    static List<JsonNode> genericTags() {
        return Conformance.cases("tags.json", "generic_tags");
    }

    static List<JsonNode> purePythonTags() {
        return Conformance.cases("tags.json", "pure_python_tags");
    }

    @ParameterizedTest
    @MethodSource
    void cpythonTags(JsonNode c) {
        List<Tag> tags = InterpreterTags.cpython(version(c.get("python_version")),
                Conformance.strings(c.get("abis")), Conformance.strings(c.get("platforms")));
        assertThat(strings(tags)).containsExactlyElementsOf(Conformance.strings(c.get("expected")));
    }

    @ParameterizedTest
    @MethodSource
    void compatibleTags(JsonNode c) {
        JsonNode interpreter = c.get("interpreter");
        List<Tag> tags = InterpreterTags.compatible(version(c.get("python_version")),
                interpreter.isNull() ? null : interpreter.asText(), Conformance.strings(c.get("platforms")));
        assertThat(strings(tags)).containsExactlyElementsOf(Conformance.strings(c.get("expected")));
    }

    @ParameterizedTest
    @MethodSource
    void genericTags(JsonNode c) {
        List<Tag> tags = InterpreterTags.generic(c.get("interpreter").asText(),
                Conformance.strings(c.get("abis")), Conformance.strings(c.get("platforms")));
        assertThat(strings(tags)).containsExactlyElementsOf(Conformance.strings(c.get("expected")));
    }

    @ParameterizedTest
    @MethodSource
    void purePythonTags(JsonNode c) {
        List<Tag> tags = InterpreterTags.purePython(version(c.get("python_version")));
        assertThat(strings(tags)).containsExactlyElementsOf(Conformance.strings(c.get("expected")));
    }

    @Test
    void freeThreadingIsReadFromTheFirstAbi() {
        assertThat(InterpreterTags.isFreeThreaded(List.of("cp313t"))).isTrue();
        assertThat(InterpreterTags.isFreeThreaded(List.of("cp313td"))).isTrue();
        assertThat(InterpreterTags.isFreeThreaded(List.of("cp313"))).isFalse();
        assertThat(InterpreterTags.isFreeThreaded(List.of("cpt"))).isFalse();
        assertThat(InterpreterTags.isFreeThreaded(List.of("abi3t", "cp313t"))).isFalse();
        assertThat(InterpreterTags.isFreeThreaded(List.of())).isFalse();
    }

    @Test
    void stableAbiGivenExplicitlyIsPlacedByTheRules() {
        List<Tag> tags = InterpreterTags.cpython(PythonVersion.of(3, 4), List.of("abi3", "cp34m", "none"), List.of("p"));
        assertThat(strings(tags)).containsExactly("cp34-cp34m-p", "cp34-abi3-p", "cp34-none-p", "cp33-abi3-p",
                "cp32-abi3-p");
    }

    @Test
    void pythonTagsListTheMajorOnlyTagSecond() {
        assertThat(InterpreterTags.pythonTags(PythonVersion.of(3, 2))).containsExactly("py32", "py3", "py31", "py30");
        assertThat(InterpreterTags.pythonTags(PythonVersion.of(2))).containsExactly("py2");
    }

    static PythonVersion version(JsonNode array) {
        return array.size() == 1 ? PythonVersion.of(array.get(0).asInt())
                : PythonVersion.of(array.get(0).asInt(), array.get(1).asInt());
    }

    static List<String> strings(List<Tag> tags) {
        return tags.stream().map(Tag::toString).toList();
    }
}
