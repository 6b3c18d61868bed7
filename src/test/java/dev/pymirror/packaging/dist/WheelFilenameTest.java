package dev.pymirror.packaging.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.dist.InvalidFilenameException.Problem;
import dev.pymirror.packaging.tags.Tag;
import dev.pymirror.packaging.version.InvalidVersionException;
import dev.pymirror.packaging.version.Version;
import dev.pymirror.testing.Conformance;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class WheelFilenameTest {

    static List<Map.Entry<String, JsonNode>> wheelFilenames() {
        List<Map.Entry<String, JsonNode>> all = new ArrayList<>(Conformance.entries("names.json", "wheel_filenames"));
        all.addAll(Conformance.entries("names.json", "wheel_filenames_real_world"));
        return all;
    }

    static List<JsonNode> wheelFilenamesInvalid() {
        List<JsonNode> all = new ArrayList<>(Conformance.cases("names.json", "wheel_filenames_invalid"));
        all.addAll(Conformance.cases("names.json", "wheel_filenames_real_world_invalid"));
        return all;
    }

    static List<JsonNode> wheelFilenamesInvalidWithValidateOrder() {
        return Conformance.cases("names.json", "wheel_filenames_invalid_with_validate_order");
    }

    @ParameterizedTest
    @MethodSource
    void wheelFilenames(Map.Entry<String, JsonNode> c) {
        JsonNode expected = c.getValue();
        WheelFilename wheel = WheelFilename.parse(c.getKey());
        assertThat(wheel.name().normalized()).isEqualTo(expected.get("name").asText());
        assertThat(wheel.version().toString()).isEqualTo(expected.get("version").asText());
        JsonNode build = expected.get("build");
        if (build.isNull()) {
            assertThat(wheel.build()).isEmpty();
        } else {
            assertThat(wheel.build()).contains(new BuildTag(new BigInteger(build.get(0).asText()), build.get(1).asText()));
        }
        assertThat(wheel.tags().stream().map(Tag::toString).sorted())
                .containsExactlyElementsOf(Conformance.strings(expected.get("tags")));
        // The normalized name reads back to the same value.
        assertThat(WheelFilename.parse(wheel.toString())).isEqualTo(wheel);
        assertThat(DistributionFilename.parse(c.getKey())).isEqualTo(wheel);
    }

    @ParameterizedTest
    @MethodSource
    void wheelFilenamesInvalid(JsonNode c) {
        String filename = c.get("filename").asText();
        Problem problem = ReferenceErrors.problem(c.get("error").asText());
        assertThatThrownBy(() -> WheelFilename.parse(filename))
                .isInstanceOf(InvalidFilenameException.class)
                .extracting(e -> ((InvalidFilenameException) e).problem()).isEqualTo(problem);
        assertThat(DistributionFilename.tryParse(filename)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource
    void wheelFilenamesInvalidWithValidateOrder(JsonNode c) {
        String filename = c.get("filename").asText();
        assertThat(WheelFilename.parse(filename).tags()).isNotEmpty();
        assertThatThrownBy(() -> WheelFilename.parse(filename, true))
                .isInstanceOf(InvalidFilenameException.class)
                .extracting(e -> ((InvalidFilenameException) e).problem()).isEqualTo(Problem.TAG_ORDER);
    }

    @Test
    void partsAreReadBackAndNormalized() {
        WheelFilename wheel = WheelFilename.parse("Foo.Bar-1.0.0RC1-7a_b-CP312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl");
        assertThat(wheel.name()).isEqualTo(ProjectName.of("foo-bar"));
        assertThat(wheel.name().original()).isEqualTo("Foo.Bar");
        assertThat(wheel.version()).isEqualTo(Version.parse("1rc1"));
        assertThat(wheel.build()).contains(new BuildTag(BigInteger.valueOf(7), "a_b"));
        assertThat(wheel.tags()).containsExactly(Tag.of("cp312-cp312-manylinux_2_17_x86_64"),
                Tag.of("cp312-cp312-manylinux2014_x86_64"));
        assertThat(wheel.toString())
                .isEqualTo("foo_bar-1.0.0rc1-7a_b-cp312-cp312-manylinux2014_x86_64.manylinux_2_17_x86_64.whl");
    }

    @Test
    void hugeBuildNumbersAreKeptExactly() {
        WheelFilename wheel = WheelFilename.parse("foo-1.0-123456789012345678901234567890x-py3-none-any.whl");
        assertThat(wheel.build().orElseThrow().number()).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(wheel.build().orElseThrow().suffix()).isEqualTo("x");
    }

    @Test
    void errorsSayWhatAndWhere() {
        assertThatThrownBy(() -> WheelFilename.parse("foo-1.0.whl"))
                .hasMessage("A wheel file name has 5 or 6 '-'-separated parts (name-version[-build]-python-abi-platform),"
                        + " found 2 at position 7 in 'foo-1.0.whl'");
        assertThatThrownBy(() -> WheelFilename.parse("foo-1.0-1-2-py3-none-any.whl"))
                .hasMessageContaining("found 7 at position 20");
        assertThatThrownBy(() -> WheelFilename.parse("foo__bar-1.0-py3-none-any.whl"))
                .hasMessageStartingWith("A wheel's project name has no '__'").hasMessageContaining("at position 3");
        assertThatThrownBy(() -> WheelFilename.parse("foo#bar-1.0-py3-none-any.whl"))
                .hasMessage("A wheel's project name may hold only letters, digits, '_' and '.'; found '#'"
                        + " at position 3 in 'foo#bar-1.0-py3-none-any.whl'");
        assertThatThrownBy(() -> WheelFilename.parse("foo\n-1.0-py3-none-any.whl"))
                .hasMessageContaining("found U+000A at position 3");
        assertThatThrownBy(() -> WheelFilename.parse("foobar-1.x-py3-none-any.whl"))
                .hasMessageStartingWith("Invalid version '1.x' in a wheel file name")
                .hasCauseInstanceOf(InvalidVersionException.class);
        assertThatThrownBy(() -> WheelFilename.parse("foo-1.0-abc-py3-none-any.whl"))
                .hasMessage("A build tag must start with a digit, found 'abc' at position 8 in 'foo-1.0-abc-py3-none-any.whl'");
        assertThatThrownBy(() -> WheelFilename.parse("foo-1.0--py3-none-any.whl"))
                .extracting(e -> ((InvalidFilenameException) e).problem()).isEqualTo(Problem.BUILD_TAG);
        assertThatThrownBy(() -> WheelFilename.parse("foo-1.0-py3.-none-any.whl"))
                .hasMessageStartingWith("Invalid compatibility tags in a wheel file name (Empty member")
                .hasMessageEndingWith("at position 12 in 'foo-1.0-py3.-none-any.whl'");
        assertThatThrownBy(() -> WheelFilename.parse("foo-1.0-py3-none-any.WHL"))
                .extracting(e -> ((InvalidFilenameException) e).problem()).isEqualTo(Problem.EXTENSION);
        assertThatThrownBy(() -> WheelFilename.parse(null)).isInstanceOf(InvalidFilenameException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".whl", "-.whl", "----.whl", "-----.whl", "a-1-b-c-d-e-f.whl", " foo-1.0-py3-none-any.whl",
            "foo-1.0-py3-none-any .whl", "foo-1.0-py3-none-.whl", "foo-99999999999999999999999999.x-py3-none-any.whl",
            "f\u00fc\u00fc--1.0-py3-none-any.whl", "foo.-1.0-py3-none-any.whl.whl-"})
    void garbageIsRejectedWithTheLibraryException(String filename) {
        if (filename.equals("foo-1.0-py3-none-any .whl")) {
            // The platform is not checked beyond being non-empty, as in the reference.
            assertThat(WheelFilename.parse(filename).tags()).hasSize(1);
            return;
        }
        assertThatThrownBy(() -> WheelFilename.parse(filename)).isInstanceOf(InvalidFilenameException.class);
    }

    @Test
    void unicodeNamesFollowPython() {
        assertThat(WheelFilename.parse("foo_b\u00e1r-1.0-py3-none-any.whl").name().normalized()).isEqualTo("foo-b\u00e1r");
        assertThat(WheelFilename.parse("\u0661\u0662-1.0-py3-none-any.whl").name().normalized()).isEqualTo("\u0661\u0662");
        assertThatThrownBy(() -> WheelFilename.parse("a\u00a0b-1.0-py3-none-any.whl")).isInstanceOf(InvalidFilenameException.class);
    }

    @Test
    void veryLongNamesAreHandled() {
        String name = "a".repeat(200_000);
        assertThat(WheelFilename.parse(name + "-1.0-py3-none-any.whl").name().normalized()).hasSize(200_000);
        String version = "1." + "9".repeat(4_000); // Python refuses ints of more than 4300 digits
        assertThat(WheelFilename.parse("foo-" + version + "-py3-none-any.whl").version().toString()).isEqualTo(version);
    }

    @Test
    void constructorChecksTheTagSet() {
        Version v = Version.parse("1.0");
        ProjectName n = ProjectName.of("foo");
        assertThatThrownBy(() -> new WheelFilename(n, v, Optional.empty(), Set.of())).isInstanceOf(InvalidFilenameException.class);
        assertThatThrownBy(() -> new WheelFilename(n, v, Optional.empty(),
                Set.of(Tag.of("py2-none-any"), Tag.of("py3-abi3-any")))).hasMessageContaining("every combination");
        WheelFilename made = new WheelFilename(n, v, Optional.empty(), Tag.parse("py3.py2-none-any"));
        assertThat(made.toString()).isEqualTo("foo-1.0-py2.py3-none-any.whl");
    }
}
