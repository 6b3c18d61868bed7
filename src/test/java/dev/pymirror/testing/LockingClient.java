package dev.pymirror.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A real client that resolves a project's dependencies into a lock file and then installs the
 * lock into the project's own virtual environment ({@code .venv} in the project): poetry, pdm,
 * pipenv, each the Debian package that {@code .ci/run} installs. Each runs in an emptied
 * environment (a throw-away HOME, no keyring, no configuration of this machine) with the index
 * under test as the project's only source.
 */
public interface LockingClient {

    /** The client as the README's table names it, such as {@code poetry 1.3.2}. */
    String name();

    /**
     * Writes a project in {@code project} (an empty folder) that depends on {@code requirements}
     * (PEP 508 strings, see {@link RequirementLine}) from {@code indexUrl} alone, and locks it.
     * HOME is {@code home}.
     */
    ToolRun lock(Path project, Path home, String indexUrl, List<String> requirements)
            throws IOException, InterruptedException;

    /** Installs what the lock file says into the project's virtual environment. */
    ToolRun install(Path project, Path home) throws IOException, InterruptedException;

    /** The lock file {@link #lock} wrote. */
    Path lockFile(Path project);

    /**
     * The distributions installed in the project's virtual environment, normalized name to
     * version, read from the {@code .dist-info} folders (pip, setuptools and wheel, which the
     * environment starts with, left out).
     */
    static Map<String, String> installed(Path project) throws IOException {
        Map<String, String> found = new TreeMap<>();
        Path lib = project.resolve(".venv/lib");
        if (!Files.isDirectory(lib)) {
            return found;
        }
        try (Stream<Path> pythons = Files.list(lib)) {
            for (Path python : pythons.toList()) {
                Path site = python.resolve("site-packages");
                if (!Files.isDirectory(site)) {
                    continue;
                }
                try (Stream<Path> children = Files.list(site)) {
                    children.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".dist-info")).forEach(n -> {
                        String stem = n.substring(0, n.length() - ".dist-info".length());
                        int dash = stem.lastIndexOf('-');
                        String name = stem.substring(0, dash).replaceAll("[-_.]+", "-").toLowerCase(Locale.ROOT);
                        if (!SEEDED.contains(name)) {
                            found.put(name, stem.substring(dash + 1));
                        }
                    });
                }
            }
        }
        return found;
    }

    /** What virtualenv puts into every new environment. */
    List<String> SEEDED = List.of("pip", "setuptools", "wheel");

    /** A TOML basic string. */
    static String toml(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
