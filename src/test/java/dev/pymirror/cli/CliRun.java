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

    /** {@code COMMAND ARGS... --config CONFIG --data DATA}, as the data-directory commands are run. */
    static String[] onData(String command, Object config, Object data, String... args) {
        String[] all = new String[args.length + 5];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--config";
        all[args.length + 2] = config.toString();
        all[args.length + 3] = "--data";
        all[args.length + 4] = data.toString();
        return all;
    }
}
