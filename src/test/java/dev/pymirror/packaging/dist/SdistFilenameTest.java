package dev.pymirror.packaging.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pymirror.packaging.dist.InvalidFilenameException.Problem;
import dev.pymirror.testing.Conformance;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SdistFilenameTest {

    static List<Map.Entry<String, JsonNode>> sdistFilenames() {
        List<Map.Entry<String, JsonNode>> all = new ArrayList<>(Conformance.entries("names.json", "sdist_filenames"));
        all.addAll(Conformance.entries("names.json", "sdist_filenames_real_world"));
        return all;
    }

    static List<JsonNode> sdistFilenamesInvalid() {
        List<JsonNode> all = new ArrayList<>(Conformance.cases("names.json", "sdist_filenames_invalid"));
        all.addAll(Conformance.cases("names.json", "sdist_filenames_real_world_invalid"));
        return all;
    }

    @ParameterizedTest
    @MethodSource
    void sdistFilenames(Map.Entry<String, JsonNode> c) {
        SdistFilename sdist = SdistFilename.parse(c.getKey());
        assertThat(sdist.name().normalized()).isEqualTo(c.getValue().get("name").asText());
        assertThat(sdist.version().toString()).isEqualTo(c.getValue().get("version").asText());
        assertThat(DistributionFilename.parse(c.getKey())).isEqualTo(sdist);
        assertThat(SdistFilename.parse(sdist.toString())).isEqualTo(sdist);
    }

    @ParameterizedTest
    @MethodSource
    void sdistFilenamesInvalid(JsonNode c) {
        String filename = c.get("filename").asText();
        assertThatThrownBy(() -> SdistFilename.parse(filename))
                .isInstanceOf(InvalidFilenameException.class)
                .extracting(e -> ((InvalidFilenameException) e).problem())
                .isEqualTo(ReferenceErrors.problem(c.get("error").asText()));
        assertThat(DistributionFilename.tryParse(filename)).isEmpty();
    }

    @Test
    void nameIsEverythingBeforeTheLastDash() {
        SdistFilename sdist = SdistFilename.parse("antlr4-python3-runtime-4.9.3.tar.gz");
        assertThat(sdist.name().normalized()).isEqualTo("antlr4-python3-runtime");
        assertThat(sdist.format()).isEqualTo(SdistFilename.Format.TAR_GZ);
        assertThat(sdist.toString()).isEqualTo("antlr4_python3_runtime-4.9.3.tar.gz");
        assertThat(SdistFilename.parse("Foo.Bar-1.0.zip").toString()).isEqualTo("foo_bar-1.0.zip");
    }

    @Test
    void errorsSayWhatAndWhere() {
        assertThatThrownBy(() -> SdistFilename.parse("foo-1.0.tar.bz2"))
                .hasMessage("An sdist file name ends in '.tar.gz' or '.zip' at position 11 in 'foo-1.0.tar.bz2'");
        assertThatThrownBy(() -> SdistFilename.parse("foo.tar.gz"))
                .hasMessage("An sdist file name is '<name>-<version>' and an extension; found no '-' at position 3"
                        + " in 'foo.tar.gz'");
        assertThatThrownBy(() -> SdistFilename.parse("-1.0.zip"))
                .extracting(e -> ((InvalidFilenameException) e).problem()).isEqualTo(Problem.NAME);
        assertThatThrownBy(() -> SdistFilename.parse("foo-1.x.tar.gz"))
                .hasMessageStartingWith("Invalid version '1.x' in an sdist file name")
                .hasMessageContaining("in 'foo-1.x.tar.gz'");
        assertThatThrownBy(() -> SdistFilename.parse("foo-.tar.gz"))
                .extracting(e -> ((InvalidFilenameException) e).problem()).isEqualTo(Problem.VERSION);
        assertThatThrownBy(() -> SdistFilename.parse(null)).isInstanceOf(InvalidFilenameException.class);
        assertThatThrownBy(() -> SdistFilename.parse(".zip")).isInstanceOf(InvalidFilenameException.class);
    }
}
