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
        return poetry(project, home, Map.of(), "lock");
    }

    @Override
    public ToolRun installLock(Path project, Path home) throws IOException, InterruptedException {
        return poetry(project, home, Map.of(), "install", "--no-root");
    }

    /** poetry 1.3 asks a source other than pypi.org for HTML only. */
    @Override
    public String expectedPageType(IndexPath path) {
        return "text/html";
    }

    /**
     * {@code poetry build} then {@code poetry publish} of a project of one module, {@code name}
     * {@code version}, written in {@code project} (an empty folder), to the upload URL of a hosted
     * index as {@code user} (credentials from POETRY_HTTP_BASIC_*, never a prompt). The run is the
     * build's alone when it failed, else both.
     */
    public ToolRun publish(Path project, Path home, String name, String version, String uploadUrl, String user,
            String password) throws IOException, InterruptedException {
        String module = name.replaceAll("[-_.]+", "_").toLowerCase(java.util.Locale.ROOT);
        Files.createDirectories(project.resolve(module));
        Files.writeString(project.resolve(module).resolve("__init__.py"), "__version__ = '" + version + "'\n");
        Files.writeString(project.resolve("pyproject.toml"), """
                [tool.poetry]
                name = %s
                version = %s
                description = "published by poetry"
                authors = ["pymirror tests <tests@example.invalid>"]
                packages = [{ include = %s }]

                [tool.poetry.dependencies]
                python = "^3.11"

                [build-system]
                requires = ["poetry-core"]
                build-backend = "poetry.core.masonry.api"
                """.formatted(LockingClient.toml(name), LockingClient.toml(version), LockingClient.toml(module)),
                StandardCharsets.UTF_8);
        ToolRun build = poetry(project, home, Map.of(), "build");
        if (!build.ok()) {
            return build;
        }
        ToolRun publish = poetry(project, home, Map.of("POETRY_REPOSITORIES_HOSTED_URL", uploadUrl,
                "POETRY_HTTP_BASIC_HOSTED_USERNAME", user, "POETRY_HTTP_BASIC_HOSTED_PASSWORD", password),
                "publish", "--repository", "hosted");
        return new ToolRun("poetry build+publish", publish.exitCode(), build.stdout() + publish.stdout(),
                build.stderr() + publish.stderr());
    }

    @Override
    public Path lockFile(Path project) {
        return project.resolve("poetry.lock");
    }

    private static ToolRun poetry(Path project, Path home, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(ToolRun.python(), "-m", "poetry", "--no-interaction",
                "--no-ansi", "-v"));
        command.addAll(List.of(args));
        Map<String, String> environment = new java.util.HashMap<>(env);
        environment.put("POETRY_VIRTUALENVS_IN_PROJECT", "true");
        // No keyring to unlock, and none wanted: credentials come from the environment only.
        environment.put("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring");
        environment.put("PIP_CONFIG_FILE", "/dev/null");
        return ToolRun.inFolder("poetry", command, project, home, environment, TIMEOUT);
    }

    @Override
    public String toString() {
        return name();
    }
}
