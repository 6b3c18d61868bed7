package dev.pymirror.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A real client that resolves a project's dependencies into a lock file and then installs the
 * lock into the project's own virtual environment ({@code .venv} in the project): poetry, pdm,
 * pipenv, each the Debian package that {@code .ci/run} installs. Each runs in an emptied
 * environment (a throw-away HOME, no keyring, no configuration of this machine) with the index
 * under test as the project's only source.
 *
 * <p>As an {@link Installer} it locks a project in {@code WORK/project} (HOME {@code WORK/home}) and
 * installs the lock; the lock file stays there to be read.
 */
public interface LockingClient extends Installer {

    /**
     * Writes a project in {@code project} (an empty folder) that depends on {@code requirements}
     * (PEP 508 strings, see {@link RequirementLine}) from {@code indexUrl} alone, and locks it.
     * HOME is {@code home}.
     */
    ToolRun lock(Path project, Path home, String indexUrl, List<String> requirements)
            throws IOException, InterruptedException;

    /** Installs what the lock file says into the project's virtual environment. */
    ToolRun installLock(Path project, Path home) throws IOException, InterruptedException;

    /** The lock file {@link #lock} wrote. */
    Path lockFile(Path project);

    /** The project folder that {@link #install(IndexPath, List, Path)} makes under {@code work}. */
    static Path project(Path work) {
        return work.resolve("project");
    }

    /**
     * Locks, then installs the lock. The run is the lock's alone when it failed, else both,
     * output after output, with the install's exit code. No client here says which encoding of
     * the pages it read, so the page types are empty.
     */
    @Override
    default Installation install(IndexPath path, List<String> requirements, Path work) throws Exception {
        Path project = Files.createDirectories(project(work));
        Path home = Files.createDirectories(work.resolve("home"));
        ToolRun lock = lock(project, home, path.indexUrl(), requirements);
        if (!lock.ok()) {
            return new Installation(lock, Map.of(), Set.of());
        }
        ToolRun install = installLock(project, home);
        ToolRun both = new ToolRun(lock.tool() + " lock+install", install.exitCode(), lock.stdout() + install.stdout(),
                lock.stderr() + install.stderr());
        return new Installation(both, installed(project), Set.of());
    }

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
