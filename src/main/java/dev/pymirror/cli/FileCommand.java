package dev.pymirror.cli;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.dist.DistributionFilename;
import dev.pymirror.packaging.dist.InvalidFilenameException;
import dev.pymirror.packaging.version.Version;
import dev.pymirror.server.config.ConfigException;
import dev.pymirror.server.config.HostedConfig;
import dev.pymirror.server.config.IndexCatalog;
import dev.pymirror.server.config.IndexConfig;
import dev.pymirror.server.config.NoSuchIndexException;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.server.hosted.HostedFile;
import dev.pymirror.server.hosted.HostedIndex;
import dev.pymirror.server.index.WriteRefused;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pymirror file list|yank|unyank|delete}: the files of a hosted index, changed where the
 * server keeps them, the data directory or the bucket (a running server shows the change on the next
 * request; every node sharing the bucket within a second). The same is
 * possible over HTTP: {@code POST /<index>/files/<project>/<file>?action=yank}, {@code DELETE ...}.
 */
@Command(
        name = "file",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "List, yank, unyank or delete files of a hosted index, in the server's data directory or bucket.",
            "",
            "A file is named by its file name, or all files of a version as PROJECT==VERSION.",
            "A running server shows the change on the next request.",
            ""
        })
final class FileCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("pymirror file: a sub-command is required");
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the files of a hosted index.")
    int list(@Mixin DataOptions data,
            @Parameters(index = "0", paramLabel = "INDEX") String index,
            @Parameters(index = "1", arity = "0..1", paramLabel = "PROJECT") String project) {
        if (project != null && !ProjectName.isValid(project)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "'" + project + "' is not a project name");
        }
        return run("list", data, index, hosted -> {
            List<ProjectName> projects = project == null ? hosted.projectNames() : List.of(ProjectName.of(project));
            for (ProjectName p : projects) {
                for (HostedFile f : hosted.files(p)) {
                    out().println(f.filename() + "  " + f.size() + " bytes  sha256=" + f.sha256() + "  by "
                            + f.uploader() + " at " + f.uploaded()
                            + (f.yanked() == null ? "" : "  YANKED" + (f.yanked().isEmpty() ? "" : ": " + f.yanked())));
                }
            }
        });
    }

    @Command(name = "yank", mixinStandardHelpOptions = true,
            description = "Yank files: pip skips them unless a requirement pins their version with ==.")
    int yank(@Mixin DataOptions data,
            @Parameters(index = "0", paramLabel = "INDEX") String index,
            @Parameters(index = "1", paramLabel = "FILE|PROJECT==VERSION") String target,
            @Option(names = "--reason", paramLabel = "TEXT", description = "Why, shown by pip.") String reason) {
        Target t = target(target);
        return run("yank", data, index, hosted -> {
            for (HostedFile f : t.files(hosted)) {
                hosted.yank(t.project(), f.filename(), reason);
                out().println("yanked " + f.filename());
            }
        });
    }

    @Command(name = "unyank", mixinStandardHelpOptions = true, description = "Take the yank mark off files.")
    int unyank(@Mixin DataOptions data,
            @Parameters(index = "0", paramLabel = "INDEX") String index,
            @Parameters(index = "1", paramLabel = "FILE|PROJECT==VERSION") String target) {
        Target t = target(target);
        return run("unyank", data, index, hosted -> {
            for (HostedFile f : t.files(hosted)) {
                hosted.unyank(t.project(), f.filename());
                out().println("unyanked " + f.filename());
            }
        });
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete files and their metadata.")
    int delete(@Mixin DataOptions data,
            @Parameters(index = "0", paramLabel = "INDEX") String index,
            @Parameters(index = "1", paramLabel = "FILE|PROJECT==VERSION") String target) {
        Target t = target(target);
        return run("delete", data, index, hosted -> {
            for (HostedFile f : t.files(hosted)) {
                hosted.delete(t.project(), f.filename());
                out().println("deleted " + f.filename());
            }
        });
    }

    /** One file by name, or every file of a version. */
    private record Target(ProjectName project, String filename, Version version) {
        List<HostedFile> files(HostedIndex hosted) throws IOException, WriteRefused {
            List<HostedFile> files = hosted.files(project).stream()
                    .filter(f -> filename != null ? f.filename().equals(filename) : version.equals(Version.parseOrNull(f.version())))
                    .toList();
            if (files.isEmpty()) {
                throw new WriteRefused(404, "index '" + hosted.name() + "' has no file " + (filename != null
                        ? "'" + filename + "'" : "of " + project.normalized() + " " + version));
            }
            return files;
        }
    }

    private Target target(String text) {
        int eq = text.indexOf("==");
        if (eq >= 0) {
            String project = text.substring(0, eq).strip();
            Version version = Version.parseOrNull(text.substring(eq + 2).strip());
            if (!ProjectName.isValid(project) || version == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "'" + text
                        + "' is neither a file name nor PROJECT==VERSION");
            }
            return new Target(ProjectName.of(project), null, version);
        }
        try {
            return new Target(DistributionFilename.parse(text).name(), text, null);
        } catch (InvalidFilenameException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "'" + text
                    + "' is neither a distribution file name nor PROJECT==VERSION: " + e.getMessage());
        }
    }

    private interface Action {
        void run(HostedIndex hosted) throws IOException, WriteRefused;
    }

    private int run(String command, DataOptions data, String indexName, Action action) {
        String prefix = "pymirror file " + command + ": ";
        ServerConfig config;
        try {
            config = new IndexCatalog(data.config()).merged();
        } catch (NoSuchIndexException e) {
            spec.commandLine().getErr().println(prefix + e.getMessage() + " (" + data.indexSources(data.config()) + ")");
            return 2;
        } catch (ConfigException e) {
            spec.commandLine().getErr().println(prefix + e.getMessage());
            return 2;
        }
        IndexConfig index = config.indexes().get(indexName);
        if (!(index instanceof HostedConfig hosted)) {
            spec.commandLine().getErr().println(prefix + (index == null ? "there is no index '" + indexName
                    + "'; indexes: " + String.join(", ", config.indexes().keySet()) + " (" + data.indexSources(config) + ")"
                    : "index '" + indexName + "' is a " + index.kind() + " index; only hosted indexes have files to change"));
            return 2;
        }
        try {
            if (!command.equals("list")) {
                DataDirectoryUser.checkMayChange(config.dataDir(), "file " + command);
            }
            try (ServerStorage storage = ServerStorage.open(config)) {
                action.run(HostedIndex.open(hosted, storage.bucket(), config.dataDir().resolve(indexName),
                        Clock.systemUTC()));
            }
            out().flush();
            return 0;
        } catch (WriteRefused | IOException | ConfigException e) {
            spec.commandLine().getErr().println(prefix + e.getMessage());
            return 1;
        }
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
