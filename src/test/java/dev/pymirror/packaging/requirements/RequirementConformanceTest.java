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
     * was found, the tildes span what was being parsed. Our position must be the caret, except where
     * we point at the offending character inside the span: a bad quoted string, and a version clause
     * that is invalid as a whole ({@code ==1.0.org1}, where the reference reads {@code ==1.0} and then
     * stops at {@code .org1}, we report the clause at its unexpected {@code .}).
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
        if (e.reason().startsWith(VERSION_CLAUSE_ERROR)) {
            // Found inside one version clause by the version package, which points at the offending
            // part of the clause: within the reference's span, not always at its caret.
            assertThat(e.position()).as(e.getMessage()).isBetween(spanStart, caret);
            return;
        }
        String kind = ErrorKinds.ours(error);
        if (kind != null) {
            assertThat(e.reason()).contains(kind);
        }
        if (error.equals("Invalid quoted string")) {
            assertThat(e.position()).as(e.getMessage()).isBetween(spanStart, caret);
        } else {
            assertThat(e.position()).as("position in %s: %s", input, e.getMessage()).isEqualTo(caret);
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
