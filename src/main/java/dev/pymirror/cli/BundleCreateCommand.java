package dev.pymirror.cli;

import dev.pymirror.bundle.BundleWriter;
import dev.pymirror.bundle.CreateReport;
import dev.pymirror.bundle.SigningKey;
import dev.pymirror.server.PymirrorServer;
import dev.pymirror.server.snapshot.SnapshotStore;
import dev.pymirror.sync.progress.ByteSizes;
import dev.pymirror.sync.tree.TreeLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pymirror bundle create}: one signed file holding a tree. */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Bundle a synced tree into one file: a tar of a manifest (every path, size and SHA-256),"
                + " its Ed25519 signature and each file's content once, named by its SHA-256. The same tree, key"
                + " and base give the same bytes. With --since, only the contents the previous bundle's tree"
                + " lacks; the manifest still describes the whole tree.",
            "With --index (and the server's --config/--data), the tree is what that index serves now, as"
                    + " pymirror snapshot create would freeze it: a mirror's cached pages and files, a hosted"
                    + " index's files with their metadata, upload times and yanks."})
final class BundleCreateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--from", paramLabel = "TREE",
            description = "The tree (what pymirror sync wrote, or a snapshot's).")
    Path from;

    @Option(names = "--index", paramLabel = "INDEX",
            description = "Bundle what this index of the server serves now, instead of a tree.")
    String index;

    @Mixin
    DataOptions data;

    @Option(names = "--key", required = true, paramLabel = "PRIVATE_KEY", description = "The key bundle keygen wrote.")
    Path key;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The bundle to write.")
    Path out;

    @Option(names = "--since", paramLabel = "BUNDLE_OR_MANIFEST",
            description = "Make an incremental bundle over this previous bundle (or its manifest.json).")
    Path since;

    @Override
    public Integer call() {
        if ((from == null) == (index == null)) {
            spec.commandLine().getErr().println("pymirror bundle create: give either --from TREE or --index INDEX");
            return 2;
        }
        if (index != null) {
            // What the index serves now, written as a snapshot's tree into a staging folder of the
            // data directory (hard links, no copy), bundled, then removed.
            // edit, not read: the staging folder (and .snapshots/.lock) must stay the server user's.
            return data.edit(spec.commandLine(), "bundle create", config -> {
                SigningKey signing = SigningKey.read(key);
                var served = PymirrorServer.openIndex(config, index);
                try (SnapshotStore.Staged staged = new SnapshotStore(config.dataDir()).stage(served)) {
                    report(new BundleWriter(signing).create(staged.tree(), since, out), "index '" + index + "'");
                }
            });
        }
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
            report(r, from.toString());
            return 0;
        });
    }

    private void report(CreateReport r, String source) {
        spec.commandLine().getOut().println("bundled " + r.files() + " files (" + ByteSizes.format(r.treeBytes())
                + ") of " + source + " into " + out + ": " + r.objects() + " objects, "
                + ByteSizes.format(r.bundleBytes()) + (r.base() == null ? "" : ", over base " + r.base().substring(0, 12))
                + "; manifest " + r.manifestId().substring(0, 12) + ", signed by " + r.signedBy());
    }
}
