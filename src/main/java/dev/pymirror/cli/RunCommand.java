package dev.pymirror.cli;

import dev.pymirror.inject.ChrootRunner;
import dev.pymirror.inject.ImageRoot;
import dev.pymirror.inject.InjectPlan;
import dev.pymirror.inject.InvalidSettingException;
import dev.pymirror.inject.Report;
import dev.pymirror.inject.SystemMount;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pymirror run}: inject, run one command in a chroot of the root, eject. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Injects an image root (as 'pymirror inject'), runs CMD in a chroot of it, and ejects it (as "
                    + "'pymirror eject') whatever CMD does: on success, on failure, and when pymirror gets "
                    + "SIGINT or SIGTERM (CMD and what it started are stopped first).",
            "",
            "CMD gets a clean environment: PATH=" + ChrootRunner.PATH + ", HOME=/root, LANG=C.UTF-8, TERM, and "
                    + "what --env adds; nothing else from the host (its PIP_* and UV_* variables would override "
                    + "the configuration written). /proc, /sys (read-only) and /dev are mounted for CMD. Needs root.",
            "",
            "Everything after the first argument that is not an option (or after --) is CMD. pymirror's own "
                    + "messages go to standard error.",
            ""
        },
        footer = {
            "",
            "Exit status: CMD's (128 + N when signal N ended it; 130 or 143 when pymirror itself was interrupted "
                    + "or terminated, after ejecting); 1 when pymirror failed (CMD did not run, or ejecting after it "
                    + "failed); 2 usage error.",
            "",
            "Example:",
            "  pymirror run --root /tmp/image --offline --break-system-packages \\",
            "      -- pip install -r /requirements.txt"
        })
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--root", required = true, paramLabel = "DIR", description = "The image root to run CMD in.")
    Path root;

    @Mixin
    InjectOptions options = new InjectOptions();

    @Option(names = "--env", paramLabel = "NAME=VALUE", description = "Add a variable to CMD's environment; repeatable.")
    List<String> env = new ArrayList<>();

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "The command and its arguments, as inside the root.")
    List<String> command = new ArrayList<>();

    private final Map<String, String> environment;

    RunCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        return Failures.report("run", err, () -> {
            ImageRoot image = ImageRoot.open(root);
            Map<String, String> extra = parseEnv(env);
            List<String> notes = new ArrayList<>();
            InjectPlan plan = options.plan(environment, List.of(SystemMount.values()), notes);
            notes.forEach(n -> err.println("pymirror run: note: " + n));
            ChrootRunner.Listener listener = new ChrootRunner.Listener() {
                @Override
                public void injected(Report report) {
                    report.warnings().forEach(w -> err.println("pymirror run: warning: " + w));
                    err.println("pymirror run: injected " + image + " (" + report.actions().size() + " changes); running "
                            + String.join(" ", command));
                    err.flush();
                }

                @Override
                public void ejected(Report report) {
                    report.warnings().forEach(w -> err.println("pymirror run: warning: " + w));
                    err.println("pymirror run: ejected " + image);
                    err.flush();
                }

                @Override
                public void ejectFailed(Exception e) {
                    err.println("pymirror run: ejecting " + image + " failed: " + e.getMessage()
                            + "; run 'pymirror eject --root " + image + "' once the cause is fixed");
                    err.flush();
                }
            };
            return new ChrootRunner().run(image, plan, command, environment, extra, listener);
        });
    }

    private static Map<String, String> parseEnv(List<String> pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new InvalidSettingException("--env " + pair + ": write NAME=VALUE");
            }
            String name = pair.substring(0, eq);
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new InvalidSettingException("--env " + pair + ": '" + name + "' is not a variable name");
            }
            out.put(name, pair.substring(eq + 1));
        }
        return out;
    }
}
