package dev.pymirror.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Debian 12's poetry 1.3.2 ({@code python3 -m poetry}): {@code poetry lock} of a
 * {@code pyproject.toml} whose only source is the index under test, then
 * {@code poetry install --no-root} into {@code .venv} in the project.
 *
 * <p>poetry 1.3 reads a source's pages as HTML whatever the index offers, and reads each file's
 * metadata out of the file itself (it knows no PEP 658), with pkginfo 1.8, which knows metadata
 * versions up to 2.2 only.
 */
public final class Poetry implements LockingClient {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    @Override
    public String name() {
        return "poetry 1.3.2";
    }

    @Override
    public ToolRun lock(Path project, Path home, String indexUrl, List<String> requirements)
            throws IOException, InterruptedException {
        StringBuilder toml = new StringBuilder("""
                [tool.poetry]
                name = "matrix-project"
                version = "0.1.0"
                description = "a project of the client matrix"
                authors = ["pymirror tests <tests@example.invalid>"]
                packages = []

                [tool.poetry.dependencies]
                python = "^3.11"
                """);
        for (String requirement : requirements) {
            RequirementLine r = RequirementLine.parse(requirement);
            toml.append(LockingClient.toml(r.name())).append(" = { version = ").append(LockingClient.toml(r.specifier()))
                    .append(", extras = ").append(r.extrasToml()).append(", source = \"mirror\" }\n");
        }
        toml.append("""

                [[tool.poetry.source]]
                name = "mirror"
                url = %s
                default = true
                """.formatted(LockingClient.toml(indexUrl)));
        Files.writeString(project.resolve("pyproject.toml"), toml, StandardCharsets.UTF_8);
        return poetry(project, home, "lock");
    }

    @Override
    public ToolRun installLock(Path project, Path home) throws IOException, InterruptedException {
        return poetry(project, home, "install", "--no-root");
    }

    @Override
    public Path lockFile(Path project) {
        return project.resolve("poetry.lock");
    }

    private static ToolRun poetry(Path project, Path home, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(ToolRun.python(), "-m", "poetry", "--no-interaction",
                "--no-ansi", "-v"));
        command.addAll(List.of(args));
        return ToolRun.inFolder("poetry", command, project, home, Map.of(
                "POETRY_VIRTUALENVS_IN_PROJECT", "true",
                // No keyring to unlock, and none wanted: the index needs no credentials.
                "PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring",
                "PIP_CONFIG_FILE", "/dev/null"), TIMEOUT);
    }

    @Override
    public String toString() {
        return name();
    }
}
