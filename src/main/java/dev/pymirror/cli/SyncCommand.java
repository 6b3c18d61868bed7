package dev.pymirror.cli;

import dev.pymirror.hash.Sha256;
import dev.pymirror.packaging.PackagingException;
import dev.pymirror.packaging.ProjectName;
import dev.pymirror.server.config.MirrorConfig;
import dev.pymirror.sync.MirrorSync;
import dev.pymirror.sync.SyncException;
import dev.pymirror.sync.SyncListener;
import dev.pymirror.sync.SyncReport;
import dev.pymirror.sync.SyncRequest;
import dev.pymirror.sync.config.MirrorsFile;
import dev.pymirror.sync.config.MirrorsFileException;
import dev.pymirror.sync.download.RetryPolicy;
import dev.pymirror.sync.download.SharedFiles;
import dev.pymirror.sync.lock.LockFileException;
import dev.pymirror.sync.progress.ByteSizes;
import dev.pymirror.sync.progress.PlainProgress;
import dev.pymirror.sync.progress.TerminalProgress;
import dev.pymirror.sync.reqfile.RequirementsFileException;
import dev.pymirror.sync.resolve.InstallTarget;
import dev.pymirror.sync.resolve.ResolutionException;
import dev.pymirror.sync.resolve.SdistPolicy;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code pymirror sync}: parses the options, runs {@link MirrorSync}, prints the summary. */
@Command(
        name = "sync",
        mixinStandardHelpOptions = true,
        description = {
            "Build or update a partial mirror: resolve the requirements for every target",
            "(each --python-version with each --platform), download what the tree lacks,",
            "and write a static PEP 503 tree that pip reads as --index-url file://DIR and",
            "any web server serves. With --lock FILE, the files a pylock.toml or uv.lock",
            "names are mirrored as they are, verified by their hashes, without resolving.",
            "The tree is --output DIR, by default",
            "~/.cache/image-create/pypi/mirror.",
            "",
            "Without --python-version or --platform the target is this machine's python3;",
            "without a python3, Python " + LocalInterpreter.DEFAULT_PYTHON + " on manylinux_"
                    + LocalInterpreter.DEFAULT_GLIBC + "_<this machine's architecture>."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the tree is up to date", "1:resolution, upstream or tree failure",
            "2:usage error or unusable requirements file"})
public final class SyncCommand implements Callable<Integer> {

    static final Path DEFAULT_OUTPUT = Path.of(System.getProperty("user.home"), ".cache", "image-create", "pypi", "mirror");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-r", "--requirement"}, paramLabel = "FILE", description = "A requirements file (repeatable).")
    List<Path> requirementFiles = new ArrayList<>();

    @Option(names = {"-c", "--constraint"}, paramLabel = "FILE", description = "A constraints file (repeatable).")
    List<Path> constraintFiles = new ArrayList<>();

    @Option(names = "--lock", paramLabel = "FILE",
            description = "A lock file (PEP 751 pylock.toml, or uv.lock) whose files are mirrored as they are, for"
                    + " the targets its markers allow, without resolving (repeatable).")
    List<Path> lockFiles = new ArrayList<>();

    @Option(names = "--config", paramLabel = "FILE",
            description = "A mirrors file: one [mirror.NAME] table per mirror (output, requirements, locks, roots,"
                    + " targets, upstream), all synced in one run, each file fetched once (see the README).")
    Path mirrorsFile;

    @Parameters(paramLabel = "SPEC", arity = "0..*", description = "Requirements, such as 'requests>=2.31'.")
    List<String> specs = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "The tree to write (see above).")
    Path output = DEFAULT_OUTPUT;

    @Option(names = "--python-version", paramLabel = "X.Y", description = "A target Python version (repeatable).")
    List<String> pythonVersions = new ArrayList<>();

    @Option(names = "--platform", paramLabel = "TAG",
            description = "A target platform tag, such as manylinux_2_28_x86_64 or musllinux_1_2_aarch64 (repeatable).")
    List<String> platforms = new ArrayList<>();

    @Option(names = "--implementation", paramLabel = "IMPL", defaultValue = "cp",
            description = "The interpreter: cp (default), pp, graalpy, ...")
    String implementation;

    @Option(names = "--abi", paramLabel = "ABI", description = "The interpreter's ABI tags (default: the implementation's own).")
    List<String> abis = new ArrayList<>();

    @Option(names = "--upstream", paramLabel = "URL",
            description = "The index to sync from (default: a requirements file's --index-url, else the public index).")
    String upstream;

    @Option(names = "--only-binary", paramLabel = "NAMES", split = ",",
            description = ":all: (the default), :none:, or projects that must be wheels even with --allow-sdist.")
    List<String> onlyBinary = new ArrayList<>();

    @Option(names = "--allow-sdist", paramLabel = "NAMES", arity = "0..1", fallbackValue = ":all:", split = ",",
            description = "Mirror sdists where no wheel fits: for every project, or for the projects named.")
    List<String> allowSdist = new ArrayList<>();

    @Option(names = "--pre", description = "Accept pre-releases everywhere.")
    boolean pre;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", defaultValue = "8", description = "Downloads at once (default 8).")
    int jobs;

    @Option(names = "--prune", description = "Remove files that no target needs any more (files added by hand stay).")
    boolean prune;

    @Option(names = "--no-download", description = "Only rebuild the pages from the files already in the tree.")
    boolean noDownload;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "3",
            description = "Retries of a failed request, with back-off (default 3).")
    int retries;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long to wait for the upstream to connect, answer or send more (default 30).")
    int timeoutSeconds;

    @Option(names = {"-q", "--quiet"}, description = "No progress, only the summary and errors.")
    boolean quiet;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // Every mode hashes files; the first would wait for OpenSSL's SHA-256 to link, and
        // reading the requirements and resolving come first.
        Sha256.prepareInBackground();
        if (noDownload) {
            return rebuild(out, err);
        }
        if (mirrorsFile != null) {
            return syncAll(out, err);
        }
        SyncRequest request = request();
        SyncListener progress = progress(err);
        try {
            SyncReport report = new MirrorSync().sync(request, progress);
            close(progress);
            printSummary(out, report, output);
            return CommandLine.ExitCode.OK;
        } catch (RequirementsFileException | LockFileException e) {
            close(progress);
            err.println("pymirror sync: " + e.getMessage());
            return CommandLine.ExitCode.USAGE;
        } catch (ResolutionException | SyncException e) {
            close(progress);
            err.println("pymirror sync: " + e.getMessage());
            return CommandLine.ExitCode.SOFTWARE;
        }
    }

    /** {@code --config}: every mirror of the file in turn, sharing what each fetched; a failure does not stop the rest. */
    private int syncAll(PrintWriter out, PrintWriter err) {
        CommandLine cli = spec.commandLine();
        if (!requirementFiles.isEmpty() || !constraintFiles.isEmpty() || !specs.isEmpty() || !lockFiles.isEmpty()
                || cli.getParseResult().hasMatchedOption("--output")) {
            throw new ParameterException(cli, "--config FILE names each mirror's inputs and output; give no -r, -c,"
                    + " --lock, --output or SPEC with it");
        }
        List<MirrorsFile.Mirror> mirrors;
        try {
            mirrors = MirrorsFile.read(mirrorsFile, new MirrorsFile.Defaults(template()));
        } catch (MirrorsFileException e) {
            err.println("pymirror sync: " + e.getMessage());
            return CommandLine.ExitCode.USAGE;
        }
        SharedFiles shared = new SharedFiles();
        List<String> failed = new ArrayList<>();
        int usage = 0;
        for (MirrorsFile.Mirror mirror : mirrors) {
            SyncListener progress = progress(err);
            progress.step("mirror " + mirror.name() + " -> " + mirror.request().output());
            try {
                SyncReport report = new MirrorSync().sync(mirror.request(), progress, shared);
                close(progress);
                out.print("[" + mirror.name() + "] ");
                printSummary(out, report, mirror.request().output());
            } catch (RequirementsFileException | LockFileException e) {
                close(progress);
                err.println("pymirror sync: [" + mirror.name() + "] " + e.getMessage());
                failed.add(mirror.name());
                usage++;
            } catch (ResolutionException | SyncException e) {
                close(progress);
                err.println("pymirror sync: [" + mirror.name() + "] " + e.getMessage());
                failed.add(mirror.name());
            }
        }
        if (failed.isEmpty()) {
            return CommandLine.ExitCode.OK;
        }
        err.println("pymirror sync: " + failed.size() + " of " + mirrors.size() + " mirrors failed, and were left as"
                + " they were: " + String.join(", ", failed));
        return usage == failed.size() ? CommandLine.ExitCode.USAGE : CommandLine.ExitCode.SOFTWARE;
    }

    /** The command line's settings, which a mirrors file's mirrors take where they say nothing. */
    private SyncRequest template() {
        checkNumbers();
        return new SyncRequest(List.of(), List.of(), List.of(), targets(), upstreamUrl(), MirrorConfig.DEFAULT_UPSTREAM,
                output, sdistPolicy(), pre, jobs, prune,
                new RetryPolicy(retries + 1, Duration.ofMillis(500), Duration.ofSeconds(8)),
                Duration.ofSeconds(timeoutSeconds), List.of());
    }

    private int rebuild(PrintWriter out, PrintWriter err) {
        if (!requirementFiles.isEmpty() || !constraintFiles.isEmpty() || !specs.isEmpty() || !lockFiles.isEmpty()
                || mirrorsFile != null) {
            throw new ParameterException(spec.commandLine(), "--no-download rebuilds the pages from the files already in"
                    + " the tree; it takes no requirements");
        }
        SyncListener progress = progress(err);
        try {
            SyncReport report = new MirrorSync().rebuildPages(output, progress);
            close(progress);
            out.println("rebuilt the pages of " + output.toAbsolutePath() + ": " + report.projects() + " projects, "
                    + report.filesNeeded() + " files, " + report.pagesWritten() + " pages written, in "
                    + ByteSizes.format(report.elapsed()));
            return CommandLine.ExitCode.OK;
        } catch (SyncException e) {
            close(progress);
            err.println("pymirror sync: " + e.getMessage());
            return CommandLine.ExitCode.SOFTWARE;
        }
    }

    /** The request, every option checked; a {@link ParameterException} names the first bad one. */
    SyncRequest request() {
        CommandLine cli = spec.commandLine();
        if (requirementFiles.isEmpty() && specs.isEmpty() && lockFiles.isEmpty()) {
            throw new ParameterException(cli, "nothing to sync: give requirements with -r FILE or as SPEC arguments,"
                    + " or a lock file with --lock FILE");
        }
        checkNumbers();
        if (Files.exists(output) && !Files.isDirectory(output)) {
            throw new ParameterException(cli, "--output " + output + " is a file, not a directory");
        }
        return new SyncRequest(requirementFiles, constraintFiles, specs, targets(), upstreamUrl(),
                MirrorConfig.DEFAULT_UPSTREAM, output, sdistPolicy(), pre, jobs, prune,
                new RetryPolicy(retries + 1, Duration.ofMillis(500), Duration.ofSeconds(8)),
                Duration.ofSeconds(timeoutSeconds), lockFiles);
    }

    private void checkNumbers() {
        CommandLine cli = spec.commandLine();
        if (jobs < 1 || jobs > 256) {
            throw new ParameterException(cli, "--jobs must be between 1 and 256, not " + jobs);
        }
        if (retries < 0 || retries > 20) {
            throw new ParameterException(cli, "--retries must be between 0 and 20, not " + retries);
        }
        if (timeoutSeconds < 1 || timeoutSeconds > 3600) {
            throw new ParameterException(cli, "--timeout must be between 1 and 3600 seconds, not " + timeoutSeconds);
        }
    }

    private List<InstallTarget> targets() {
        CommandLine cli = spec.commandLine();
        List<String> versions = pythonVersions;
        List<String> tags = platforms;
        if (versions.isEmpty() || tags.isEmpty()) {
            LocalInterpreter local = LocalInterpreter.probe();
            versions = versions.isEmpty() ? List.of(local.pythonVersion()) : versions;
            tags = tags.isEmpty() ? List.of(local.platform()) : tags;
        }
        List<InstallTarget> targets = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String version : versions) {
            for (String platform : tags) {
                try {
                    InstallTarget target = InstallTarget.of(version, platform, implementation, abis);
                    if (names.add(target.name())) {
                        targets.add(target);
                    }
                } catch (PackagingException e) {
                    throw new ParameterException(cli, "--python-version " + version + " --platform " + platform
                            + " --implementation " + implementation + " is not a target: " + e.getMessage());
                }
            }
        }
        return targets;
    }

    private URI upstreamUrl() {
        if (upstream == null) {
            return null;
        }
        try {
            URI url = URI.create(upstream);
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && url.getHost() != null) {
                return url;
            }
        } catch (IllegalArgumentException e) {
            // Reported below, with what is wanted.
        }
        throw new ParameterException(spec.commandLine(), "--upstream '" + upstream
                + "' is not an http(s) URL of an index, such as https://host/simple/");
    }

    private SdistPolicy sdistPolicy() {
        boolean all = false;
        Set<ProjectName> allowed = new HashSet<>();
        Set<ProjectName> denied = new HashSet<>();
        for (String value : allowSdist) {
            switch (value.trim()) {
                case ":all:" -> all = true;
                case ":none:" -> {
                    all = false;
                    allowed.clear();
                }
                default -> allowed.add(projectName("--allow-sdist", value));
            }
        }
        for (String value : onlyBinary) {
            switch (value.trim()) {
                case ":all:" -> {
                    all = false;
                    allowed.clear();
                }
                case ":none:" -> all = true;
                default -> denied.add(projectName("--only-binary", value));
            }
        }
        return new SdistPolicy(all, allowed, denied);
    }

    private ProjectName projectName(String option, String value) {
        try {
            return ProjectName.of(value.trim());
        } catch (PackagingException e) {
            throw new ParameterException(spec.commandLine(), option + " takes :all:, :none: or project names; '"
                    + value + "' is none of them");
        }
    }

    private SyncListener progress(PrintWriter err) {
        if (quiet) {
            return SyncListener.NONE;
        }
        if (onTerminal()) {
            return new TerminalProgress(err, System::nanoTime, columns());
        }
        return new PlainProgress(err);
    }

    /**
     * Whether this process talks to a terminal. From Java 22 a console exists even when the output
     * is redirected, and {@code Console.isTerminal()} (not in Java 21's API) tells the difference.
     */
    static boolean onTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true; // Java 21: a console is only there for a terminal
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    private static int columns() {
        try {
            return Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "100"));
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    private static void close(SyncListener progress) {
        if (progress instanceof TerminalProgress t) {
            t.close();
        }
    }

    private void printSummary(PrintWriter out, SyncReport r, Path output) {
        out.println("synced " + r.projects() + " projects for " + r.packagesPerTarget().size() + " target"
                + (r.packagesPerTarget().size() == 1 ? "" : "s") + " into " + output.toAbsolutePath() + ": "
                + r.filesNeeded() + " files (" + r.filesFetched() + " downloaded, " + r.filesPresent() + " already there"
                + (r.filesPruned() > 0 ? ", " + r.filesPruned() + " pruned" : "") + "), "
                + ByteSizes.format(r.bytesDownloaded()) + " received, " + r.pagesWritten() + " pages written, in "
                + ByteSizes.format(r.elapsed()));
        r.packagesPerTarget().forEach((target, count) -> out.println("  " + target + ": " + count + " packages"));
    }
}
