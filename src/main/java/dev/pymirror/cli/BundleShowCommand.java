package dev.pymirror.cli;

import dev.pymirror.bundle.BundleFile;
import dev.pymirror.bundle.BundleReader;
import dev.pymirror.bundle.Manifest;
import dev.pymirror.sync.progress.ByteSizes;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pymirror bundle show}: what a bundle says it holds, unverified. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Print what a bundle's manifest says: its id, base, signer, files and the objects it carries."
                + " Nothing is verified: use bundle verify."})
final class BundleShowCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The bundle.")
    Path bundle;

    @Option(names = "--files", description = "List every file: size, SHA-256, path, and '+' when the bundle carries it.")
    boolean files;

    @Override
    public Integer call() {
        return Failures.report("bundle show", spec.commandLine().getErr(), () -> {
            try (BundleReader r = BundleReader.open(bundle)) {
                Manifest m = r.manifest();
                var o = spec.commandLine().getOut();
                o.println("manifest:  " + r.manifestId());
                o.println("base:      " + (m.base() == null ? "none (a full bundle)" : m.base()));
                o.println("signed by: " + r.signature().fingerprint() + " (not verified)");
                o.println("tree:      " + m.files().size() + " files, " + ByteSizes.format(m.totalBytes()));
                o.println("carries:   " + m.objects().size() + " objects");
                if (files) {
                    Set<String> carried = Set.copyOf(m.objects());
                    for (BundleFile f : m.files()) {
                        o.printf("%s %12d %s %s%n", carried.contains(f.sha256()) ? "+" : " ", f.size(), f.sha256(), f.path());
                    }
                }
            }
            return 0;
        });
    }
}
