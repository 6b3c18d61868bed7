package dev.pymirror.cli;

import dev.pymirror.inject.Ejector;
import dev.pymirror.inject.ImageRoot;
import dev.pymirror.inject.Report;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pymirror eject}: undoes {@code pymirror inject} from the record inside the root. */
@Command(
        name = "eject",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = {
            "Undoes 'pymirror inject' on an image root from the record it left in DIR/var/lib/pymirror: "
                    + "unmounts the mirror, restores every replaced file byte for byte with its mode, owner, group "
                    + "and time, removes every file and directory inject made, then its record.",
            "",
            "Safe to repeat: after a crashed build (record left, mount maybe still there), after an "
                    + "interrupted eject, or on a root already ejected (nothing to do). A record that does not "
                    + "match the root is refused before anything changes.",
            ""
        },
        footer = {
            "",
            "Exit status: 0 ejected or nothing to eject; 1 failed (record does not match the root, a mount is "
                    + "busy, not root for an unmount; run eject again once fixed); 2 usage error."
        })
final class EjectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--root", required = true, paramLabel = "DIR", description = "The image root to restore.")
    Path root;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return Failures.report("eject", err, () -> {
            ImageRoot image = ImageRoot.open(root);
            Report report = new Ejector().eject(image);
            report.warnings().forEach(w -> err.println("pymirror eject: " + (report.actions().isEmpty() ? "" : "warning: ") + w));
            if (!report.actions().isEmpty()) {
                out.println("ejected " + image + ":");
                report.actions().forEach(a -> out.println("  " + a));
            }
            return 0;
        });
    }
}
