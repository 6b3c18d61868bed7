package dev.pymirror.server.mirror;

import dev.pymirror.server.http.RenderedBody;
import dev.pymirror.server.http.RenderedForms;
import dev.pymirror.server.index.FileNames;
import dev.pymirror.server.index.RenderableProjectPage;
import dev.pymirror.simple.CoreMetadata;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.simple.ProjectPage;
import dev.pymirror.simple.SimpleFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A project page as this server shows it: every file's URL points at this server
 * ({@code ../../files/<project>/<file>}, relative so that the server works under any host name or
 * path prefix), wheels offer PEP 658 metadata even when the upstream had none (it is read out of
 * the wheel), and files with names that could escape the cache directory are left out.
 * Each encoding is rendered once, on first demand.
 */
final class ServedPage implements RenderableProjectPage {

    private final Cached<ProjectPage> source;
    private final ProjectPage page;
    private final Map<String, ProjectFile> upstreamFiles;
    private final RenderedForms rendered;

    ServedPage(Cached<ProjectPage> source) {
        this.source = source;
        String project = source.page().name().normalized();
        Map<String, ProjectFile> byName = new LinkedHashMap<>();
        List<ProjectFile> shown = new ArrayList<>();
        for (ProjectFile f : source.page().files()) {
            if (!FileNames.isSafe(f.filename()) || byName.containsKey(f.filename())) {
                continue;
            }
            byName.put(f.filename(), f);
            ProjectFile.Builder local = f.toBuilder().url("../../files/" + project + "/" + FileNames.encode(f.filename()));
            if (f.coreMetadata().isEmpty() && f.filename().endsWith(".whl")) {
                local.coreMetadata(CoreMetadata.AVAILABLE);
            }
            shown.add(local.build());
        }
        this.upstreamFiles = Map.copyOf(byName);
        this.page = source.page().withFiles(shown);
        this.rendered = new RenderedForms(f -> f.codec().writeProjectPage(page));
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
