package dev.pymirror.server.mirror;

import dev.pymirror.packaging.dist.DistributionFilename;
import dev.pymirror.server.http.RenderedBody;
import dev.pymirror.server.http.RenderedForms;
import dev.pymirror.server.index.FileNames;
import dev.pymirror.server.index.RenderableProjectPage;
import dev.pymirror.simple.ApiVersion;
import dev.pymirror.simple.CoreMetadata;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.simple.ProjectPage;
import dev.pymirror.simple.ProvenanceObject;
import dev.pymirror.simple.SimpleFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A project page as this server shows it: every file's URL points at this server
 * ({@code ../../files/<project>/<file>}, relative so that the server works under any host name or
 * path prefix), wheels offer PEP 658 metadata even when the upstream had none (it is read out of
 * the wheel), files in the cache have their size, and those whose metadata is cached its
 * Requires-Python, even when the upstream gave none, every file has an upload time (the upstream's,
 * else when this mirror first saw it), a provenance
 * (PEP 740) the upstream lists is served from here too, and files with names that could escape the
 * cache directory are left out.
 * Each encoding is rendered once, on first demand.
 */
final class ServedPage implements RenderableProjectPage {

    private final Cached<ProjectPage> source;
    private final ProjectPage page;
    private final Map<String, ProjectFile> upstreamFiles;
    private final RenderedForms rendered;

    /**
     * @param source the upstream's page
     * @param cached what the cache knows of this project's files
     * @param uploaded each file's upload time as recorded, by name: the upstream's as it first gave
     *     it, else when this mirror first saw the file, so that every file served has one, never changed
     */
    ServedPage(Cached<ProjectPage> source, CachedFacts cached, Map<String, java.time.Instant> uploaded) {
        this.source = source;
        String project = source.page().name().normalized();
        Map<String, ProjectFile> byName = new LinkedHashMap<>();
        List<ProjectFile> shown = new ArrayList<>();
        for (ProjectFile f : source.page().files()) {
            if (!FileNames.isSafe(f.filename()) || byName.containsKey(f.filename())) {
                continue;
            }
            byName.put(f.filename(), f);
            shown.add(shown(project, f, cached, uploaded));
        }
        if (source.page().status().filter(st -> st.status().equals(MirrorIndex.QUARANTINED)).isPresent()) {
            // PEP 792: an index serves no files of a quarantined project, whatever its page still lists.
            shown.clear();
            byName.clear();
        }
        this.upstreamFiles = Map.copyOf(byName);
        this.page = withApi11WhenComplete(source.page().withFiles(shown));
        this.rendered = new RenderedForms(f -> f.codec().writeProjectPage(page));
    }

    /**
     * The upstream's entry {@code f} as this server lists it (see the class comment): also that of a
     * file the upstream no longer lists, which a view of an earlier moment lists again.
     */
    static ProjectFile shown(String project, ProjectFile f, CachedFacts cached, Map<String, java.time.Instant> uploaded) {
        ProjectFile.Builder local = f.toBuilder().url("../../files/" + project + "/" + FileNames.encode(f.filename()));
        if (f.coreMetadata().isEmpty() && f.filename().endsWith(".whl")) {
            local.coreMetadata(CoreMetadata.AVAILABLE);
        }
        if (f.provenance().isPresent()) {
            // Kept and served here like the file itself (MirrorIndex.provenance).
            local.provenance("../../files/" + project + "/" + FileNames.encode(f.filename()) + ProvenanceObject.SUFFIX);
        }
        Long size = cached.sizes().get(f.filename());
        if (f.size().isEmpty() && size != null) {
            local.size(size); // a cached file never changes: its size is known for good
        }
        String requiresPython = cached.requiresPython().get(f.filename());
        if (f.requiresPython().isEmpty() && requiresPython != null) {
            local.requiresPython(requiresPython); // so a client on an older Python skips the file unfetched
        }
        java.time.Instant recorded = uploaded.get(f.filename());
        if (recorded != null) {
            local.uploadTime(recorded); // the upstream's may have changed, or gone (an HTML page) since
        }
        return local.build();
    }

    /**
     * The page as API 1.1 (PEP 700) once every file has a size, which an HTML upstream never gives
     * but the cache may know for all of them. Such an upstream lists no versions either: those of
     * its files are what the mirror knows, and are listed.
     */
    private static ProjectPage withApi11WhenComplete(ProjectPage page) {
        if (page.meta().apiVersion().isAtLeast(ApiVersion.V1_1) && !page.versions().isEmpty()
                || page.files().stream().anyMatch(f -> f.size().isEmpty())) {
            return page;
        }
        ProjectPage.Builder b = page.toBuilder();
        if (!page.meta().apiVersion().isAtLeast(ApiVersion.V1_1)) {
            b.apiVersion(ApiVersion.V1_1);
        }
        if (page.versions().isEmpty()) {
            Set<String> versions = new LinkedHashSet<>();
            for (ProjectFile f : page.files()) {
                DistributionFilename.tryParse(f.filename()).ifPresent(d -> versions.add(d.version().toString()));
            }
            b.versions(versions);
        }
        return b.build();
    }

    Cached<ProjectPage> source() {
        return source;
    }

    @Override
    public ProjectPage page() {
        return page;
    }

    /** The upstream's entry for a file this page lists. */
    Optional<ProjectFile> upstreamFile(String filename) {
        return Optional.ofNullable(upstreamFiles.get(filename));
    }

    @Override
    public RenderedBody render(SimpleFormat format) {
        return rendered.get(format);
    }
}
