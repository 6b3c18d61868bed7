package dev.pymirror.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The real pip, pdm, poetry and twine reading their configuration from a scratch home directory, as a
 * user's clients do: unlike {@link Pip} and {@link Twine}, which give them everything on the command
 * line, these find their settings in the files under HOME alone. The machine-wide pip files under
 * /etc/xdg are kept out (XDG_CONFIG_DIRS points into the scratch home), since this machine's point
 * at local folders.
 */
public final class UserClients {

    private final Path home;
    private final Map<String, String> env;

    public UserClients(Path home) {
        this.home = home;
        this.env = Map.of("XDG_CONFIG_DIRS", home.resolve(".no-system-config").toString(),
                "PIP_DISABLE_PIP_VERSION_CHECK", "1", "PIP_NO_CACHE_DIR", "1",
                // No keyring daemon to ask: credentials come from the test only.
                "PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring", "COLUMNS", "200");
    }

    /** {@code python -m pip ARGS}, reading HOME's pip configuration. */
    public ToolRun pip(String... args) throws IOException, InterruptedException {
        return ToolRun.module("pip", List.of(args), home, env, Duration.ofMinutes(5));
    }

    /** {@code python -m pdm ARGS}, reading HOME's pdm configuration. */
    public ToolRun pdm(String... args) throws IOException, InterruptedException {
        return ToolRun.module("pdm", List.of(args), home, env, Duration.ofMinutes(2));
    }

    /** {@code python -m poetry ARGS}, reading HOME's poetry configuration. */
    public ToolRun poetry(String... args) throws IOException, InterruptedException {
        return ToolRun.module("poetry", List.of(args), home, env, Duration.ofMinutes(2));
    }

    /** {@code twine upload -r REPOSITORY FILES...} as {@code user}, its URL read from HOME's .pypirc. */
    public ToolRun twineUpload(String repository, String user, String password, Path... files)
            throws IOException, InterruptedException {
        List<String> args = new java.util.ArrayList<>(List.of("upload", "--non-interactive", "--disable-progress-bar",
                "--verbose", "-r", repository));
        for (Path f : files) {
            args.add(f.toString());
        }
        Map<String, String> withCredentials = new java.util.HashMap<>(env);
        withCredentials.put("TWINE_USERNAME", user);
        withCredentials.put("TWINE_PASSWORD", password);
        return ToolRun.module("twine", args, home, withCredentials, Duration.ofMinutes(3));
    }
}
