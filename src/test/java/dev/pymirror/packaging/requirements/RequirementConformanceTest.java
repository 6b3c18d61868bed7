package dev.pymirror.packaging.requirements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pymirror.testing.Conformance;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every section of requirements.json. */
class RequirementConformanceTest {

    private static final String FILE = "requirements.json";
    private static final String VERSION_CLAUSE_ERROR = "Invalid version specifier '";

    static List<JsonNode> valid() {
        return Conformance.cases(FILE, "valid");
    }

    static List<JsonNode> invalid() {
        return Conformance.cases(FILE, "invalid");
    }

    static List<JsonNode> equality() {
        return Conformance.cases(FILE, "equality");
    }

    @ParameterizedTest
    @MethodSource
    void valid(JsonNode c) {
        Requirement r = Requirement.parse(c.get("input").asText());
        assertThat(r.name().original()).isEqualTo(c.get("name").asText());
        assertThat(List.copyOf(r.extras())).isEqualTo(Conformance.strings(c.get("extras")));
        assertThat(r.specifier().toString()).isEqualTo(c.get("specifier").asText());
        assertThat(r.url()).isEqualTo(c.get("url").isNull() ? null : c.get("url").asText());
        assertThat(r.marker() == null ? null : r.marker().toString())
                .isEqualTo(c.get("marker").isNull() ? null : c.get("marker").asText());
        assertThat(r.toString()).isEqualTo(c.get("str").asText());
        // The canonical form parses back to an equal requirement with the same canonical form.
        Requirement again = Requirement.parse(r.toString());
        assertThat(again).isEqualTo(r).hasSameHashCodeAs(r);
        assertThat(again.toString()).isEqualTo(r.toString());
    }

    /**
     * The reference's error_detail draws {@code ~~~^} under the input: the caret is where the error
     * was found, the tildes span what was being parsed. Our position is the caret, and our reason
     * says what the reference's says (in our words, see {@link ErrorKinds}), for every case.
     */
    @ParameterizedTest
    @MethodSource
    void invalid(JsonNode c) {
        String input = c.get("input").asText();
        InvalidRequirementException e =
                catchThrowableOfType(InvalidRequirementException.class, () -> Requirement.parse(input));
        assertThat(e).as("parsing %s", input).isNotNull();
        assertThat(e.input()).isEqualTo(input);
        String error = c.get("error").asText();
        String diagram = c.get("error_detail").asText();
        String underline = diagram.substring(diagram.lastIndexOf('\n') + 1).substring(4);
        int caret = underline.indexOf('^');
        int spanStart = underline.indexOf('~') < 0 ? caret : underline.indexOf('~');
        assertThat(e.position()).as("position in %s: %s", input, e.getMessage()).isEqualTo(caret);
        assertThat(e.position()).isBetween(spanStart, caret);
        String kind = ErrorKinds.ours(error);
        assertThat(kind).as("our words for the reference's '%s'", error).isNotNull();
        assertThat(e.reason()).as(input).contains(kind);
        if (kind.startsWith("A ")) {
            // A version clause invalid as a whole, worded by the version package.
            assertThat(e.reason()).startsWith(VERSION_CLAUSE_ERROR);
        }
    }

    @ParameterizedTest
    @MethodSource
    void equality(JsonNode c) {
        Requirement left = Requirement.parse(c.get("left").asText());
        Requirement right = Requirement.parse(c.get("right").asText());
        if (c.get("equal").asBoolean()) {
            assertThat(left).isEqualTo(right).hasSameHashCodeAs(right);
        } else {
            assertThat(left).isNotEqualTo(right);
        }
        assertThat(left.toString().equals(right.toString())).isEqualTo(c.get("same_str").asBoolean());
    }
}
