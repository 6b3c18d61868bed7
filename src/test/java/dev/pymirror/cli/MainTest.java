package dev.pymirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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

    /**
     * {@code main} builds only the sub-command named first; what it prints and returns must be what
     * the command line with every sub-command prints, for help, usage errors and unknown commands.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sync --help", "sync", "sync --bogus", "sync -r", "sync x --jobs 0", "run --help",
        "run", "user --help", "user list --bogus", "index --help", "file delete", "serve --port x", "verify --bogus",
        "help sync", "help", "--help", "syncc", "bogus --help", "--version", ""})
    void buildingOnlyTheChosenCommandAnswersAsTheWholeCommandLineDoes(String line) {
        String[] args = line.isEmpty() ? new String[0] : line.split(" ");
        Map<String, String> env = Map.of();
        CommandLine whole = Main.commandLine(env);
        CommandLine chosen = Main.commandLine(env, args);
        StringWriter wholeOut = new StringWriter();
        StringWriter wholeErr = new StringWriter();
        whole.setOut(new PrintWriter(wholeOut, true));
        whole.setErr(new PrintWriter(wholeErr, true));
        chosen.setOut(new PrintWriter(out, true));
        chosen.setErr(new PrintWriter(err, true));

        int wholeCode = whole.execute(args);
        int chosenCode = chosen.execute(args);

        assertThat(chosenCode).as(line).isEqualTo(wholeCode);
        assertThat(out.toString()).as(line).isEqualTo(wholeOut.toString());
        assertThat(err.toString()).as(line).isEqualTo(wholeErr.toString());
        if (args.length > 0 && Main.COMMANDS.containsKey(args[0])) {
            assertThat(chosen.getSubcommands()).containsOnlyKeys(args[0]);
            assertThat(out + err.toString()).contains("pymirror " + args[0]);
        }
    }

    @Test
    void unknownCommandIsAUsageErrorThatListsTheCommands() {
        assertThat(Main.commandLine(Map.of(), new String[] {"syncc"}).getSubcommands()).containsKey("sync");
        CommandLine cli = Main.commandLine(Map.of(), new String[] {"syncc"});
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute("syncc")).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("'syncc'").contains("Did you mean: pymirror sync?");
    }

    @Test
    void helpListsEveryCommandWithTheWholeFirstSentenceOfItsDescription() {
        assertThat(run("--help")).isZero();
        String commands = out.toString().substring(out.toString().indexOf("Commands:"));
        String flat = commands.replaceAll("\\s+", " ");
        assertThat(flat).contains(" sync Build or update a partial mirror: resolve the requirements for every target"
                + " (each --python-version with each --platform), download what the tree lacks, and write a static"
                + " PEP 503 tree that pip reads as --index-url file://DIR and any web server serves. add ");
        // Every entry, the line of its name and those that continue it, ends a sentence.
        for (String entry : commands.split("\n(?=  \\S)")) {
            if (!entry.startsWith("Commands:")) {
                assertThat(entry.strip()).as(entry).endsWith(".");
            }
        }
        out.getBuffer().setLength(0);
        assertThat(run("user", "--help")).isZero();
        assertThat(out.toString().replaceAll("\\s+", " ")).contains(" token Make an API token for a user (twine: user"
                + " __token__, the token as password), or list or revoke the user's tokens.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"frobnicate --help", "frobnicate", "syncc --help", "user bogus --help", "user bogus"})
    void aWordThatIsNoCommandIsAUsageErrorThatNamesIt(String line) {
        String[] args = line.split(" ");
        CommandLine cli = Main.commandLine(Map.of(), args);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute(args)).isEqualTo(CommandLine.ExitCode.USAGE);
        String command = args[0].equals("user") ? "pymirror user" : "pymirror";
        String word = args[0].equals("user") ? args[1] : args[0];
        assertThat(err.toString()).startsWith(command + ": unknown command '" + word + "'");
        assertThat(out.toString()).isEmpty();
        if (word.equals("syncc")) {
            assertThat(err.toString()).contains("Did you mean: pymirror sync?");
        } else if (word.equals("snapshot")) {
            // Nothing close: the usage, which lists the commands there are.
            assertThat(err.toString()).contains("Usage: pymirror").contains("Commands:");
        }
    }

    @Test
    void everyCommandIsRegisteredUnderItsOwnName() {
        Main.COMMANDS.forEach((name, type) ->
                assertThat(type.getAnnotation(CommandLine.Command.class).name()).isEqualTo(name));
    }
}
