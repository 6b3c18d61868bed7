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
 * The built {@code pymirror} ({@code target/pymirror.jar}, which {@code verify} packages before the
 * slow tests run) as a separate process: real exit codes, real signals, real mounts.
 */
public final class PymirrorProcess {

    private final Path scratch;
    private final Process process;
    private final Path out;
    private final Path err;

    private PymirrorProcess(Path scratch, Process process, Path out, Path err) {
        this.scratch = scratch;
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** The outcome of a finished run. */
    public record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "pymirror exited " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    /** The jar under test. */
    public static Path jar() {
        Path jar = Path.of("target", "pymirror.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the slow tests run after 'package' (./mvnw verify)");
        }
        return jar;
    }

    /** The command that runs pymirror: this test's own Java, the built jar. */
    public static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar().toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** Starts pymirror with these arguments, the given environment, in its own process. */
    public static PymirrorProcess start(Path scratch, Map<String, String> environment, List<String> command)
            throws IOException {
        Files.createDirectories(scratch);
        Path out = Files.createTempFile(scratch, "pymirror", ".out");
        Path err = Files.createTempFile(scratch, "pymirror", ".err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(environment);
        return new PymirrorProcess(scratch, pb.start(), out, err);
    }

    /** Runs pymirror to its end (at most {@code minutes}). */
    public static Result run(Path scratch, Map<String, String> environment, int minutes, String... args)
            throws IOException, InterruptedException {
        return start(scratch, environment, command(args)).await(minutes);
    }

    public Process process() {
        return process;
    }

    /** Waits for the end and returns what it said. */
    public Result await(int minutes) throws IOException, InterruptedException {
        if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("pymirror did not finish in " + minutes + " minutes:\n" + Files.readString(err));
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** What it has written to standard error so far. */
    public String stderrSoFar() throws IOException {
        return Files.readString(err, StandardCharsets.UTF_8);
    }

    /** What it has written to standard output so far. */
    public String stdoutSoFar() throws IOException {
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    Path scratch() {
        return scratch;
    }
}
