package dev.pymirror.inject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Mounts inside an image root, made and removed with the system's {@code mount} and {@code umount},
 * and found in {@code /proc/self/mountinfo}.
 */
public final class Mounts {

    private Mounts() {}

    /** True when something is mounted exactly at {@code path}. */
    public static boolean isMountPoint(Path path) throws IOException {
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            return false;
        }
        String wanted = real.toString();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
            String[] fields = line.split(" ");
            if (fields.length > 4 && unescape(fields[4]).equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    /** Bind-mounts {@code source} at {@code target}, read-only when asked. */
    static void bind(Path source, Path target, boolean readOnly) throws IOException {
        run("mount", "--bind", source.toString(), target.toString());
        if (readOnly) {
            // A bind mount takes "ro" only on a remount (older util-linux ignores it on the first call).
            try {
                run("mount", "-o", "remount,bind,ro", target.toString());
            } catch (IOException e) {
                run("umount", target.toString());
                throw e;
            }
        }
    }

    /** Mounts a kernel file system ({@code proc}, {@code sysfs}) at {@code target}. */
    static void kernel(String type, Path target, boolean readOnly) throws IOException {
        List<String> command = new ArrayList<>(List.of("mount", "-t", type));
        if (readOnly) {
            command.addAll(List.of("-o", "ro"));
        }
        command.addAll(List.of(type, target.toString()));
        run(command.toArray(String[]::new));
    }

    /** Unmounts whatever is mounted at {@code target}. */
    static void unmount(Path target) throws IOException {
        run("umount", target.toString());
    }

    private static void run(String... command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C");
        Process process = pb.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in 2 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", command) + " was interrupted", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (exit " + process.exitValue() + ")"
                    + (output.isEmpty() ? "" : ": " + output));
        }
    }

    /** Undoes mountinfo's octal escapes of space, tab, newline and backslash. */
    static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
