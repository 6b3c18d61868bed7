package dev.pymirror.bench;

import dev.pymirror.cli.Main;
import dev.pymirror.testing.StaticIndexServer;
import dev.pymirror.testing.Workload;
import dev.pymirror.testing.WorkloadUpstream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The same {@code pymirror sync} as {@link SyncVsPipDownload}'s, run several times in one JVM: the
 * first run is a cold start's, the later ones show what a sync costs once the JIT has compiled its
 * code, which is the floor no start-up option can go below. The upstream is served by this JVM; the
 * syncs run in a child JVM (this class's {@code --child} mode, started with the given JVM options),
 * which prints each run's wall clock and its own CPU time (user+sys), the upstream's not counted.
 *
 * <pre>
 * bench/sync-warm.sh [RUNS] [JVM OPTIONS...]    # 8 runs, the launcher's options for sync
 * </pre>
 */
public final class SyncInOneJvm {

    private SyncInOneJvm() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--child")) {
            child(args);
            return;
        }
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        List<String> jvmOptions = args.length > 1 ? List.of(args).subList(1, args.length)
                : List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
        Path work = Files.createTempDirectory("pymirror-bench-");
        try {
            Workload workload = Workload.load("saleor");
            WorkloadUpstream.write(workload, work.resolve("upstream"), WorkloadUpstream.Options.REAL_SIZES);
            Path requirements = work.resolve("requirements.txt");
            Files.write(requirements, workload.roots());
            try (StaticIndexServer server = StaticIndexServer.serve(work.resolve("upstream"), Duration.ZERO)) {
                List<String> command = new ArrayList<>();
                command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                command.addAll(jvmOptions);
                command.add("--enable-native-access=ALL-UNNAMED");
                command.addAll(List.of("-cp", System.getProperty("java.class.path"), SyncInOneJvm.class.getName(),
                        "--child", Integer.toString(runs), requirements.toString(), work.toString(),
                        server.url() + "simple/"));
                System.out.println("JVM options: " + String.join(" ", jvmOptions));
                Process p = new ProcessBuilder(command).inheritIO().start();
                if (p.waitFor() != 0) {
                    throw new IllegalStateException("the syncs failed (exit " + p.exitValue() + ")");
                }
            }
        } finally {
            try (Stream<Path> all = Files.walk(work)) {
                for (Path f : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    private static void child(String[] args) {
        int runs = Integer.parseInt(args[1]);
        String requirements = args[2];
        Path work = Path.of(args[3]);
        String upstream = args[4];
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int i = 0; i < runs; i++) {
            String[] sync = {"sync", "-q", "-r", requirements, "--output", work.resolve("mirror-" + i).toString(),
                "--python-version", "3.12", "--platform", "manylinux_2_28_x86_64", "--upstream", upstream,
                "--jobs", "8"};
            long cpu = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            int exit = Main.commandLine(System.getenv(), sync).execute(sync);
            if (exit != 0) {
                throw new IllegalStateException("sync " + (i + 1) + " exited " + exit);
            }
            System.out.printf(Locale.ROOT, "run %d: %.2f s, CPU %.2f s%s%n", i + 1, (System.nanoTime() - t0) / 1e9,
                    (os.getProcessCpuTime() - cpu) / 1e9,
                    i == 0 ? " (JVM start-up not counted: " + os.getProcessCpuTime() / 1_000_000 + " ms CPU since the JVM began)" : "");
        }
    }
}
