package dev.pymirror.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A minimal Debian root with python3-pip, made by debootstrap from the Debian mirror this machine's
 * own apt sources name, for the release this machine runs. The root is kept as a tarball under
 * {@code ~/.cache/pymirror-tests/} (or {@code PYMIRROR_TEST_CACHE}), keyed by release and
 * architecture, so that only the first run pays for debootstrap (about two minutes).
 */
public final class DebianRoot {

    /** The packages beyond debootstrap's minbase. */
    public static final List<String> PACKAGES = List.of("python3-pip");

    private DebianRoot() {}

    /** The cache directory the slow tests share. */
    public static Path cacheDirectory() {
        String configured = System.getenv("PYMIRROR_TEST_CACHE");
        return configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "pymirror-tests");
    }

    /** Unpacks a fresh root into {@code dest} (which must not exist yet or be empty) and returns it. */
    public static Path extractTo(Path dest) throws IOException, InterruptedException {
        return extractTo(dest, List.of());
    }

    /**
     * Unpacks a fresh root that also has these packages (a root per set of packages, each cached like
     * the plain one) into {@code dest} and returns it.
     */
    public static Path extractTo(Path dest, List<String> morePackages) throws IOException, InterruptedException {
        Path tarball = tarball(morePackages);
        Files.createDirectories(dest);
        run(List.of("tar", "--numeric-owner", "--xattrs", "--xattrs-include=*", "-xpf", tarball.toString(),
                "-C", dest.toString()), dest.resolveSibling(dest.getFileName() + ".tar.log"), 10);
        return dest;
    }

    /** The cached tarball, made first when missing. */
    public static Path tarball() throws IOException, InterruptedException {
        return tarball(List.of());
    }

    /** The cached tarball of a root with {@link #PACKAGES} and these, made first when missing. */
    public static synchronized Path tarball(List<String> morePackages) throws IOException, InterruptedException {
        String suite = AptSources.machineSuite();
        String arch = architecture();
        Path cache = Files.createDirectories(cacheDirectory());
        List<String> packages = new ArrayList<>(PACKAGES);
        packages.addAll(morePackages);
        Path tarball = cache.resolve("debian-" + suite + "-" + arch + "-minbase-" + String.join("-", packages) + ".tar");
        try (FileChannel lockFile = FileChannel.open(cache.resolve(tarball.getFileName() + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = lockFile.lock()) {
            if (Files.isRegularFile(tarball)) {
                return tarball;
            }
            Path work = cache.resolve(tarball.getFileName() + ".build");
            deleteTree(work);
            Files.createDirectories(work);
            String mirror = AptSources.machine().mirrorFor(suite);
            Path log = cache.resolve(tarball.getFileName() + ".debootstrap.log");
            run(List.of("debootstrap", "--variant=minbase", "--include=" + String.join(",", packages), suite,
                    work.resolve("root").toString(), mirror), log, 20);
            // Nothing of the build's own: apt's lists and downloaded packages are not part of a root.
            deleteChildren(work.resolve("root/var/cache/apt/archives"), p -> p.toString().endsWith(".deb"));
            Path partial = cache.resolve(tarball.getFileName() + ".partial");
            run(List.of("tar", "--numeric-owner", "--xattrs", "--xattrs-include=*", "-C", work.resolve("root").toString(),
                    "-cf", partial.toString(), "."), log, 10);
            Files.move(partial, tarball, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            deleteTree(work);
            return tarball;
        }
    }

    private static String architecture() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("dpkg", "--print-architecture").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0 || out.isEmpty()) {
            throw new IOException("dpkg --print-architecture failed: " + out);
        }
        return out;
    }

    /** Runs a command with its output in a log file; fails with the log's end when it fails. */
    static void run(List<String> command, Path log, int minutes) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("PIP_") || k.startsWith("PYTHON"));
        Process p = pb.start();
        if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException(command.get(0) + " did not finish in " + minutes + " minutes; see " + log);
        }
        if (p.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            throw new IOException(String.join(" ", command) + " failed (exit " + p.exitValue() + "):\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
        }
    }

    /** Deletes a tree without following links out of it. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void deleteChildren(Path dir, java.util.function.Predicate<Path> which) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> doomed = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            children.filter(which).forEach(doomed::add);
        }
        for (Path p : doomed) {
            Files.delete(p);
        }
    }
}
