package dev.pymirror.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A word where a command expects one of its sub-commands, and it is none of them: a usage error
 * that says "unknown command 'snapshot'", with the closest names when there are some, else the
 * usage that lists them.
 *
 * <p>picocli reports such a word as an "unmatched argument", and not at all when {@code --help}
 * follows it: {@code pymirror snapshot --help} printed the top-level usage and exited 0, as if
 * {@code snapshot} were a command that had no help of its own.
 */
final class UnknownCommand implements CommandLine.IExecutionStrategy, CommandLine.IParameterExceptionHandler {

    private final CommandLine.IExecutionStrategy run;
    private final CommandLine.IParameterExceptionHandler otherwise;

    private UnknownCommand(CommandLine.IExecutionStrategy run, CommandLine.IParameterExceptionHandler otherwise) {
        this.run = run;
        this.otherwise = otherwise;
    }

    /** Answers unknown sub-commands of {@code cli} and of every command under it. */
    static void install(CommandLine cli) {
        UnknownCommand answer = new UnknownCommand(cli.getExecutionStrategy(), cli.getParameterExceptionHandler());
        cli.setExecutionStrategy(answer);
        cli.setParameterExceptionHandler(answer);
    }

    @Override
    public int execute(ParseResult parseResult) {
        // picocli lets a help request pass over words it matched to nothing: not a word that should
        // have been a command.
        ParseResult last = parseResult;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        CommandLine command = last.commandSpec().commandLine();
        if (unknownCommand(command, last.unmatched()) != null) {
            throw new UnmatchedArgumentException(command, last.unmatched());
        }
        return run.execute(parseResult);
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) throws Exception {
        CommandLine command = ex.getCommandLine();
        String word = ex instanceof UnmatchedArgumentException unmatched
                ? unknownCommand(command, unmatched.getUnmatched())
                : null;
        if (word == null) {
            return otherwise.handleParseException(ex, args);
        }
        command.getErr().println(command.getCommandSpec().qualifiedName() + ": unknown command '" + word + "'");
        if (!UnmatchedArgumentException.printSuggestions(ex, command.getErr())) {
            command.usage(command.getErr());
        }
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** The first word left over, when the command has sub-commands and it is not an option; else null. */
    private static String unknownCommand(CommandLine command, List<String> unmatched) {
        if (command.getSubcommands().isEmpty() || unmatched.isEmpty() || unmatched.get(0).startsWith("-")) {
            return null;
        }
        return unmatched.get(0);
    }
}
