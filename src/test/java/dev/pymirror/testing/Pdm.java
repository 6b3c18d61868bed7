package dev.pymirror.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Debian 12's pdm 2.2.1 ({@code python3 -m pdm}): {@code pdm lock} of a PEP 621
 * {@code pyproject.toml} whose only source is the index under test (a source named {@code pypi}
 * replaces the default one), then {@code pdm sync --no-self} into {@code .venv} in the project.
 * Its finder (unearth 0.7) prefers PEP 691 JSON pages, as pip does.
 */
public final class Pdm implements LockingClient {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    @Override
    public String name() {
        return "pdm 2.2.1";
    }

    @Override
    public ToolRun lock(Path project, Path home, String indexUrl, List<String> requirements)
            throws IOException, InterruptedException {
        String toml = """
                [project]
                name = "matrix-project"
                version = "0.1.0"
                requires-python = ">=3.11"
                dependencies = %s

                [[tool.pdm.source]]
                name = "pypi"
                url = %s
                verify_ssl = true
                """.formatted(requirements.stream().map(LockingClient::toml).collect(Collectors.joining(", ", "[", "]")),
                LockingClient.toml(indexUrl));
        Files.writeString(project.resolve("pyproject.toml"), toml, StandardCharsets.UTF_8);
        return pdm(project, home, Map.of(), "lock");
    }

    @Override
    public ToolRun installLock(Path project, Path home) throws IOException, InterruptedException {
        return pdm(project, home, Map.of(), "sync", "--no-self");
    }

    /**
     * {@code pdm publish --no-build} of {@code files} (copied into {@code project/dist}, beside a
     * minimal project file) to the upload URL of a hosted index as {@code user} (credentials from
     * PDM_PUBLISH_USERNAME and PDM_PUBLISH_PASSWORD).
     */
    public ToolRun publish(Path project, Path home, String uploadUrl, String user, String password, Path... files)
            throws IOException, InterruptedException {
        Path dist = Files.createDirectories(project.resolve("dist"));
        for (Path f : files) {
            Files.copy(f, dist.resolve(f.getFileName()));
        }
        Files.writeString(project.resolve("pyproject.toml"), """
                [project]
                name = "matrix-publisher"
                version = "0.1.0"
                requires-python = ">=3.11"
                """, StandardCharsets.UTF_8);
        return pdm(project, home, Map.of("PDM_PUBLISH_USERNAME", user, "PDM_PUBLISH_PASSWORD", password),
                "publish", "--no-build", "--repository", uploadUrl);
    }

    @Override
    public Path lockFile(Path project) {
        return project.resolve("pdm.lock");
    }

    private static ToolRun pdm(Path project, Path home, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(ToolRun.python(), "-m", "pdm"));
        command.addAll(List.of(args));
        command.add("-v");
        Map<String, String> environment = new java.util.HashMap<>(env);
        environment.putAll(Map.of(
                "PDM_CHECK_UPDATE", "false",
                // A virtual environment in the project, as poetry and pipenv make, not PEP 582's __pypackages__.
                "PDM_USE_VENV", "true",
                "PDM_VENV_IN_PROJECT", "true",
                "PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring",
                "PIP_CONFIG_FILE", "/dev/null",
                "NO_COLOR", "1",
                "COLUMNS", "200"));
        return ToolRun.inFolder("pdm", command, project, home, environment, TIMEOUT);
    }

    @Override
    public String toString() {
        return name();
    }
}
