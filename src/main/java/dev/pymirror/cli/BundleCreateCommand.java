package dev.pymirror.cli;

import dev.pymirror.bundle.BundleWriter;
import dev.pymirror.bundle.CreateReport;
import dev.pymirror.bundle.SigningKey;
import dev.pymirror.sync.progress.ByteSizes;
import dev.pymirror.sync.tree.TreeLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pymirror bundle create}: one signed file holding a tree. */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Bundle a synced tree into one file: a tar of a manifest (every path, size and SHA-256),"
                + " its Ed25519 signature and each file's content once, named by its SHA-256. The same tree, key"
                + " and base give the same bytes. With --since, only the contents the previous bundle's tree"
                + " lacks; the manifest still describes the whole tree."})
final class BundleCreateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "TREE", description = "The tree (what pymirror sync wrote).")
    Path from;

    @Option(names = "--key", required = true, paramLabel = "PRIVATE_KEY", description = "The key bundle keygen wrote.")
    Path key;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The bundle to write.")
    Path out;

    @Option(names = "--since", paramLabel = "BUNDLE_OR_MANIFEST",
            description = "Make an incremental bundle over this previous bundle (or its manifest.json).")
    Path since;

    @Override
    public Integer call() {
        return Failures.report("bundle create", spec.commandLine().getErr(), () -> {
            if (!Files.isDirectory(from)) {
                throw new IllegalArgumentException("--from " + from + " is not a directory");
            }
            if (out.toAbsolutePath().normalize().startsWith(from.toAbsolutePath().normalize())) {
                // The next bundle of the tree would carry this one.
                throw new IllegalArgumentException("--out " + out + " is inside the tree it bundles");
            }
            SigningKey signing = SigningKey.read(key);
            CreateReport r;
            try (TreeLock lock = BundleCommand.lockIfSynced(from)) {
                r = new BundleWriter(signing).create(from, since, out);
            }
            spec.commandLine().getOut().println("bundled " + r.files() + " files (" + ByteSizes.format(r.treeBytes())
                    + ") of " + from + " into " + out + ": " + r.objects() + " objects, "
                    + ByteSizes.format(r.bundleBytes()) + (r.base() == null ? "" : ", over base " + r.base().substring(0, 12))
                    + "; manifest " + r.manifestId().substring(0, 12) + ", signed by " + r.signedBy());
            return 0;
        });
    }
}
