package dev.pymirror.cli;

import dev.pymirror.bundle.BundleVerifier;
import dev.pymirror.bundle.TrustedKeys;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pymirror bundle verify}: what import checks, without importing. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check a bundle's signature against the trusted keys and every byte of it (each object's"
                + " SHA-256, each header), writing nothing."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the bundle is sound and signed by a trusted key", "1:refused (the reason is printed)",
            "2:usage error"})
final class BundleVerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The bundle.")
    Path bundle;

    @Option(names = "--trust", required = true, paramLabel = "PUBLIC_KEY",
            description = "A public key file (one key a line) or a 'pymirror-ed25519 ...' line; repeatable.")
    List<String> trust;

    @Override
    public Integer call() {
        return Failures.report("bundle verify", spec.commandLine().getErr(), () -> {
            BundleVerifier.Verified v = BundleVerifier.verify(bundle, TrustedKeys.read(trust));
            spec.commandLine().getOut().println("ok: " + bundle + ", manifest " + v.manifestId().substring(0, 12)
                    + ", " + v.manifest().files().size() + " files, " + v.manifest().objects().size()
                    + " objects carried, signed by " + v.signedBy());
            return 0;
        });
    }
}
