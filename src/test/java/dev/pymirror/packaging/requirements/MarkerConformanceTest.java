package dev.pymirror.packaging.requirements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pymirror.testing.Conformance;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every section of markers.json. */
class MarkerConformanceTest {

    private static final String FILE = "markers.json";

    static List<String> valid() {
        return Conformance.strings(Conformance.section(FILE, "valid"));
    }

    static List<Map.Entry<String, JsonNode>> str() {
        return Conformance.entries(FILE, "str");
    }

    static List<JsonNode> invalid() {
        return Conformance.cases(FILE, "invalid");
    }

    static List<JsonNode> evaluate() {
        return Conformance.cases(FILE, "evaluate");
    }

    static List<JsonNode> evalGrid() {
        return Conformance.cases(FILE, "eval_grid");
    }

    static List<JsonNode> equality() {
        return Conformance.cases(FILE, "equality");
    }

    static List<JsonNode> combine() {
        return Conformance.cases(FILE, "combine");
    }

    @ParameterizedTest
    @MethodSource
    void valid(String marker) {
        Marker parsed = Marker.parse(marker);
        // The canonical form parses back to the same marker.
        assertThat(Marker.parse(parsed.toString())).isEqualTo(parsed);
    }

    @ParameterizedTest
    @MethodSource
    void str(Map.Entry<String, JsonNode> c) {
        assertThat(Marker.parse(c.getKey()).toString()).isEqualTo(c.getValue().asText());
    }

    @ParameterizedTest
    @MethodSource
    void invalid(JsonNode c) {
        String marker = c.get("marker").asText();
        InvalidMarkerException e = catchThrowableOfType(InvalidMarkerException.class, () -> Marker.parse(marker));
        assertThat(e).as("parsing %s", marker).isNotNull();
        assertThat(e.input()).isEqualTo(marker);
        assertThat(e.position()).isBetween(0, marker.length());
        String kind = ErrorKinds.ours(c.get("error").asText());
        if (kind != null) {
            assertThat(e.reason()).contains(kind);
        }
        Integer position = ErrorKinds.MARKER_POSITIONS.get(marker);
        if (position != null) {
            assertThat(e.position()).as("position in %s", marker).isEqualTo(position);
        }
    }

    @ParameterizedTest
    @MethodSource
    void evaluate(JsonNode c) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        c.get("environment").properties().forEach(e -> values.put(e.getKey(), e.getValue()));
        String context = c.hasNonNull("context") ? c.get("context").asText() : "metadata";
        check(c, values, context);
    }

    @ParameterizedTest
    @MethodSource
    void evalGrid(JsonNode c) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        JsonNode base = Conformance.section(FILE, "_meta").get("environments").get(c.get("base_environment").asText());
        base.properties().forEach(e -> values.put(e.getKey(), e.getValue()));
        if (c.hasNonNull("environment_overrides")) {
            c.get("environment_overrides").properties().forEach(e -> values.put(e.getKey(), e.getValue()));
        }
        check(c, values, "metadata");
    }

    @ParameterizedTest
    @MethodSource
    void equality(JsonNode c) {
        Marker left = Marker.parse(c.get("left").asText());
        Marker right = Marker.parse(c.get("right").asText());
        if (c.get("equal").asBoolean()) {
            assertThat(left).isEqualTo(right).hasSameHashCodeAs(right);
        } else {
            assertThat(left).isNotEqualTo(right);
        }
    }

    @ParameterizedTest
    @MethodSource
    void combine(JsonNode c) {
        Marker left = Marker.parse(c.get("left").asText());
        Marker right = Marker.parse(c.get("right").asText());
        Marker combined = switch (c.get("op").asText()) {
            case "and" -> left.and(right);
            case "or" -> left.or(right);
            default -> throw new AssertionError("unknown op " + c.get("op"));
        };
        assertThat(combined.toString()).isEqualTo(c.get("expected").asText());
        assertThat(Marker.parse(combined.toString())).isEqualTo(combined);
    }

    /**
     * Splits the reference's flat environment dictionary into our Environment (the eleven PEP 508
     * values) and MarkerContext (extra, extras, dependency_groups), with the reference's defaults per
     * context. Other keys are dropped: the reference looks a quoted string up as a variable name when
     * both sides of a comparison are quoted strings ({@code "b" > "a"} reads key {@code a}); we compare
     * the two strings instead, which gives the same results for those vectors.
     */
    private static void check(JsonNode c, Map<String, JsonNode> values, String contextName) {
        String marker = c.get("marker").asText();
        Map<String, String> environment = new HashMap<>();
        MarkerContext context = switch (contextName) {
            case "metadata" -> MarkerContext.metadata();
            case "lock_file" -> MarkerContext.lockFile();
            case "requirement" -> MarkerContext.requirement();
            default -> throw new AssertionError("unknown context " + contextName);
        };
        for (Map.Entry<String, JsonNode> e : values.entrySet()) {
            MarkerVariable variable = MarkerVariable.fromName(e.getKey());
            if (variable == null) {
                continue;
            }
            switch (variable) {
                case EXTRA -> context = context.withExtra(e.getValue().isNull() ? "" : e.getValue().asText());
                case EXTRAS -> context = context.withExtras(Conformance.strings(e.getValue()));
                case DEPENDENCY_GROUPS -> context = context.withDependencyGroups(Conformance.strings(e.getValue()));
                default -> environment.put(e.getKey(), e.getValue().asText());
            }
        }
        Environment env = Environment.of(environment);
        Marker parsed = Marker.parse(marker);
        MarkerContext ctx = context;
        if (c.has("expected")) {
            assertThat(parsed.evaluate(env, ctx)).as("%s in %s with %s", marker, env, ctx)
                    .isEqualTo(c.get("expected").asBoolean());
        } else {
            Class<? extends Throwable> expected = switch (c.get("error").asText()) {
                case "UndefinedComparison" -> UndefinedComparisonException.class;
                case "UndefinedEnvironmentName" -> UndefinedEnvironmentNameException.class;
                default -> throw new AssertionError("unknown error " + c.get("error"));
            };
            assertThatThrownBy(() -> parsed.evaluate(env, ctx)).as("%s in %s", marker, env).isInstanceOf(expected);
        }
    }
}
