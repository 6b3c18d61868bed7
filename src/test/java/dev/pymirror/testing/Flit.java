package dev.pymirror.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code flit publish} (Debian's flit 3.8, which {@code .ci/run} installs): it builds a
 * wheel and an sdist of a project and uploads them with the legacy upload API, credentials from
 * FLIT_USERNAME and FLIT_PASSWORD, in an emptied environment with a throw-away HOME.
 */
public final class Flit {

    private final Path home;

    public Flit(Path scratch) {
        this.home = scratch;
    }

    /**
     * Writes a flit project under {@code dir}: {@code [project] name} as given (flit 3.8 names the
     * wheel after the module, the sdist after this name), one module, no dependencies.
     */
    public static Path project(Path dir, String name, String version, String module) throws IOException {
        Files.createDirectories(dir.resolve(module));
        Files.writeString(dir.resolve(module).resolve("__init__.py"), "\"\"\"Published by flit.\"\"\"\n");
        Files.writeString(dir.resolve("pyproject.toml"), """
                [build-system]
                requires = ["flit_core >=3.2,<4"]
                build-backend = "flit_core.buildapi"

                [project]
                name = "%s"
                version = "%s"
                description = "Published by flit"
                requires-python = ">=3.7"

                [tool.flit.module]
                name = "%s"
                """.formatted(name, version, module));
        return dir;
    }

    /** {@code flit publish} of the project in {@code project} to {@code repositoryUrl}. */
    public ToolRun publish(Path project, String repositoryUrl, String user, String password)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("flit", "publish").directory(project.toFile());
        pb.environment().clear();
        pb.environment().putAll(Map.of("PATH", "/usr/bin:/bin", "HOME", home.toString(), "LC_ALL", "C.UTF-8",
                "PYTHONDONTWRITEBYTECODE", "1", "FLIT_INDEX_URL", repositoryUrl, "FLIT_USERNAME", user,
                "FLIT_PASSWORD", password, "PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring"));
        Path out = Files.createTempFile(home, "flit", ".out");
        Path err = Files.createTempFile(home, "flit", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("flit publish did not finish in 3 minutes: " + List.of(project));
        }
        return new ToolRun("flit", p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
