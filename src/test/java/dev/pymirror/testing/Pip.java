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
 * The real pip, run as a fresh process that sees only the index a test gives it.
 *
 * <p>This machine's own pip configuration and PIP_* variables point at local folders, so pip runs
 * with an emptied environment: PIP_CONFIG_FILE=/dev/null, a throw-away HOME, no cache, no
 * version check. Debian's {@code /usr/bin/python3} (with python3-pip, which {@code .ci/run} installs)
 * is preferred because it is the same on every machine of this kind; {@code PYMIRROR_TEST_PYTHON}
 * names another.
 */
public final class Pip {

    private final String python;
    private final Path home;

    public Pip(Path scratch) {
        this.python = System.getenv().getOrDefault("PYMIRROR_TEST_PYTHON",
                Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3");
        this.home = scratch;
    }

    /** The outcome of one pip run. */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        @Override
        public String toString() {
            return "pip exited " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    /** {@code pip install --target TARGET --index-url INDEX REQUIREMENTS...} with no cache. */
    public Result install(String indexUrl, Path target, String... requirements) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("install", "--no-cache-dir", "--disable-pip-version-check",
                "--no-input", "--retries", "0", "--timeout", "15", "--index-url", indexUrl, "--target", target.toString()));
        args.addAll(List.of(requirements));
        return run(args);
    }

    /** Runs {@code python -m pip ARGS} in the clean environment. */
    public Result run(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(python, "-m", "pip"));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("HOME", home.toString());
        env.put("PIP_CONFIG_FILE", "/dev/null");
        env.put("PIP_NO_CACHE_DIR", "1");
        env.put("PIP_DISABLE_PIP_VERSION_CHECK", "1");
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.put("LC_ALL", "C.UTF-8");
        Path out = Files.createTempFile(home, "pip", ".out");
        Path err = Files.createTempFile(home, "pip", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("pip did not finish in 5 minutes: " + command);
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
