package dev.pymirror.cli;

import dev.pymirror.inject.ImageRoot;
import dev.pymirror.inject.InjectPlan;
import dev.pymirror.inject.Injector;
import dev.pymirror.inject.Report;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pymirror inject}: points the Python clients of an image root at the mirror. */
@Command(
        name = "inject",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Points pip, uv and easy_install inside an image root at the mirror, for an image build.",
            "",
            "Writes DIR/etc/pip.conf (index-url, extra-index-url, trusted-host for every plain-http index, "
                    + "retries), DIR/etc/uv/uv.toml (the indexes in order, the last one the default) and "
                    + "DIR/root/.pydistutils.cfg (the last mirror), replacing pip's and uv's other configuration "
                    + "files where the root has them; bind-mounts the mirror directory read-only at DIR/tmp/pypi; "
                    + "and keeps a record of every change and a copy of every replaced file in "
                    + "DIR/var/lib/pymirror, from which 'pymirror eject' restores the root exactly.",
            "",
            "Indexes, as diskimage-builder's pypi element reads them: DIB_PYPI_MIRROR_URL, then "
                    + "DIB_PYPI_MIRROR_URL_<suffix> in string order (_10 before _2), then the deprecated "
                    + "PYPI_MIRROR_URL*; file:///tmp/pypi when none is set; then the official index unless "
                    + "DIB_OFFLINE or DIB_NO_PYPI_PIP is set. DIB_PIP_RETRIES sets pip's retries. Each option "
                    + "below overrides its variable.",
            ""
        },
        footer = {
            "",
            "Exit status: 0 injected; 1 failed (already injected, not root for a mount, a file could not be "
                    + "written; the root is left as it was); 2 usage error.",
            "",
            "Example:",
            "  export DIB_PYPI_MIRROR_URL=http://mirror.internal/simple",
            "  pymirror inject --root /tmp/image --offline",
            "  chroot /tmp/image pip install -r /requirements.txt",
            "  pymirror eject --root /tmp/image"
        })
final class InjectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--root", required = true, paramLabel = "DIR", description = "The image root to prepare.")
    Path root;

    @Mixin
    InjectOptions options = new InjectOptions();

    private final Map<String, String> environment;

    InjectCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return Failures.report("inject", err, () -> {
            ImageRoot image = ImageRoot.open(root);
            List<String> notes = new ArrayList<>();
            InjectPlan plan = options.plan(environment, List.of(), notes);
            Report report = new Injector().inject(image, plan);
            notes.forEach(n -> err.println("pymirror inject: note: " + n));
            report.warnings().forEach(w -> err.println("pymirror inject: warning: " + w));
            out.println("injected " + image + ":");
            report.actions().forEach(a -> out.println("  " + a));
            out.println("indexes: " + String.join(" ", plan.settings().indexes().all().stream()
                    .map(Object::toString).toList()));
            out.println("undo with: pymirror eject --root " + image);
            return 0;
        });
    }
}
