package dev.pymirror.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** One run of the {@code pymirror} command line in this JVM, its output captured. */
record CliRun(int exitCode, String out, String err) {

    /** Runs {@code pymirror ARGS}, with {@code stdin} as standard input of {@code pymirror user}. */
    static CliRun withInput(String stdin, String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        ((UserCommand) cli.getSubcommands().get("user").getCommand()).stdin =
                new ByteArrayInputStream((stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    static CliRun run(String... args) {
        return withInput(null, args);
    }
}
