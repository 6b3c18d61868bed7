package dev.pymirror.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The outcome of a Python tool ({@code python -m pip}, {@code python -m twine}) run as a fresh
 * process in an emptied environment, and the one way {@link Pip} and {@link Twine} start such a
 * process: only PATH, a throw-away HOME, a UTF-8 locale and the variables the caller gives, so that
 * this machine's own configuration (PIP_* variables, pip.conf, .pypirc, keyrings) never reaches it.
 *
 * @param tool what ran, for messages
 */
public record ToolRun(String tool, int exitCode, String stdout, String stderr) {

    public boolean ok() {
        return exitCode == 0;
    }

    /** Standard output then standard error. */
    public String output() {
        return stdout + stderr;
    }

    @Override
    public String toString() {
        return tool + " exited " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
    }

    /**
     * Debian's {@code /usr/bin/python3} when there is one (the same on every machine of this kind,
     * with the python3-pip and twine packages {@code .ci/run} installs), or {@code PYMIRROR_TEST_PYTHON}.
     */
    static String python() {
        return System.getenv().getOrDefault("PYMIRROR_TEST_PYTHON",
                Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3");
    }

    /** Runs {@code python -m MODULE ARGS} with HOME at {@code home} and {@code env} added. */
    static ToolRun module(String module, List<String> args, Path home, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        return module(python(), module, args, home, env, timeout);
    }

    /** Runs {@code PYTHON -m MODULE ARGS} (another interpreter, such as a venv's) likewise. */
    static ToolRun module(String python, String module, List<String> args, Path home, Map<String, String> env,
            Duration timeout) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(python, "-m", module));
        command.addAll(args);
        return inFolder(module, command, null, home, env, timeout);
    }

    /**
     * Runs a Python script with Debian's interpreter likewise: for clients whose code is driven as a
     * library, such as poetry's repository classes.
     */
    public static ToolRun script(Path script, List<String> args, Path home, Duration timeout)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(python(), script.toString()));
        command.addAll(args);
        return inFolder(script.getFileName().toString(), command, null, home, Map.of(), timeout);
    }

    /**
     * Runs {@code command} in the folder {@code dir} (null: this process's) in the emptied
     * environment (HOME at {@code home}, no keyring, {@code env} added); {@code dir} is for clients that act on
     * the project in the current folder, such as poetry, pdm and pipenv.
     */
    static ToolRun inFolder(String tool, List<String> command, Path dir, Path home, Map<String, String> env,
            Duration timeout) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir == null ? null : dir.toFile());
        Map<String, String> environment = pb.environment();
        environment.clear();
        environment.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        environment.put("HOME", home.toString());
        environment.put("LC_ALL", "C.UTF-8");
        environment.put("LANG", "C.UTF-8");
        environment.put("PYTHONDONTWRITEBYTECODE", "1");
        // No client asks a desktop keyring for credentials: where one is installed (chromium brings
        // libsecret), poetry's and twine's keyring library tries D-Bus and fails without a display.
        environment.put("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring");
        environment.putAll(env);
        Path out = Files.createTempFile(home, tool, ".out");
        Path err = Files.createTempFile(home, tool, ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(tool + " did not finish in " + timeout.toSeconds() + " s: " + command);
        }
        return new ToolRun(tool, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
