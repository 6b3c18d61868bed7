package dev.pymirror.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The CPU time (user and system) of a live JVM's JIT compiler threads, from each thread's
 * {@code /proc/PID/task/TID/stat}: on two cores the compilers of a just-started server take CPU
 * from the client it answers, so a benchmark states what they took beside the process's whole CPU.
 * A compiler thread the JVM ends between two readings takes its time with it, so a difference is
 * a lower bound.
 */
final class CompilerCpu {

    private CompilerCpu() {}

    /** The compilers' CPU so far: C1's threads and C2's. */
    record Split(long c1Millis, long c2Millis) {

        Split minus(Split before) {
            return new Split(c1Millis - before.c1Millis, c2Millis - before.c2Millis);
        }
    }

    static Split of(long pid) throws IOException {
        List<String> stats = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    stats.add(Files.readString(task.resolve("stat")));
                } catch (NoSuchFileException e) {
                    // the thread ended while we looked
                }
            }
        }
        return fromStats(stats);
    }

    /** utime + stime (fields 14 and 15) of the HotSpot threads named "C1 CompilerThreadN" and "C2 ..." (cut to 15 characters). */
    static Split fromStats(List<String> stats) {
        long c1 = 0;
        long c2 = 0;
        for (String line : stats) {
            ProcStat stat = ProcStat.parse(line);
            if (stat.name().startsWith("C1 CompilerThre")) {
                c1 += stat.millis(14, 15);
            } else if (stat.name().startsWith("C2 CompilerThre")) {
                c2 += stat.millis(14, 15);
            }
        }
        return new Split(c1, c2);
    }
}
