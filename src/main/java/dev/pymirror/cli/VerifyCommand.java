package dev.pymirror.cli;

import dev.pymirror.sync.progress.ByteSizes;
import dev.pymirror.sync.tree.MirrorTree;
import dev.pymirror.sync.tree.TreeVerifier;
import dev.pymirror.sync.tree.VerifyReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code pymirror verify}: checks every file of a tree against its hash, and the pages against the files. */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = {
            "Check a mirror tree: hash every file and compare it with the manifest, compare",
            "each wheel's .metadata with the METADATA inside it, and check that every page",
            "lists exactly the files beside it with their true hashes. DIR is by default",
            "~/.cache/image-create/pypi/mirror."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:all is well", "1:problems found (each is printed)", "2:DIR is not a mirror tree"})
public final class VerifyCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "DIR", arity = "0..1", description = "The tree to check.")
    Path dir = SyncCommand.DEFAULT_OUTPUT;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        MirrorTree tree = new MirrorTree(dir);
        if (!Files.isDirectory(dir) || !tree.exists()) {
            throw new ParameterException(spec.commandLine(), dir + " is not a mirror tree (it has no index.html and no"
                    + " .pymirror/manifest.json)");
        }
        try {
            VerifyReport report = new TreeVerifier(tree).verify();
            report.problems().forEach(p -> out.println("problem: " + p));
            String summary = report.projects() + " projects, " + report.files() + " files, "
                    + ByteSizes.format(report.bytes()) + " checked";
            if (report.ok()) {
                out.println("ok: " + summary);
                return CommandLine.ExitCode.OK;
            }
            out.println(report.problems().size() + " problem" + (report.problems().size() == 1 ? "" : "s") + " in "
                    + summary);
            return CommandLine.ExitCode.SOFTWARE;
        } catch (IOException e) {
            err.println("pymirror verify: cannot read " + dir + ": " + e.getMessage());
            return CommandLine.ExitCode.SOFTWARE;
        }
    }
}
