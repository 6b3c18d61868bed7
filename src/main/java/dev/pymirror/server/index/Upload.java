package dev.pymirror.server.index;

import java.util.List;
import java.util.Map;

/**
 * One file upload of the legacy upload API (what {@code twine upload} sends), without its bytes.
 *
 * @param filename the file name the client gave the {@code content} part
 * @param fields every other form field, by name, values in order
 * @param user who uploads (already authenticated)
 */
public record Upload(String filename, Map<String, List<String>> fields, String user) {

    public Upload {
        fields = Map.copyOf(fields);
    }

    /** The first value of a field, or null when absent or blank. */
    public String field(String name) {
        List<String> values = fields.get(name);
        if (values == null || values.isEmpty() || values.get(0).isBlank()) {
            return null;
        }
        return values.get(0).strip();
    }
}
