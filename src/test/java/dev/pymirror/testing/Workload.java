package dev.pymirror.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real application's dependency graph from {@code ../shared/workloads} (a uv.lock as JSON): its
 * root requirements and, per locked release, its dependencies, extras and wheel file names.
 *
 * <p>The directory is found from the {@code pymirror.workloads} system property, else by looking
 * for {@code shared/workloads} beside the project and its parents; a missing one fails the test.
 *
 * @param name the workload, such as {@code saleor}
 * @param roots the application's requirements (PEP 508)
 * @param packages the locked releases, in lock order
 */
public record Workload(String name, List<String> roots, List<Release> packages) {

    /** A dependency edge: the project, its marker (or null) and the extras asked of it. */
    public record Dependency(String name, String marker, List<String> extras, String version) {}

    /** A locked wheel: its real file name and size. */
    public record LockedWheel(String filename, long size) {}

    /**
     * One locked release.
     *
     * @param name the normalized project name
     * @param version the locked version
     * @param fromIndex false for the application itself (a virtual or editable source)
     * @param dependencies its dependencies
     * @param extras its optional dependencies, by extra
     * @param wheels its wheels
     * @param requiresPython its Requires-Python, or null
     */
    public record Release(String name, String version, boolean fromIndex, List<Dependency> dependencies,
            Map<String, List<Dependency>> extras, List<LockedWheel> wheels, String requiresPython) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads {@code <name>.json} from the workloads directory. */
    public static Workload load(String name) {
        try {
            JsonNode root = JSON.readTree(directory().resolve(name + ".json").toFile());
            List<String> roots = new ArrayList<>();
            root.get("roots").forEach(r -> roots.add(r.asText()));
            List<Release> packages = new ArrayList<>();
            for (JsonNode p : root.get("packages")) {
                JsonNode source = p.path("source");
                boolean fromIndex = source.has("registry");
                Map<String, List<Dependency>> extras = new LinkedHashMap<>();
                if (p.hasNonNull("optional_dependencies")) {
                    p.get("optional_dependencies").properties()
                            .forEach(e -> extras.put(e.getKey(), dependencies(e.getValue())));
                }
                List<LockedWheel> wheels = new ArrayList<>();
                p.path("wheels").forEach(w -> wheels.add(new LockedWheel(w.get("filename").asText(), w.path("size").asLong())));
                packages.add(new Release(p.get("name").asText(), p.get("version").asText(), fromIndex,
                        dependencies(p.path("dependencies")), extras, wheels,
                        p.hasNonNull("requires_python") ? p.get("requires_python").asText() : null));
            }
            return new Workload(name, roots, packages);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read workload " + name, e);
        }
    }

    private static List<Dependency> dependencies(JsonNode array) {
        List<Dependency> result = new ArrayList<>();
        for (JsonNode d : array) {
            List<String> extras = new ArrayList<>();
            d.path("extra").forEach(e -> extras.add(e.asText()));
            result.add(new Dependency(d.get("name").asText(), d.hasNonNull("marker") ? d.get("marker").asText() : null,
                    extras, d.hasNonNull("version") ? d.get("version").asText() : null));
        }
        return result;
    }

    /** The directory holding the workloads. */
    public static Path directory() {
        String configured = System.getProperty("pymirror.workloads");
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("workloads");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("No shared/workloads directory found beside the project or its parents;"
                + " set -Dpymirror.workloads=DIR");
    }
}
