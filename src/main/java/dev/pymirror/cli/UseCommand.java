package dev.pymirror.cli;

import dev.pymirror.inject.ImageRoot;
import dev.pymirror.inject.Report;
import dev.pymirror.use.ClientUse;
import dev.pymirror.use.UseScope;
import dev.pymirror.use.UseTarget;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pymirror use}: points this user's (or the machine's) Python clients at a pymirror server. */
@Command(
        name = "use",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Points pip, uv, pdm and twine at a pymirror server, as 'devpi use --set-cfg' does: writes "
                    + "~/.config/pip/pip.conf (index-url, trusted-host for plain http), ~/.config/uv/uv.toml "
                    + "(the default index), ~/.config/pdm/config.toml (pypi.url) and ~/.pypirc (a 'pymirror' "
                    + "repository for 'twine upload -r pymirror') and ~/.config/pypoetry/config.toml (the same "
                    + "repository for 'poetry publish -r pymirror'), each file whole. With --system: /etc/pip.conf "
                    + "and /etc/uv/uv.toml. poetry 1.x keeps sources per project: the line to run is printed.",
            "",
            "Every file that was there is kept, and 'pymirror use --undo' puts it back byte for byte with "
                    + "its mode and time, and removes what use made (the record is in "
                    + "~/.local/state/pymirror, or /var/lib/pymirror with --system).",
            ""
        },
        footer = {
            "",
            "Exit status: 0 done; 1 failed (an earlier use not undone, a file could not be written); 2 usage error.",
            "",
            "Example:",
            "  pymirror use http://mirror.internal:3141/ --index main",
            "  pip install requests            # from http://mirror.internal:3141/main/simple/",
            "  twine upload -r pymirror dist/* # to http://mirror.internal:3141/main/",
            "  pymirror use --undo"
        })
final class UseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "URL", description = "The server's root URL, such as http://host:3141/.")
    String url;

    @Option(names = "--index", paramLabel = "NAME", description = "The index to use (default: the server's default index).")
    String index;

    @Option(names = "--system", description = "Write the machine's files (/etc) instead of this user's.")
    boolean system;

    @Option(names = "--root", paramLabel = "DIR",
            description = "With --system: the machine's root to write in (default /), such as a chroot's.")
    Path systemRoot;

    @Option(names = "--print", description = "Write nothing; print the settings as environment variables instead.")
    boolean print;

    @Option(names = "--undo", description = "Put back every file an earlier 'pymirror use' changed.")
    boolean undo;

    private final Map<String, String> environment;

    UseCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return Failures.report("use", err, () -> {
            if (undo == (url != null) || (undo && (print || index != null))) {
                throw new IllegalArgumentException(undo ? "--undo takes no URL, --index or --print"
                        : "give the server's URL, or --undo");
            }
            if (systemRoot != null && !system) {
                throw new IllegalArgumentException("--root is the machine's root: give it with --system");
            }
            UseScope scope = system ? UseScope.SYSTEM : UseScope.USER;
            ClientUse use = new ClientUse(scope);
            if (undo) {
                ImageRoot root = root();
                Report report = use.undo(root);
                if (report.actions().isEmpty()) {
                    // The ejector's words are inject's; say it in use's.
                    err.println("pymirror use: nothing to undo: " + root.describe(scope.layout().record())
                            + " does not exist");
                    return 0;
                }
                report.warnings().forEach(w -> err.println("pymirror use: warning: " + w));
                out.println("put back " + root + ":");
                report.actions().forEach(a -> out.println("  " + a));
                return 0;
            }
            UseTarget target = UseTarget.of(url, index);
            if (print) {
                ClientUse.environment(target).forEach(out::println);
                return 0;
            }
            ImageRoot root = root();
            Report report = use.apply(root, target, undoCommand());
            out.println("pointed the clients at " + target.indexUrl() + " (uploads: " + target.uploadUrl() + "):");
            report.actions().forEach(a -> out.println("  " + a));
            ClientUse.notes(target).forEach(n -> err.println("pymirror use: note: " + n));
            out.println("undo with: " + undoCommand());
            return 0;
        });
    }

    private String undoCommand() {
        return "pymirror use --undo" + (system ? " --system" : "") + (systemRoot != null ? " --root " + systemRoot : "");
    }

    /** The home directory (HOME, as the clients find it) or the machine's root. */
    private ImageRoot root() {
        if (system) {
            return ImageRoot.open(systemRoot == null ? Path.of("/") : systemRoot);
        }
        String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
        if (home == null || home.isBlank()) {
            throw new IllegalArgumentException("HOME is not set: there is no user's configuration to write");
        }
        return ImageRoot.open(Path.of(home));
    }
}
