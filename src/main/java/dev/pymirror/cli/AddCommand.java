package dev.pymirror.cli;

import dev.pymirror.sync.tree.FileAdder;
import dev.pymirror.sync.tree.InvalidLocalFileException;
import dev.pymirror.sync.tree.MirrorTree;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code pymirror add}: puts local wheels and sdists into a tree. */
@Command(
        name = "add",
        mixinStandardHelpOptions = true,
        description = {
            "Add local wheels and sdists to a mirror tree: each is checked to be what its",
            "name says, copied in with its PEP 658 metadata, recorded as added by hand (so",
            "sync --prune keeps it), and its project's page is rewritten. Either every file",
            "is added or none is. The tree is --output DIR, by default",
            "~/.cache/image-create/pypi/mirror."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:added", "1:the tree could not be written", "2:usage error or a file that cannot be added"})
public final class AddCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Wheels (.whl) and sdists (.tar.gz, .zip).")
    List<Path> files = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "The tree to add to (see above).")
    Path output = SyncCommand.DEFAULT_OUTPUT;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (Files.exists(output) && !Files.isDirectory(output)) {
            throw new ParameterException(spec.commandLine(), "--output " + output + " is a file, not a directory");
        }
        try {
            for (FileAdder.Added added : new FileAdder(new MirrorTree(output)).add(files)) {
                out.println((added.alreadyPresent() ? "already there: " : "added ") + added.project().normalized() + "/"
                        + added.filename());
            }
            return CommandLine.ExitCode.OK;
        } catch (InvalidLocalFileException e) {
            err.println("pymirror add: nothing was added:");
            e.problems().forEach(p -> err.println("  " + p));
            return CommandLine.ExitCode.USAGE;
        } catch (IOException e) {
            err.println("pymirror add: " + e.getMessage());
            return CommandLine.ExitCode.SOFTWARE;
        }
    }
}
