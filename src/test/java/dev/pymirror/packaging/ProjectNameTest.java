package dev.pymirror.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pymirror.testing.Conformance;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ProjectNameTest {

    static List<Map.Entry<String, JsonNode>> canonical() {
        var all = new java.util.ArrayList<>(Conformance.entries("names.json", "canonical"));
        all.addAll(Conformance.entries("names.json", "canonical_real_world"));
        return all;
    }

    static List<Map.Entry<String, JsonNode>> isNormalized() {
        var all = new java.util.ArrayList<>(Conformance.entries("names.json", "is_normalized"));
        all.addAll(Conformance.entries("names.json", "is_normalized_real_world"));
        return all;
    }

    static List<JsonNode> invalidNames() {
        return Conformance.cases("names.json", "invalid_names");
    }

    @ParameterizedTest
    @MethodSource
    void canonical(Map.Entry<String, JsonNode> c) {
        assertThat(ProjectName.normalize(c.getKey())).isEqualTo(c.getValue().asText());
        assertThat(ProjectName.of(c.getKey()).normalized()).isEqualTo(c.getValue().asText());
    }

    @ParameterizedTest
    @MethodSource
    void isNormalized(Map.Entry<String, JsonNode> c) {
        assertThat(ProjectName.isNormalized(c.getKey())).isEqualTo(c.getValue().asBoolean());
    }

    @ParameterizedTest
    @MethodSource
    void invalidNames(JsonNode c) {
        String name = c.get("name").asText();
        assertThat(ProjectName.normalize(name)).isEqualTo(c.get("canonical_without_validation").asText());
        assertThatThrownBy(() -> ProjectName.of(name)).isInstanceOf(InvalidNameException.class);
        assertThat(ProjectName.isValid(name)).isFalse();
    }

    @Test
    void equalityFollowsTheNormalizedForm() {
        assertThat(ProjectName.of("Foo.Bar")).isEqualTo(ProjectName.of("foo_bar"));
        assertThat(ProjectName.of("Foo.Bar")).hasSameHashCodeAs(ProjectName.of("foo-bar"));
        assertThat(ProjectName.of("Foo.Bar").toString()).isEqualTo("Foo.Bar");
    }

    @Test
    void errorsSayWhatAndWhere() {
        assertThatThrownBy(() -> ProjectName.of("foo bar"))
                .isInstanceOf(InvalidNameException.class)
                .hasMessage("A project name may hold only ASCII letters, digits, '-', '_' and '.'; found ' '"
                        + " at position 3 in 'foo bar'");
        assertThatThrownBy(() -> ProjectName.of("")).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> ProjectName.of(null)).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> ProjectName.of("-foo")).hasMessageContaining("start with a letter");
    }
}
