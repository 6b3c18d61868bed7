package dev.pymirror.cli;

import dev.pymirror.bundle.BundleImport;
import dev.pymirror.bundle.ImportReport;
import dev.pymirror.bundle.TrustedKeys;
import dev.pymirror.sync.progress.ByteSizes;
import dev.pymirror.sync.tree.TreeLock;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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
                + " follows."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:imported (or TREE already was this bundle's)", "1:refused or failed; TREE unchanged",
            "2:usage error"})
final class BundleImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The bundle.")
    Path bundle;

    @Option(names = "--into", required = true, paramLabel = "TREE", description = "The tree to replace or make.")
    Path into;

    @Option(names = "--trust", required = true, paramLabel = "PUBLIC_KEY",
            description = "A public key file (one key a line) or a 'pymirror-ed25519 ...' line; repeatable.")
    List<String> trust;

    @Override
    public Integer call() {
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
}
