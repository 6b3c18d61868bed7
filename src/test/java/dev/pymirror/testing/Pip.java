package dev.pymirror.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

    private final Path home;
    private final String python;

    /** Debian's pip (or the one of {@code PYMIRROR_TEST_PYTHON}). */
    public Pip(Path scratch) {
        this(scratch, ToolRun.python());
    }

    /** The pip of the interpreter {@code python}, such as a venv's ({@link PipInstaller#newest}). */
    public Pip(Path scratch, String python) {
        this.home = scratch;
        this.python = python;
    }

    /** {@code pip install --target TARGET --index-url INDEX REQUIREMENTS...} with no cache. */
    public ToolRun install(String indexUrl, Path target, String... requirements) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("install", "--no-cache-dir", "--disable-pip-version-check",
                "--no-input", "--retries", "0", "--timeout", "15", "--index-url", indexUrl, "--target", target.toString()));
        args.addAll(List.of(requirements));
        return run(args);
    }

    /** Runs {@code python -m pip ARGS} in the clean environment. */
    public ToolRun run(List<String> args) throws IOException, InterruptedException {
        return ToolRun.module(python, "pip", args, home, Map.of("PIP_CONFIG_FILE", "/dev/null", "PIP_NO_CACHE_DIR", "1",
                "PIP_DISABLE_PIP_VERSION_CHECK", "1"), Duration.ofMinutes(5));
    }
}
