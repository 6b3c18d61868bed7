package dev.pymirror.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * pip as an {@link Installer}: Debian's pip 23.0.1 ({@code /usr/bin/python3 -m pip}) or the newest
 * pip (the wheel in {@code ../shared/clients}, installed into a venv of Debian's Python without any
 * index), each run with {@code -vv} so that it logs the Content-Type of every page it reads.
 */
public final class PipInstaller implements Installer {

    /** The newest pip, as published, beside the repository (see ../shared/clients/README.md). */
    public static final Path NEWEST_WHEEL = Path.of("..", "shared", "clients", "pip-26.2.1-py3-none-any.whl");

    /** pip's own line for each page it reads: {@code Fetched page URL as CONTENT-TYPE}. */
    private static final Pattern FETCHED = Pattern.compile("Fetched page (\\S+) as ([^;\\s]+)");

    private final String name;
    private final String python;

    private PipInstaller(String name, String python) {
        this.name = name;
        this.python = python;
    }

    /** Debian 12's pip 23.0.1. */
    public static PipInstaller debian() {
        return new PipInstaller("pip 23.0.1 (Debian)", ToolRun.python());
    }

    /** pip 26.2.1 in a venv made under {@code dir} (once; about 15 s on a busy machine). */
    public static PipInstaller newest(Path dir) throws IOException, InterruptedException {
        Path venv = dir.resolve("pip26-venv");
        Path home = Files.createDirectories(dir.resolve("pip26-home"));
        run(List.of(ToolRun.python(), "-m", "venv", venv.toString()), home);
        ToolRun installed = ToolRun.module(venv.resolve("bin/python").toString(), "pip", List.of("install", "--no-index",
                "--disable-pip-version-check", NEWEST_WHEEL.toAbsolutePath().toString()), home,
                Map.of("PIP_CONFIG_FILE", "/dev/null"), Duration.ofMinutes(3));
        if (!installed.ok()) {
            throw new IllegalStateException("cannot install " + NEWEST_WHEEL + " into a venv: " + installed);
        }
        PipInstaller pip = new PipInstaller("pip 26.2.1", venv.resolve("bin/python").toString());
        ToolRun version = pip.pip(List.of("--version"), home);
        if (!version.stdout().startsWith("pip 26.2.1 ")) {
            throw new IllegalStateException("not the newest pip: " + version);
        }
        return pip;
    }

    @Override
    public String name() {
        return name;
    }

    /** The interpreter whose pip this is. */
    public String python() {
        return python;
    }

    @Override
    public Installation install(IndexPath path, List<String> requirements, Path work) throws Exception {
        Path site = work.resolve("site");
        Path home = Files.createDirectories(work.resolve("home"));
        List<String> args = new ArrayList<>(List.of("-vv", "install", "--no-input", "--retries", "0", "--timeout", "15",
                "--index-url", path.indexUrl(), "--target", site.toString()));
        args.addAll(requirements);
        ToolRun run = pip(args, home);
        return new Installation(run, Installation.distributionsIn(site), pageTypes(run.output()));
    }

    /** Runs {@code python -m pip ARGS} in the clean environment. */
    public ToolRun pip(List<String> args, Path home) throws IOException, InterruptedException {
        return ToolRun.module(python, "pip", args, home, Map.of("PIP_CONFIG_FILE", "/dev/null", "PIP_NO_CACHE_DIR", "1",
                "PIP_DISABLE_PIP_VERSION_CHECK", "1"), Duration.ofMinutes(5));
    }

    /** The Content-Types of the pages pip says it fetched. */
    public static Set<String> pageTypes(String pipOutput) {
        Set<String> types = new LinkedHashSet<>();
        Matcher m = FETCHED.matcher(pipOutput);
        while (m.find()) {
            types.add(m.group(2));
        }
        return types;
    }

    private static void run(List<String> command, Path home) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve("venv.log").toFile());
        pb.environment().clear();
        pb.environment().putAll(Map.of("PATH", "/usr/bin:/bin", "HOME", home.toString(), "LC_ALL", "C.UTF-8"));
        Process p = pb.start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(command + " failed: " + Files.readString(home.resolve("venv.log")));
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
