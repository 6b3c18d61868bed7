package dev.pymirror.cli;

import dev.pymirror.bundle.BundleImport;
import dev.pymirror.bundle.ImportReport;
import dev.pymirror.bundle.Manifest;
import dev.pymirror.bundle.TrustedKeys;
import dev.pymirror.server.config.HostedConfig;
import dev.pymirror.server.config.IndexCatalog;
import dev.pymirror.server.config.IndexConfig;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.server.config.StaticConfig;
import dev.pymirror.server.hosted.HostedImport;
import dev.pymirror.server.hosted.HostedIndex;
import dev.pymirror.server.snapshot.BucketSnapshots;
import dev.pymirror.server.snapshot.SnapshotInfo;
import dev.pymirror.server.snapshot.SnapshotStore;
import dev.pymirror.server.tree.StaticIndex;
import dev.pymirror.store.DirectoryTree;
import dev.pymirror.sync.progress.ByteSizes;
import dev.pymirror.sync.tree.TreeLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pymirror bundle import}: a verified bundle's tree, swapped in whole. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import a bundle into TREE: the signature is checked against the trusted keys and every"
                + " file's SHA-256 as it is extracted into a directory beside TREE; only then is the new tree"
                + " swapped in. A failure or a crash leaves TREE as it was; running the import again goes on"
                + " from the objects already verified. An incremental bundle needs TREE to hold the bundle it"
                + " follows.",
            "With --into-index (and the server's --config/--data), the bundle's files are added to that hosted"
                    + " index as uploads are (checked, create-only), keeping their upload times and yanks; with"
                    + " --into-snapshot, the bundle's tree becomes a new snapshot. Either way the whole bundle is"
                    + " verified first, and a running server shows the result whole on its next request: a crash"
                    + " leaves the index as it was, and importing the same bundle again finishes the import."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:imported (or TREE already was this bundle's)", "1:refused or failed; TREE unchanged",
            "2:usage error"})
final class BundleImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The bundle.")
    Path bundle;

    @Option(names = "--into", paramLabel = "TREE", description = "The tree to replace or make.")
    Path into;

    @Option(names = "--into-index", paramLabel = "INDEX",
            description = "A hosted index of the server to add the files to.")
    String intoIndex;

    @Option(names = "--into-snapshot", paramLabel = "NAME", description = "A new snapshot of the server to make.")
    String intoSnapshot;

    @Mixin
    DataOptions data;

    @Option(names = "--trust", required = true, paramLabel = "PUBLIC_KEY",
            description = "A public key file (one key a line) or a 'pymirror-ed25519 ...' line; repeatable.")
    List<String> trust;

    @Override
    public Integer call() {
        int targets = (into == null ? 0 : 1) + (intoIndex == null ? 0 : 1) + (intoSnapshot == null ? 0 : 1);
        if (targets != 1) {
            spec.commandLine().getErr().println("pymirror bundle import: give one of --into TREE, --into-index INDEX"
                    + " and --into-snapshot NAME");
            return 2;
        }
        if (intoSnapshot != null) {
            return data.edit(spec.commandLine(), "bundle import", this::intoSnapshot);
        }
        if (intoIndex != null) {
            return data.edit(spec.commandLine(), "bundle import", this::intoIndex);
        }
        return Failures.report("bundle import", spec.commandLine().getErr(), () -> {
            TrustedKeys keys = TrustedKeys.read(trust);
            ImportReport r;
            try (TreeLock lock = BundleCommand.lockIfSynced(into)) {
                r = new BundleImport(keys, BundleImport.Listener.NONE).importInto(bundle, into);
            }
            var o = spec.commandLine().getOut();
            if (r.unchanged()) {
                o.println(into + " already holds manifest " + r.manifestId().substring(0, 12) + ": nothing to do");
            } else {
                o.println("imported " + r.files() + " files (" + ByteSizes.format(r.bytes()) + ") into " + into
                        + ": " + r.extracted() + " objects extracted, " + r.resumed() + " already staged, "
                        + r.fromBase() + " from the base; manifest " + r.manifestId().substring(0, 12)
                        + ", signed by " + r.signedBy());
            }
            return 0;
        });
    }

    /**
     * The bundle's tree, imported (verified, resumable) into the snapshot store's pending folder for
     * NAME, then published as the snapshot by one rename.
     */
    private void intoSnapshot(ServerConfig config) throws Exception {
        TrustedKeys keys = TrustedKeys.read(trust);
        SnapshotStore store = new SnapshotStore(config.dataDir());
        // An incremental bundle's base is the snapshot an earlier bundle import made of it.
        BundleImport.BaseTrees earlier = id -> {
            for (SnapshotInfo s : store.list()) {
                Path record = BundleImport.recordedManifest(store.tree(s.name()));
                if (Files.isRegularFile(record) && Manifest.idOf(Files.readAllBytes(record)).equals(id)) {
                    return Optional.of(store.tree(s.name()));
                }
            }
            return Optional.empty();
        };
        ImportReport r;
        try {
            r = new BundleImport(keys, BundleImport.Listener.NONE).importInto(bundle, store.pendingTree(intoSnapshot),
                    earlier);
        } catch (java.io.IOException e) {
            store.dropPending(intoSnapshot); // unless a truncated copy left verified files to go on from
            throw e;
        }
        SnapshotInfo s;
        if (config.storage().local()) {
            s = store.publish(intoSnapshot, "bundle " + r.manifestId().substring(0, 12), "bundle", Clock.systemUTC());
        } else {
            s = intoBucket(config, store, r);
        }
        var o = spec.commandLine().getOut();
        o.println("imported " + r.files() + " files (" + ByteSizes.format(r.bytes()) + ") as snapshot '" + s.name()
                + "': " + s.projects() + " projects, " + s.files() + " files; manifest "
                + r.manifestId().substring(0, 12) + ", signed by " + r.signedBy());
        o.println("served at /+snapshot/" + s.name() + "/simple/");
    }

    /**
     * With a bucket the nodes' snapshots are there: the verified tree is frozen into it as a
     * bucket's snapshot is (its files copied, then its manifest), then the pending folder goes. A
     * rerun after a crash goes on from the verified tree.
     */
    private SnapshotInfo intoBucket(ServerConfig config, SnapshotStore store, ImportReport r) throws Exception {
        Path pending = store.pendingTree(intoSnapshot);
        Path scratch = Files.createTempDirectory(pending.getParent(), ".~metadata-");
        try (ServerStorage storage = ServerStorage.open(config)) {
            SnapshotInfo s = new BucketSnapshots(storage.bucket()).create(intoSnapshot,
                    new StaticIndex(StaticConfig.of("bundle", pending), scratch),
                    "bundle " + r.manifestId().substring(0, 12), "bundle", false, Clock.systemUTC());
            DirectoryTree.delete(pending.getParent());
            return s;
        } finally {
            DirectoryTree.delete(scratch);
        }
    }

    /**
     * The bundle's tree, imported (verified, resumable) into {@code <data>/.bundle-imports/INDEX/simple},
     * then each of its files added to the index as an upload. The tree is kept there: an incremental
     * bundle's base, and what a rerun after a crash goes on from.
     */
    private void intoIndex(ServerConfig config) throws Exception {
        ServerConfig merged = new IndexCatalog(config).merged();
        IndexConfig c = merged.indexes().get(intoIndex);
        if (!(c instanceof HostedConfig hosted)) {
            throw new dev.pymirror.server.config.ConfigException(c == null ? "there is no index '" + intoIndex
                    + "'; indexes: " + String.join(", ", merged.indexes().keySet())
                    : "index '" + intoIndex + "' is a " + c.kind()
                            + " index; bundles are imported into hosted indexes");
        }
        TrustedKeys keys = TrustedKeys.read(trust);
        Path dir = merged.dataDir().resolve(intoIndex);
        // Beside the indexes (no index's name starts with a dot), not in the index's own storage.
        Path imports = Files.createDirectories(merged.dataDir().resolve(".bundle-imports").resolve(intoIndex));
        Path tree = imports.resolve("simple");
        ImportReport r = new BundleImport(keys, BundleImport.Listener.NONE).importInto(bundle, tree);
        HostedImport.Report added;
        Path scratch = Files.createTempDirectory(imports, ".~metadata-");
        try (ServerStorage storage = ServerStorage.open(merged)) {
            HostedIndex index = HostedIndex.open(hosted, storage.bucket(), dir, Clock.systemUTC());
            added = HostedImport.copy(new StaticIndex(StaticConfig.of("bundle-" + r.manifestId().substring(0, 12),
                    tree), scratch), index, "bundle " + r.manifestId().substring(0, 12), r.manifestId());
        } finally {
            DirectoryTree.delete(scratch);
        }
        spec.commandLine().getOut().println("imported " + r.files() + " files (" + ByteSizes.format(r.bytes())
                + ") into index '" + intoIndex + "': " + added.added() + " added, " + added.same()
                + " already there with the same bytes; manifest " + r.manifestId().substring(0, 12) + ", signed by "
                + r.signedBy());
    }
}
