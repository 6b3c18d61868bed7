package dev.pymirror.packaging.tags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pymirror.testing.Conformance;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TargetTest {

    static List<Map.Entry<String, JsonNode>> wheelSelectionTargets() {
        return Conformance.entries("tags.json", "wheel_selection_targets");
    }

    /** The description (the vector's key) alone reproduces the interpreter, ABIs, platforms and full tag list. */
    @ParameterizedTest
    @MethodSource
    void wheelSelectionTargets(Map.Entry<String, JsonNode> c) {
        JsonNode expected = c.getValue();
        Target target = Target.parse(c.getKey());
        assertThat(target.interpreter()).isEqualTo(expected.get("interpreter").asText());
        assertThat(target.python()).isEqualTo(InterpreterTagsTest.version(expected.get("python_version")));
        assertThat(target.abis()).containsExactlyElementsOf(Conformance.strings(expected.get("abis")));
        assertThat(target.platforms()).containsExactlyElementsOf(Conformance.strings(expected.get("platforms")));
        List<String> supported = Conformance.strings(expected.get("supported_tags"));
        assertThat(InterpreterTagsTest.strings(target.tags())).containsExactlyElementsOf(supported);
        assertThat(InterpreterTagsTest.strings(target.supportedTags().tags())).containsExactlyElementsOf(supported);
    }

    /** The same list from the explicit description the vector gives, through the factory. */
    @ParameterizedTest
    @MethodSource("wheelSelectionTargets")
    void wheelSelectionTargetsFromExplicitParts(Map.Entry<String, JsonNode> c) {
        JsonNode expected = c.getValue();
        Target target = new Target("cp", InterpreterTagsTest.version(expected.get("python_version")),
                Conformance.strings(expected.get("abis")), Conformance.strings(expected.get("platforms")));
        assertThat(InterpreterTagsTest.strings(target.tags()))
                .containsExactlyElementsOf(Conformance.strings(expected.get("supported_tags")));
        String platform = c.getKey().substring(c.getKey().indexOf('-') + 1);
        assertThat(Target.cpython(target.python(), platform)).isEqualTo(target);
    }

    @Test
    void freeThreadedCpythonUsesAbi3t() {
        Target target = Target.parse("cp313t-manylinux_2_17_x86_64");
        assertThat(target.abis()).containsExactly("cp313t");
        assertThat(InterpreterTagsTest.strings(target.tags())).startsWith("cp313-cp313t-linux_x86_64")
                .contains("cp313-abi3t-manylinux_2_17_x86_64", "cp32-abi3t-manylinux1_x86_64")
                .doesNotContain("cp313-abi3-manylinux_2_17_x86_64");
        assertThatThrownBy(() -> Target.parse("cp312t-win_amd64")).hasMessageContaining("begins with 3.13");
    }

    @Test
    void pypyHasItsOwnAbiAndThePp3Tag() {
        Target target = Target.parse("pp310-manylinux_2_17_x86_64");
        assertThat(target.abis()).containsExactly("pypy310_pp73");
        List<String> tags = InterpreterTagsTest.strings(target.tags());
        assertThat(tags).startsWith("pp310-pypy310_pp73-linux_x86_64", "pp310-pypy310_pp73-manylinux_2_17_x86_64")
                .contains("pp310-none-manylinux1_x86_64", "pp3-none-any", "py3-none-any")
                .doesNotContain("pp310-abi3-manylinux1_x86_64");
        assertThat(tags.indexOf("pp3-none-any")).isLessThan(tags.indexOf("py310-none-any"));
        assertThat(Target.pypy(PythonVersion.of(3, 10), "manylinux_2_17_x86_64")).isEqualTo(target);
    }

    @Test
    void explicitAbisAndSeveralPlatforms() {
        Target target = Target.parse("graalpy311-graalpy242_311_native-manylinux_2_28_x86_64.musllinux_1_1_x86_64");
        assertThat(target.implementation()).isEqualTo("graalpy");
        assertThat(target.abis()).containsExactly("graalpy242_311_native");
        assertThat(target.platforms()).startsWith("linux_x86_64", "manylinux_2_28_x86_64")
                .endsWith("musllinux_1_1_x86_64", "musllinux_1_0_x86_64")
                .doesNotHaveDuplicates();
        assertThat(InterpreterTagsTest.strings(target.tags())).startsWith("graalpy311-graalpy242_311_native-linux_x86_64")
                .endsWith("py30-none-any");
    }

    @Test
    void olderCpythonAbis() {
        assertThat(Target.parse("cp37-manylinux1_x86_64").abis()).containsExactly("cp37m");
        assertThat(Target.parse("cp27-manylinux1_x86_64").abis()).containsExactly("cp27mu");
        assertThat(Target.parse("cp27-win32").abis()).containsExactly("cp27m");
        assertThat(Target.parse("cp3-win32").abis()).isEmpty();
        assertThat(Target.parse("CP312-WIN_AMD64")).isEqualTo(Target.parse("cp312-win_amd64"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "cp312", "-win_amd64", "312-win_amd64", "cp-win_amd64", "cp312x-win_amd64",
            "cp312-", "cp312-a-b-c", "cp312-win_amd64..linux_x86_64", "cp3123456-win_amd64", "pp310t-win_amd64",
            "c$p312-win32"})
    void malformedDescriptionsAreRejected(String description) {
        assertThatThrownBy(() -> Target.parse(description)).isInstanceOf(InvalidTargetException.class);
    }

    @Test
    void errorsSayWhere() {
        assertThatThrownBy(() -> Target.parse("cp-win_amd64"))
                .hasMessage("Expected the Python version after the interpreter name, as in 'cp312'"
                        + " at position 2 in 'cp-win_amd64'");
        assertThatThrownBy(() -> Target.parse("cp312-a-b-c")).hasMessageContaining("at position 9");
        assertThatThrownBy(() -> Target.parse("cp31000-win32")).hasMessageContaining("at position 3");
        assertThatThrownBy(() -> Target.parse(null)).isInstanceOf(InvalidTargetException.class);
        assertThatThrownBy(() -> new Target("cp", PythonVersion.of(3, 12), List.of("a-b"), List.of()))
                .isInstanceOf(InvalidTargetException.class);
    }

    @Test
    void pythonVersions() {
        assertThat(PythonVersion.parse("3.12")).isEqualTo(PythonVersion.of(3, 12));
        assertThat(PythonVersion.parse("3").hasMinor()).isFalse();
        assertThat(PythonVersion.fromNodot("310")).isEqualTo(PythonVersion.of(3, 10));
        assertThat(PythonVersion.of(3, 9)).isLessThan(PythonVersion.of(3, 10));
        assertThat(PythonVersion.of(3, 10).toString()).isEqualTo("3.10");
        assertThat(PythonVersion.of(3, 10).nodot()).isEqualTo("310");
        for (String bad : new String[] {"", "3.", ".3", "3.x", "3.12.1", "99999999999999999999", "3.1000", " 3"}) {
            assertThatThrownBy(() -> PythonVersion.parse(bad)).as(bad).isInstanceOf(InvalidTargetException.class);
        }
        assertThatThrownBy(() -> PythonVersion.parse(null)).isInstanceOf(InvalidTargetException.class);
    }
}
