package dev.pymirror.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Python on this machine, asked once for what a sync targets when the command line names no
 * target: its version, and a platform tag from its machine and C library. Without a Python (or
 * one that does not answer within seconds) the defaults are {@value #DEFAULT_PYTHON} and
 * {@code manylinux_2_28_<this machine's architecture>}.
 *
 * @param pythonVersion {@code 3.12}
 * @param platform {@code manylinux_2_36_x86_64}, {@code musllinux_1_2_aarch64}, ...
 */
record LocalInterpreter(String pythonVersion, String platform) {

    static final String DEFAULT_PYTHON = "3.12";
    static final String DEFAULT_GLIBC = "2_28";

    private static final String PROBE = String.join(";",
            "import sys, platform, os",
            "print('%d.%d' % sys.version_info[:2])",
            "print(platform.machine())",
            "print(os.confstr('CS_GNU_LIBC_VERSION') if hasattr(os, 'confstr') else '')");

    /** What this machine's {@code python3} says, else the documented defaults. */
    static LocalInterpreter probe() {
        return ask("python3").orElseGet(() -> new LocalInterpreter(DEFAULT_PYTHON,
                "manylinux_" + DEFAULT_GLIBC + "_" + machine(System.getProperty("os.arch", "x86_64"))));
    }

    private static Optional<LocalInterpreter> ask(String python) {
        try {
            Process p = new ProcessBuilder(python, "-c", PROBE).redirectErrorStream(true).start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            if (p.exitValue() != 0 || lines.size() < 2) {
                return Optional.empty();
            }
            String machine = machine(lines.get(1));
            String libc = lines.size() > 2 ? lines.get(2) : "";
            String platform;
            if (libc.startsWith("glibc ")) {
                platform = "manylinux_" + libc.substring(6).trim().replace('.', '_') + "_" + machine;
            } else if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
                platform = "musllinux_1_2_" + machine;
            } else {
                return Optional.empty();
            }
            return Optional.of(new LocalInterpreter(lines.get(0).trim(), platform));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Java's and Python's names of an architecture, as wheel tags write it. */
    private static String machine(String arch) {
        return switch (arch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64", "x64" -> "x86_64";
            case "arm64", "aarch64" -> "aarch64";
            default -> arch.toLowerCase(Locale.ROOT);
        };
    }
}
