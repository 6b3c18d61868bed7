package dev.pymirror.server.group;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.dist.DistributionFilename;
import dev.pymirror.packaging.version.Version;
import dev.pymirror.server.config.GroupConfig;
import dev.pymirror.server.config.HostedConfig;
import dev.pymirror.server.config.IndexConfig;
import dev.pymirror.server.config.MirrorConfig;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.server.config.StaticConfig;
import dev.pymirror.server.hosted.HostedIndex;
import dev.pymirror.server.index.PackageIndex;
import dev.pymirror.server.index.RenderableProjectList;
import dev.pymirror.server.index.Unavailable;
import dev.pymirror.server.tree.StaticIndex;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.simple.ProjectPage;
import dev.pymirror.store.blob.BlobStore;
import dev.pymirror.upstream.PageFetch;
import dev.pymirror.upstream.RedactedUrl;
import dev.pymirror.upstream.UpstreamException;
import dev.pymirror.upstream.UpstreamIndex;
import dev.pymirror.upstream.Validators;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Dependency confusion, seen before it bites: for each group, the projects a hosted or static
 * member owns that a mirror member's upstream also has. The group already serves only the owner's
 * versions; these are the names someone else holds (or squats) on the public index, which the
 * operator should know of. Each upstream is asked for each such name's page, as a mirror would.
 */
public final class NameAudit {

    /** A name owned inside the group that the upstream of {@code mirror} also has. */
    public record Finding(String group, String owner, String ownerKind, String project, String mirror,
            Optional<String> newestVersion, Optional<Instant> uploaded) {}

    /** A name whose upstream could not be asked, and why. */
    public record Failure(String group, String mirror, String project, String problem) {}

    /** What the audit found. */
    public record Report(List<Finding> findings, List<Failure> failures) {}

    private NameAudit() {}

    /**
     * Audits every group of the configuration, reading the hosted members' projects where the
     * server keeps them ({@code shared}: the bucket of {@code storage = "s3://..."}, or null for
     * the data directory), the static members' from the data directory, and asking the mirror
     * members' upstreams.
     */
    public static Report run(ServerConfig config, Path data, BlobStore shared, Clock clock) throws IOException {
        List<Finding> findings = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        for (IndexConfig c : config.indexes().values()) {
            if (!(c instanceof GroupConfig group)) {
                continue;
            }
            List<MirrorConfig> mirrors = new ArrayList<>();
            List<IndexConfig> owners = new ArrayList<>();
            for (String member : group.members()) {
                IndexConfig m = config.indexes().get(member);
                if (m instanceof MirrorConfig mirror) {
                    mirrors.add(mirror);
                } else if (m instanceof HostedConfig || m instanceof StaticConfig) {
                    owners.add(m);
                }
            }
            if (mirrors.isEmpty()) {
                continue;
            }
            for (IndexConfig owner : owners) {
                for (ProjectName project : projects(owner, data, shared, clock)) {
                    if (group.mixes(project)) {
                        continue; // merged on purpose: its public versions are meant to be seen
                    }
                    for (MirrorConfig mirror : mirrors) {
                        UpstreamIndex upstream = new UpstreamIndex(mirror.upstream(), mirror.connectTimeout(),
                                mirror.readTimeout(), mirror.pageTimeout());
                        try {
                            if (upstream.fetchProjectPage(project, Validators.NONE) instanceof PageFetch.Fetched<ProjectPage> f) {
                                findings.add(finding(group, owner, project, mirror, f.page()));
                            }
                        } catch (UpstreamException e) {
                            failures.add(new Failure(group.name(), mirror.name(), project.normalized(), e.getMessage()));
                        }
                    }
                }
            }
        }
        return new Report(findings, failures);
    }

    private static List<ProjectName> projects(IndexConfig owner, Path data, BlobStore shared, Clock clock)
            throws IOException {
        PackageIndex index = switch (owner) {
            case HostedConfig h -> HostedIndex.open(h, shared, data.resolve(h.name()), clock);
            case StaticConfig s -> new StaticIndex(s, data.resolve(s.name()));
            default -> throw new IllegalArgumentException(owner.kind());
        };
        try {
            return index.projectList().page() instanceof RenderableProjectList l ? l.list().names() : List.of();
        } catch (Unavailable e) {
            throw new IOException("index '" + owner.name() + "' cannot list its projects: " + e.getMessage());
        }
    }

    /** The upstream's newest version (by PEP 440, pre-releases only when nothing else) and its latest upload. */
    private static Finding finding(GroupConfig group, IndexConfig owner, ProjectName project, MirrorConfig mirror,
            ProjectPage page) {
        Version newest = null;
        for (ProjectFile f : page.files()) {
            Version v = DistributionFilename.tryParse(f.filename()).map(DistributionFilename::version).orElse(null);
            if (v != null && (newest == null || better(v, newest))) {
                newest = v;
            }
        }
        Instant uploaded = null;
        for (ProjectFile f : page.files()) {
            Version v = DistributionFilename.tryParse(f.filename()).map(DistributionFilename::version).orElse(null);
            if (newest != null && newest.equals(v) && f.uploadTime().isPresent()
                    && (uploaded == null || f.uploadTime().get().isAfter(uploaded))) {
                uploaded = f.uploadTime().get();
            }
        }
        return new Finding(group.name(), owner.name(), owner.kind(), project.normalized(), mirror.name(),
                Optional.ofNullable(newest).map(Version::toString), Optional.ofNullable(uploaded));
    }

    private static boolean better(Version candidate, Version current) {
        if (candidate.isPrerelease() != current.isPrerelease()) {
            return !candidate.isPrerelease();
        }
        return candidate.compareTo(current) > 0;
    }

    /** The groups an audit can find something in: with a hosted or static member and a mirror member. */
    public static java.util.Set<String> auditable(ServerConfig config) {
        java.util.Set<String> groups = new java.util.LinkedHashSet<>();
        for (IndexConfig c : config.indexes().values()) {
            if (c instanceof GroupConfig g) {
                boolean owner = false;
                boolean mirror = false;
                for (String m : g.members()) {
                    IndexConfig member = config.indexes().get(m);
                    owner |= member instanceof HostedConfig || member instanceof StaticConfig;
                    mirror |= member instanceof MirrorConfig;
                }
                if (owner && mirror) {
                    groups.add(g.name());
                }
            }
        }
        return groups;
    }

    /** The upstream of a mirror, as shown to an operator. */
    public static String upstreamOf(ServerConfig config, String mirror) {
        return config.indexes().get(mirror) instanceof MirrorConfig m ? RedactedUrl.of(m.upstream()) : mirror;
    }
}
