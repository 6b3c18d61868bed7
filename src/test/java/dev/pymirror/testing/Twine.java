package dev.pymirror.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real twine (Debian's package, which {@code .ci/run} installs), run as a fresh process in an
 * emptied environment: a throw-away HOME with no {@code .pypirc}, no keyring, credentials in
 * TWINE_USERNAME and TWINE_PASSWORD, never a prompt.
 */
public final class Twine {

    private final Path home;

    public Twine(Path scratch) {
        this.home = scratch;
    }

    /** {@code twine upload --repository-url URL --verbose FILES...} as {@code user} (null: no credentials). */
    public ToolRun upload(String repositoryUrl, String user, String password, Path... files)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("upload", "--non-interactive", "--disable-progress-bar", "--verbose",
                "--repository-url", repositoryUrl));
        for (Path f : files) {
            args.add(f.toString());
        }
        Map<String, String> env = new HashMap<>();
        // No keyring daemon to ask, and none wanted: credentials come from here only.
        env.put("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring");
        env.put("COLUMNS", "200");
        if (user != null) {
            env.put("TWINE_USERNAME", user);
            env.put("TWINE_PASSWORD", password);
        }
        return ToolRun.module("twine", args, home, env, Duration.ofMinutes(3));
    }
}
