package dev.pymirror.packaging.version;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pymirror.testing.Conformance;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

/** Reading the specifiers.json cases shared by the Specifier and SpecifierSet tests. */
final class SpecifierCases {

    static final String FILE = "specifiers.json";

    private SpecifierCases() {}

    /** The cases of an array section for one kind ("Specifier" or "SpecifierSet"), named for reports. */
    static List<Arguments> ofKind(String section, String kind) {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : Conformance.cases(FILE, section)) {
            if (!c.has("kind") || c.get("kind").asText().equals(kind)) {
                out.add(Arguments.of(Named.of(describe(c), c)));
            }
        }
        return out;
    }

    static List<Arguments> all(String section) {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : Conformance.cases(FILE, section)) {
            out.add(Arguments.of(Named.of(describe(c), c)));
        }
        return out;
    }

    private static String describe(JsonNode c) {
        String text = c.toString().replaceAll(",\"source\":\"[^\"]*\"", "").replaceAll(",\"origin\":\"[^\"]*\"", "");
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    /** A JSON true/false/null as a Boolean. */
    static Boolean flag(JsonNode c, String field) {
        JsonNode n = c.get(field);
        return n == null || n.isNull() ? null : n.asBoolean();
    }

    /** The filter input: strings, or parsed versions where input_types says so. */
    static List<Object> input(JsonNode c) {
        List<Object> out = new ArrayList<>();
        JsonNode types = c.get("input_types");
        for (int i = 0; i < c.get("input").size(); i++) {
            String text = c.get("input").get(i).asText();
            boolean version = types != null && types.get(i).asText().equals("Version");
            out.add(version ? Version.parse(text) : text);
        }
        return out;
    }

    /** The expected filter output, as strings, with the type of each item where the case gives it. */
    static List<String> describeOutput(List<?> items) {
        List<String> out = new ArrayList<>();
        for (Object o : items) {
            out.add(o.getClass().getSimpleName() + ":" + o);
        }
        return out;
    }

    static List<String> expectedOutput(JsonNode c) {
        List<String> out = new ArrayList<>();
        JsonNode types = c.get("expected_types");
        for (int i = 0; i < c.get("expected").size(); i++) {
            String text = c.get("expected").get(i).asText();
            boolean version = types != null && types.get(i).asText().equals("Version");
            out.add((version ? "Version:" + Version.parse(text) : "String:" + text));
        }
        return out;
    }
}
