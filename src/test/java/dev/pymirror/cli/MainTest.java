package dev.pymirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void versionNamesTheProgramAndTheRuntime() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).startsWith("pymirror ").contains("Java " + Runtime.version().feature());
    }

    @Test
    void helpListsTheOptions() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("Usage: pymirror").contains("--version").contains("--help");
    }

    @Test
    void noCommandIsAUsageError() {
        assertThat(run()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("a command is required").contains("Usage: pymirror");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void unknownOptionIsAUsageErrorThatNamesIt() {
        assertThat(run("--bogus")).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("Unknown option: '--bogus'");
    }
}
