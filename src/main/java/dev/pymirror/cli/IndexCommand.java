package dev.pymirror.cli;

import dev.pymirror.upstream.RedactedUrl;
import dev.pymirror.server.config.Audience;
import dev.pymirror.server.config.ConfigException;
import dev.pymirror.server.config.ConfigFile;
import dev.pymirror.server.config.GroupConfig;
import dev.pymirror.server.config.HostedConfig;
import dev.pymirror.server.config.IndexCatalog;
import dev.pymirror.server.config.IndexConfig;
import dev.pymirror.server.config.MirrorConfig;
import dev.pymirror.server.config.StaticConfig;
import dev.pymirror.server.auth.UserName;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pymirror index create|list|delete}: indexes kept in the data directory's
 * {@code indexes.toml}, beside those of the configuration file. A running server serves a new
 * index after a restart.
 */
@Command(
        name = "index",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Manage the indexes of a pymirror server that live in its data directory (indexes.toml), beside"
                    + " those the configuration file declares.",
            "",
            "A running server picks up created or deleted indexes when it is restarted.",
            ""
        })
final class IndexCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("pymirror index: a sub-command is required");
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = {
        "Create an index:",
        "  hosted:  pymirror index create internal --kind hosted [--upload alice,ci] [--max-upload 200MB]",
        "  static:  pymirror index create wheels --kind static --path /srv/wheelhouse",
        "  group:   pymirror index create main --kind group --members internal,pypi [--mix setuptools]",
        "  mirror:  pymirror index create other --kind mirror --upstream https://example.org/simple/"
                + " [--prefetch-dependencies]"})
    int create(@Mixin DataOptions data,
            @Parameters(paramLabel = "NAME", description = "The index name: its URL is /NAME/simple/.") String name,
            @Option(names = "--kind", required = true, paramLabel = "KIND",
                    description = "hosted, static, group or mirror.") String kind,
            @Option(names = "--read", paramLabel = "WHO",
                    description = "Who may read: anyone (default), users, or user names separated by commas.") String read,
            @Option(names = "--upload", paramLabel = "WHO",
                    description = "hosted: who may upload, yank and delete: users (default) or user names.") String upload,
            @Option(names = "--max-upload", paramLabel = "SIZE",
                    description = "hosted: the largest file taken (default 100MiB), such as 200MB.") String maxUpload,
            @Option(names = "--path", paramLabel = "DIR", description = "static: the folder holding the tree.") Path path,
            @Option(names = "--members", paramLabel = "A,B", split = ",",
                    description = "group: the member indexes, first owner first.") List<String> members,
            @Option(names = "--mix", paramLabel = "P,Q", split = ",",
                    description = "group: projects whose files are merged across members.") List<String> mix,
            @Option(names = "--upstream", paramLabel = "URL", description = "mirror: the index to mirror.") String upstream,
            @Option(names = "--page-ttl", paramLabel = "DURATION", description = "mirror: how long a page is fresh.") String pageTtl,
            @Option(names = "--prefetch-dependencies", description = "mirror: once a wheel's metadata is kept or the wheel"
                    + " stored, fetch its dependencies' pages before a client asks (README).") Boolean prefetch) {
        IndexConfig index;
        try {
            Audience readers = read == null ? Audience.ANYONE : audience("--read", read);
            index = switch (kind) {
                case "hosted" -> {
                    only(kind, path == null && members == null && mix == null && upstream == null && pageTtl == null
                            && prefetch == null, "--upload, --max-upload and --read");
                    yield new HostedConfig(name, readers, upload == null ? Audience.USERS : audience("--upload", upload),
                            maxUpload == null ? HostedConfig.DEFAULT_MAX_UPLOAD : ConfigFile.parseSize(maxUpload));
                }
                case "static" -> {
                    only(kind, upload == null && maxUpload == null && members == null && mix == null && upstream == null
                            && pageTtl == null && prefetch == null, "--path and --read");
                    if (path == null) {
                        throw new ConfigException("a static index needs --path DIR");
                    }
                    yield new StaticConfig(name, readers, path);
                }
                case "group" -> {
                    only(kind, upload == null && maxUpload == null && path == null && upstream == null && pageTtl == null
                            && prefetch == null, "--members, --mix and --read");
                    if (members == null) {
                        throw new ConfigException("a group needs --members A,B,...");
                    }
                    yield new GroupConfig(name, readers, members, mix == null ? Set.of() : new LinkedHashSet<>(mix));
                }
                case "mirror" -> {
                    only(kind, upload == null && maxUpload == null && path == null && members == null && mix == null,
                            "--upstream, --page-ttl, --prefetch-dependencies and --read");
                    MirrorConfig m = MirrorConfig.defaults(name).withRead(readers)
                            .withPrefetchDependencies(Boolean.TRUE.equals(prefetch));
                    if (upstream != null) {
                        m = m.withUpstream(URI.create(upstream));
                    }
                    yield pageTtl == null ? m : m.withPageTtl(ConfigFile.parseDuration(pageTtl));
                }
                default -> throw new ConfigException("--kind: '" + kind + "' is none of hosted, static, group, mirror");
            };
        } catch (ConfigException | IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        return run("create", data, config -> {
            if (!config.storage().local()) {
                // indexes.toml is this node's, read at its start: the other nodes would never serve it.
                throw new ConfigException("the indexes of nodes sharing " + config.storage().s3().location()
                        + " come from the configuration file every node reads: add [index." + index.name()
                        + "] there and restart the nodes (index create writes one node's data directory only)");
            }
            IndexCatalog catalog = new IndexCatalog(config);
            catalog.create(index);
            out().println("created " + index.kind() + " index '" + index.name() + "' in " + catalog.dataDir()
                    + "; restart a running server to serve it at /" + index.name() + "/simple/");
        });
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List every index and where it is declared.")
    int list(@Mixin DataOptions data) {
        return data.read(spec.commandLine(), "index list", config -> {
            for (IndexCatalog.Entry e : new IndexCatalog(config).list()) {
                IndexConfig i = e.index();
                out().printf("%-20s %-7s %-6s %s%n", i.name(), i.kind(),
                        e.source() == IndexCatalog.Source.CONFIGURATION ? "config" : "data", details(i));
            }
        });
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete an index made by 'index create' (its files stay unless --purge).")
    int delete(@Mixin DataOptions data,
            @Parameters(paramLabel = "NAME") String name,
            @Option(names = "--purge", description = "Also delete the index's files and cache.") boolean purge) {
        return run("delete", data, config -> {
            IndexCatalog catalog = new IndexCatalog(config);
            catalog.delete(name, purge);
            out().println("deleted index '" + name + "'" + (purge ? " and its files" : "; its files stay in "
                    + catalog.dataDir().resolve(name)));
        });
    }

    private static String details(IndexConfig i) {
        String read = i.read().needsLogin() ? "  read: " + i.read() : "";
        return switch (i) {
            case MirrorConfig m -> "upstream " + RedactedUrl.of(m.upstream())
                    + (m.prefetchDependencies() ? "; prefetch-dependencies" : "") + read;
            case HostedConfig h -> "upload: " + h.upload() + ", max " + h.maxUploadBytes() + " bytes" + read;
            case StaticConfig s -> "path " + s.path() + read;
            case GroupConfig g -> "members " + String.join(", ", g.members())
                    + (g.mix().isEmpty() ? "" : "; mix " + String.join(", ", new java.util.TreeSet<>(g.mix()))) + read;
        };
    }

    private static Audience audience(String option, String value) {
        String v = value.strip();
        if (v.equals("anyone")) {
            return Audience.ANYONE;
        }
        if (v.equals("users")) {
            return Audience.USERS;
        }
        Set<String> users = new LinkedHashSet<>();
        for (String u : v.split(",")) {
            if (!UserName.isValid(u.strip())) {
                throw new ConfigException(option + ": '" + u.strip() + "' is not a user name (or use anyone or users)");
            }
            users.add(u.strip());
        }
        return Audience.only(users);
    }

    private static void only(String kind, boolean ok, String allowed) {
        if (!ok) {
            throw new ConfigException("a " + kind + " index takes only " + allowed);
        }
    }

    /** Runs {@code edit} as {@code pymirror index <command>}: see {@link DataOptions#edit} for the exit codes. */
    private int run(String command, DataOptions data, DataOptions.Edit edit) {
        return data.edit(spec.commandLine(), "index " + command, edit);
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
