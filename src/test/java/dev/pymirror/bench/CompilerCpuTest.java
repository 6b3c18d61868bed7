package dev.pymirror.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which threads' times are the compilers', on given stat lines. */
class CompilerCpuTest {

    @Test
    void eachCompilersThreadsOwnUserAndSystemTicksAreAddedAndOtherThreadsAreNot() {
        // tid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime ...
        List<String> stats = List.of(
                "101 (C2 CompilerThre) S 1 100 100 0 -1 0 0 0 0 0 70 5 900 900 20 0 30 0",
                "102 (C1 CompilerThre) S 1 100 100 0 -1 0 0 0 0 0 20 1 0 0 20 0 30 0",
                "103 (qtp-worker (1)) S 1 100 100 0 -1 0 0 0 0 0 500 50 0 0 20 0 30 0",
                "104 (java) S 1 100 100 0 -1 0 0 0 0 0 300 30 0 0 20 0 30 0");
        assertThat(CompilerCpu.fromStats(stats)).isEqualTo(new CompilerCpu.Split((20 + 1) * 10, (70 + 5) * 10));
    }

    @Test
    void aJvmWhoseCompilersHaveNotStartedCountsNothing() {
        assertThat(CompilerCpu.fromStats(List.of("104 (java) S 1 100 100 0 -1 0 0 0 0 0 300 30 0 0 20 0 30 0")))
                .isEqualTo(new CompilerCpu.Split(0, 0));
    }

    @Test
    void aLiveJvmsCompilersAreFound() throws Exception {
        // This test's own JVM has compiled something by now.
        CompilerCpu.Split now = CompilerCpu.of(ProcessHandle.current().pid());
        assertThat(now.c1Millis() + now.c2Millis()).isPositive();
    }
}
