package dev.pymirror.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time (user and system) of this process's children that have ended and been reaped, from
 * {@code /proc/self/stat}: the difference around one tool's run is that run's CPU, which a busy
 * machine disturbs far less than its wall-clock time. The JDK reaps every child it starts, so a
 * tool started with {@link ProcessBuilder} counts once it has exited (with any children it waited
 * for); the upstream served inside this JVM does not count.
 */
final class ChildCpu {

    /** Linux's USER_HZ, the unit of the stat file's times; 100 on every architecture it runs on. */
    private static final long TICKS_PER_SECOND = 100;

    private ChildCpu() {}

    static long millis() throws IOException {
        return fromStat(Files.readString(Path.of("/proc/self/stat")));
    }

    /** cutime + cstime (fields 16 and 17) in milliseconds; the command name before them may hold spaces. */
    static long fromStat(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // fields[0] is field 3 (state), so field n is fields[n - 3].
        long ticks = Long.parseLong(fields[16 - 3]) + Long.parseLong(fields[17 - 3]);
        return ticks * 1000 / TICKS_PER_SECOND;
    }
}
