package dev.pymirror.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Debian 12's pipenv 2022.12.19 ({@code python3 -m pipenv}): {@code pipenv lock} of a
 * {@code Pipfile} whose only source is the index under test, then {@code pipenv sync} into
 * {@code .venv} in the project. pipenv resolves with its own copy of pip (22.3.1), which asks for JSON
 * pages and reads PEP 658 metadata as pip does.
 *
 * <p>The source says {@code verify_ssl = true}: it changes nothing for http:// on 127.0.0.1 (pip
 * trusts loopback), and with {@code false} pipenv cannot use a {@code file://} source at all (it
 * builds a {@code --trusted-host} from the URL's host, which a file URL lacks, and fails with a
 * TypeError).
 */
public final class Pipenv implements LockingClient {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final boolean verifySsl;

    public Pipenv() {
        this(true);
    }

    private Pipenv(boolean verifySsl) {
        this.verifySsl = verifySsl;
    }

    /** pipenv with the source's {@code verify_ssl = false}, as many Pipfiles for a local mirror have it. */
    public static Pipenv withoutSslVerification() {
        return new Pipenv(false);
    }

    @Override
    public String name() {
        return "pipenv 2022.12.19";
    }

    @Override
    public ToolRun lock(Path project, Path home, String indexUrl, List<String> requirements)
            throws IOException, InterruptedException {
        StringBuilder toml = new StringBuilder("""
                [[source]]
                name = "mirror"
                url = %s
                verify_ssl = %s

                [packages]
                """.formatted(LockingClient.toml(indexUrl), verifySsl));
        for (String requirement : requirements) {
            RequirementLine r = RequirementLine.parse(requirement);
            toml.append(LockingClient.toml(r.name())).append(" = { version = ").append(LockingClient.toml(r.specifier()))
                    .append(", extras = ").append(r.extrasToml()).append(" }\n");
        }
        Files.writeString(project.resolve("Pipfile"), toml, StandardCharsets.UTF_8);
        return pipenv(project, home, "lock");
    }

    @Override
    public ToolRun installLock(Path project, Path home) throws IOException, InterruptedException {
        return pipenv(project, home, "sync");
    }

    @Override
    public Path lockFile(Path project) {
        return project.resolve("Pipfile.lock");
    }

    private static ToolRun pipenv(Path project, Path home, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(ToolRun.python(), "-m", "pipenv"));
        // Not --verbose: with it, pipenv 2022.12 leaves out why a lock failed.
        command.addAll(List.of(args));
        return ToolRun.inFolder("pipenv", command, project, home, Map.of(
                "PIPENV_VENV_IN_PROJECT", "1",
                "PIPENV_PYTHON", ToolRun.python(),
                // Never the virtual environment this test might run in, never a .env file, never a prompt.
                "PIPENV_IGNORE_VIRTUALENVS", "1",
                "PIPENV_DONT_LOAD_ENV", "1",
                "PIPENV_YES", "1",
                "PIPENV_NOSPIN", "1",
                "PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring",
                "PIP_CONFIG_FILE", "/dev/null",
                "NO_COLOR", "1",
                "COLUMNS", "200"), TIMEOUT);
    }

    @Override
    public String toString() {
        return name() + (verifySsl ? "" : " (verify_ssl = false)");
    }
}
