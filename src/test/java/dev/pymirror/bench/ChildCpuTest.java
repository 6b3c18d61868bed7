package dev.pymirror.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The stat line's arithmetic, on given lines: which fields are the children's times, in what unit. */
class ChildCpuTest {

    @Test
    void childrensUserAndSystemTicksAreAddedAndTurnedIntoMilliseconds() {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime ...
        String stat = "4242 (java) S 1 4242 4242 0 -1 4194560 100 200 0 0 55 7 321 45 20 0 30 0 1000 0 0";
        assertThat(ChildCpu.fromStat(stat)).isEqualTo((321 + 45) * 10);
    }

    @Test
    void aCommandNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
        String stat = "7 (a b) (c)) R 1 7 7 0 -1 0 0 0 0 0 1 2 3 4 20 0 1 0 10 0 0";
        assertThat(ChildCpu.fromStat(stat)).isEqualTo(70);
    }
}
