package dev.pymirror.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real twine (Debian's package, which {@code .ci/run} installs), run as a fresh process in an
 * emptied environment: a throw-away HOME with no {@code .pypirc}, no keyring, credentials in
 * TWINE_USERNAME and TWINE_PASSWORD, never a prompt.
 */
public final class Twine {

    private final String python;
    private final Path home;

    public Twine(Path scratch) {
        this.python = System.getenv().getOrDefault("PYMIRROR_TEST_PYTHON",
                Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3");
        this.home = scratch;
    }

    /** The outcome of one twine run. */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        public String output() {
            return stdout + stderr;
        }

        @Override
        public String toString() {
            return "twine exited " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    /** {@code twine upload --repository-url URL --verbose FILES...} as {@code user} (null: no credentials). */
    public Result upload(String repositoryUrl, String user, String password, Path... files)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(python, "-m", "twine", "upload", "--non-interactive",
                "--disable-progress-bar", "--verbose", "--repository-url", repositoryUrl));
        for (Path f : files) {
            command.add(f.toString());
        }
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("HOME", home.toString());
        env.put("LC_ALL", "C.UTF-8");
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        // No keyring daemon to ask, and none wanted: credentials come from here only.
        env.put("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring");
        env.put("COLUMNS", "200");
        if (user != null) {
            env.put("TWINE_USERNAME", user);
            env.put("TWINE_PASSWORD", password);
        }
        Path out = Files.createTempFile(home, "twine", ".out");
        Path err = Files.createTempFile(home, "twine", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("twine did not finish in 3 minutes: " + command);
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
