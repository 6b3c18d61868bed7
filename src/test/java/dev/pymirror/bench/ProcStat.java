package dev.pymirror.bench;

import java.util.List;

/**
 * One line of {@code /proc/PID/stat} or {@code /proc/PID/task/TID/stat} (proc(5)): the command name
 * and the fields after it, read by the number proc(5) gives them.
 *
 * @param name the command (a thread's name, cut to 15 characters), which may hold spaces and parentheses
 * @param rest fields 3 (the state) onwards
 */
record ProcStat(String name, List<String> rest) {

    /** Linux's USER_HZ, the unit of the times; 100 on every architecture it runs on. */
    private static final long TICKS_PER_SECOND = 100;

    static ProcStat parse(String line) {
        int close = line.lastIndexOf(')');
        return new ProcStat(line.substring(line.indexOf('(') + 1, close),
                List.of(line.substring(close + 2).trim().split(" ")));
    }

    /** Field {@code n} as proc(5) numbers it (1 is the pid, 2 the name). */
    long field(int n) {
        return Long.parseLong(rest.get(n - 3));
    }

    /** Fields {@code first} and {@code second}, times in ticks, added and turned into milliseconds. */
    long millis(int first, int second) {
        return (field(first) + field(second)) * 1000 / TICKS_PER_SECOND;
    }
}
