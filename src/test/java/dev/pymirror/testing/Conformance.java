package dev.pymirror.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The packaging conformance vectors in {@code ../shared/conformance}, loaded once per file.
 *
 * <p>The directory is found from the {@code pymirror.conformance} system property, else by looking
 * for {@code shared/conformance} beside the project and its parents. A missing directory fails the
 * test: the vectors are part of what the project is judged on, so they are never skipped silently.
 */
public final class Conformance {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, JsonNode> LOADED = new ConcurrentHashMap<>();

    private Conformance() {}

    /** The parsed JSON of {@code name} (for example {@code "versions.json"}). */
    public static JsonNode file(String name) {
        return LOADED.computeIfAbsent(name, n -> {
            try {
                return JSON.readTree(directory().resolve(n).toFile());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read conformance file " + n, e);
            }
        });
    }

    /** One section of a file, which must exist. */
    public static JsonNode section(String file, String section) {
        JsonNode node = file(file).get(section);
        if (node == null) {
            throw new AssertionError("Conformance file " + file + " has no section '" + section + "'");
        }
        return node;
    }

    /** The elements of an array section, for {@code @MethodSource} providers. */
    public static List<JsonNode> cases(String file, String section) {
        List<JsonNode> out = new ArrayList<>();
        section(file, section).forEach(out::add);
        return out;
    }

    /** The entries of an object section (key to expected value), for {@code @MethodSource} providers. */
    public static List<Map.Entry<String, JsonNode>> entries(String file, String section) {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = section(file, section).fields();
        it.forEachRemaining(out::add);
        return out;
    }

    /** The strings of a JSON array. */
    public static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The directory holding the vectors. */
    public static Path directory() {
        String configured = System.getProperty("pymirror.conformance");
        if (configured != null) {
            return Path.of(configured);
        }
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("conformance");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("Conformance vectors not found: expected shared/conformance beside "
                + here + " or one of its parents (or set -Dpymirror.conformance=DIR)");
    }
}
