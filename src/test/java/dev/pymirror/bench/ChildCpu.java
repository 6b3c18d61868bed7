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

    private ChildCpu() {}

    static long millis() throws IOException {
        return fromStat(Files.readString(Path.of("/proc/self/stat")));
    }

    /** cutime + cstime (fields 16 and 17) in milliseconds. */
    static long fromStat(String stat) {
        return ProcStat.parse(stat).millis(16, 17);
    }
}
