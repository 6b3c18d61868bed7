package dev.pymirror.bench;

import dev.pymirror.packaging.tags.Target;
import dev.pymirror.testing.LockFixture;
import dev.pymirror.testing.Pip;
import dev.pymirror.testing.StaticIndexServer;
import dev.pymirror.testing.ToolRun;
import dev.pymirror.testing.Workload;
import dev.pymirror.testing.WorkloadUpstream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code pymirror sync} against {@code pip download}, side by side in one run: both fetch the
 * roots of a workload for one target (binary only) from the same local upstream, generated from
 * the workload and served by Jetty on 127.0.0.1, each into an empty directory, several times
 * alternately. pymirror runs through {@code ./pymirror}, the launcher users run. It checks both fetched the same wheels and prints the median times and their ratio.
 *
 * <pre>
 * bench/sync.sh [WORKLOAD] [REPEATS] [LATENCY_MS] [roots|lock]      # saleor, 3, 0, roots
 * </pre>
 *
 * {@code lock} times {@code pymirror sync --lock uv.lock} (the workload's lock, written with the
 * hashes of the files the upstream serves) against {@code pip download --no-deps --require-hashes}
 * of a requirements file pinning the same files ({@code name==version --hash=sha256:...}, as a lock
 * is exported for pip), which is how pip fetches what a lock names.
 *
 * With a latency, the upstream waits that long before each answer, as an index across a network
 * does (a LAN mirror answers in a millisecond or two, a public index in tens of milliseconds).
 *
 * The locked wheels have their real sizes (the releases around them are small, since neither tool
 * downloads them), so the transfer is the real one. pip is Debian's, in a clean environment (see
 * {@link Pip}).
 */
public final class SyncVsPipDownload {

    private SyncVsPipDownload() {}

    public static void main(String[] args) throws Exception {
        String workloadName = args.length > 0 ? args[0] : "saleor";
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Duration latency = Duration.ofMillis(args.length > 2 ? Long.parseLong(args[2]) : 0);
        boolean lock = args.length > 3 && args[3].equals("lock");
        String python = "3.12";
        String platform = "manylinux_2_28_x86_64";
        Path jar = Path.of("target/pymirror.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (./mvnw package -DskipTests)");
        }
        Path work = Files.createTempDirectory("pymirror-bench-");
        try {
            Workload workload = Workload.load(workloadName);
            WorkloadUpstream.write(workload, work.resolve("upstream"), WorkloadUpstream.Options.REAL_SIZES);
            Path requirements = work.resolve("requirements.txt");
            Files.write(requirements, workload.roots());
            Pip pip = new Pip(Files.createDirectories(work.resolve("pip-home")));
            try (StaticIndexServer server = StaticIndexServer.serve(work.resolve("upstream"), latency)) {
                String index = server.url() + "simple/";
                // Each tool once untimed: the launcher writes its class data archive for the command
                // on first use, as pip's modules were compiled to bytecode when it was installed, and
                // both then read the upstream's files from the same warm page cache.
                Path uvLock = null;
                if (lock) {
                    uvLock = work.resolve("uv.lock");
                    Files.writeString(uvLock, new LockFixture(workloadName, work.resolve("upstream"), server.url()).uvLock());
                }
                runPymirror(jar, syncArgs(requirements, uvLock, work.resolve("mirror-warmup"), python, platform, index));
                if (lock) {
                    Files.write(requirements, pinned(work.resolve("mirror-warmup")));
                }
                ToolRun warmup = pip.run(pipArgs(requirements, lock, work.resolve("pip-warmup"), python, platform, index));
                if (!warmup.ok()) {
                    throw new IllegalStateException("pip download failed:\n" + warmup);
                }
                List<Long> syncTimes = new ArrayList<>();
                List<Long> pipTimes = new ArrayList<>();
                List<Long> syncCpu = new ArrayList<>();
                List<Long> pipCpu = new ArrayList<>();
                Set<String> syncFiles = null;
                Set<String> pipFiles = null;
                for (int i = 0; i < repeats; i++) {
                    Path mirror = work.resolve("mirror-" + i);
                    long c0 = ChildCpu.millis();
                    long t0 = System.nanoTime();
                    runPymirror(jar, syncArgs(requirements, uvLock, mirror, python, platform, index));
                    syncTimes.add(System.nanoTime() - t0);
                    syncCpu.add(ChildCpu.millis() - c0);
                    syncFiles = wheels(mirror);

                    Path dest = work.resolve("pip-" + i);
                    List<String> pipArgs = pipArgs(requirements, lock, dest, python, platform, index);
                    long c1 = ChildCpu.millis();
                    long t1 = System.nanoTime();
                    ToolRun result = pip.run(pipArgs);
                    pipTimes.add(System.nanoTime() - t1);
                    pipCpu.add(ChildCpu.millis() - c1);
                    if (!result.ok()) {
                        throw new IllegalStateException("pip download failed:\n" + result);
                    }
                    pipFiles = wheels(dest);
                    System.out.printf(Locale.ROOT, "run %d: pymirror sync %.2fs (CPU %.2fs), pip download %.2fs (CPU %.2fs)%n",
                            i + 1, syncTimes.get(i) / 1e9, syncCpu.get(i) / 1e3, pipTimes.get(i) / 1e9, pipCpu.get(i) / 1e3);
                }
                if (!syncFiles.equals(pipFiles)) {
                    throw new IllegalStateException("pymirror and pip fetched different files:\n  pymirror only: "
                            + minus(syncFiles, pipFiles) + "\n  pip only: " + minus(pipFiles, syncFiles));
                }
                double sync = median(syncTimes) / 1e9;
                double pipSeconds = median(pipTimes) / 1e9;
                String summary = String.format(Locale.ROOT, "%s%s, cp312-%s, %d wheels (%s), upstream latency %d ms:"
                        + " pymirror sync %.2fs, pip download %.2fs (medians of %d), pymirror is %.1fx faster;"
                        + " CPU (user+sys) pymirror %.2fs, pip %.2fs (medians)",
                        workloadName, lock ? " (uv.lock: sync --lock, pip download --no-deps --require-hashes)" : "",
                        platform, syncFiles.size(), sizeOf(work.resolve("mirror-0")), latency.toMillis(),
                        sync, pipSeconds, repeats, pipSeconds / sync, median(syncCpu) / 1e3, median(pipCpu) / 1e3);
                System.out.println(summary);
                Path results = Path.of("target/bench/sync.txt");
                Files.createDirectories(results.getParent());
                Files.writeString(results, summary + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
            }
        } finally {
            deleteTree(work);
        }
    }

    private static List<String> syncArgs(Path requirements, Path lock, Path mirror, String python, String platform,
            String index) {
        return List.of("sync", "-q", lock == null ? "-r" : "--lock", (lock == null ? requirements : lock).toString(),
                "--output", mirror.toString(), "--python-version", python, "--platform", platform, "--upstream", index,
                "--jobs", "8");
    }

    /** {@code name==version --hash=sha256:...} for every file a synced tree's manifest names, as pip takes a lock. */
    private static List<String> pinned(Path tree) throws IOException {
        com.fasterxml.jackson.databind.JsonNode manifest = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(tree.resolve(".pymirror/manifest.json").toFile());
        List<String> lines = new ArrayList<>();
        manifest.get("targets").properties().forEach(t -> t.getValue().get("packages").properties().forEach(p -> {
            String file = p.getValue().get("file").asText();
            lines.add(p.getKey() + "==" + p.getValue().get("version").asText() + " --hash=sha256:"
                    + manifest.get("files").get(file).get("sha256").asText());
        }));
        return lines;
    }

    private static List<String> pipArgs(Path requirements, boolean lock, Path dest, String python, String platform,
            String index) {
        List<String> args = new ArrayList<>(List.of("download", "--dest", dest.toString(),
                "--only-binary=:all:", "--python-version", python, "--implementation", "cp",
                "--index-url", index, "--disable-pip-version-check", "--no-input", "--progress-bar", "off",
                "-r", requirements.toString()));
        if (lock) {
            args.addAll(List.of("--no-deps", "--require-hashes"));
        }
        for (String p : Target.expandPlatforms(List.of(platform))) {
            args.addAll(List.of("--platform", p));
        }
        return args;
    }

    /** Runs {@code ./pymirror ARGS}, the launcher users run, with its quick-start JVM options. */
    private static void runPymirror(Path jar, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of("pymirror").toAbsolutePath().toString()));
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("pymirror sync failed:\n" + new String(output, StandardCharsets.UTF_8));
        }
    }

    private static Set<String> wheels(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".whl"))
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }

    private static String sizeOf(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            long bytes = all.filter(p -> p.toString().endsWith(".whl")).mapToLong(p -> p.toFile().length()).sum();
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        }
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> r = new TreeSet<>(a);
        r.removeAll(b);
        return r;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(Comparator.naturalOrder());
        return sorted.get(sorted.size() / 2);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

}
