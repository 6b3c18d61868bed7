package dev.pymirror.cli;

import dev.pymirror.sync.tree.MirrorTree;
import dev.pymirror.sync.tree.TreeLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code pymirror bundle keygen|create|import|verify|show}: a synced tree carried to a site without network. */
@Command(
        name = "bundle",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        subcommands = {BundleKeygenCommand.class, BundleCreateCommand.class, BundleImportCommand.class,
            BundleVerifyCommand.class, BundleShowCommand.class},
        description = {
            "Carry a synced tree or a server's index to an air-gapped site as one signed file: keygen makes the"
                    + " Ed25519 key, create"
                    + " bundles a tree (all of it, or --since a previous bundle only what is new), import checks the"
                    + " signature and every hash and swaps the new tree in whole.",
            ""
        })
final class BundleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("pymirror bundle: a sub-command is required");
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /**
     * The sync's own hold on a tree, so that a bundle never reads or replaces a tree a sync is
     * writing; none for a directory that is no synced tree (or that this user cannot lock).
     */
    static TreeLock lockIfSynced(Path tree) throws IOException {
        Path state = tree.resolve(MirrorTree.STATE_DIR);
        if (Files.isDirectory(state) && Files.isWritable(state)) {
            return new MirrorTree(tree).lock();
        }
        return null;
    }
}
