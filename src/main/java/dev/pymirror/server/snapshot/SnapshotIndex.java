package dev.pymirror.server.snapshot;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pymirror.packaging.ProjectName;
import dev.pymirror.server.index.FileAnswer;
import dev.pymirror.server.index.FileNames;
import dev.pymirror.server.index.MetadataAnswer;
import dev.pymirror.server.index.PackageIndex;
import dev.pymirror.server.index.PageAnswer;
import dev.pymirror.server.index.RenderedProjectList;
import dev.pymirror.server.index.RenderedProjectPage;
import dev.pymirror.server.index.Unavailable;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.simple.ProjectList;
import dev.pymirror.simple.ProvenanceObject;
import dev.pymirror.store.blob.BlobStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A snapshot kept in a bucket, served read-only: its pages from its {@link SnapshotManifest} (in
 * memory), its files from the objects the manifest names, through the node's disk copies
 * ({@link BlobStore#localFile}), so a file once fetched is sent by {@code sendfile} like any other.
 */
public final class SnapshotIndex implements PackageIndex {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotIndex.class);

    private final SnapshotManifest manifest;
    private final BlobStore store;
    private final Map<String, PageAnswer> pages = new HashMap<>();
    private final PageAnswer list;

    public SnapshotIndex(SnapshotManifest manifest, BlobStore store) {
        this.manifest = manifest;
        this.store = store;
        manifest.projects().forEach((name, project) -> pages.put(name, PageAnswer.hit(new RenderedProjectPage(
                project.page().withFiles(project.page().files().stream().map(f -> served(name, f)).toList())))));
        this.list = PageAnswer.hit(new RenderedProjectList(ProjectList.of(
                manifest.projects().keySet().stream().sorted().map(ProjectName::of).toList())));
    }

    /** A file's entry with its URLs under this server's files route, as a static tree's pages have them. */
    private static ProjectFile served(String project, ProjectFile f) {
        String url = "../../files/" + project + "/" + FileNames.encode(f.filename());
        ProjectFile.Builder b = f.toBuilder().url(url);
        if (f.provenance().isPresent()) {
            b.provenance(url + ProvenanceObject.SUFFIX);
        }
        return b.build();
    }

    public SnapshotManifest manifest() {
        return manifest;
    }

    @Override
    public String name() {
        return "snapshot";
    }

    @Override
    public PageAnswer page(ProjectName project) throws Unavailable {
        PageAnswer page = pages.get(project.normalized());
        if (page == null) {
            throw new Unavailable(404, "snapshot '" + manifest.info().name() + "' has no project '"
                    + project.normalized() + "'");
        }
        return page;
    }

    @Override
    public Optional<PageAnswer> readyPage(ProjectName project) throws Unavailable {
        return Optional.of(page(project));
    }

    @Override
    public PageAnswer projectList() {
        return list;
    }

    @Override
    public FileAnswer file(ProjectName project, String filename) throws Unavailable, IOException {
        return new FileAnswer.Stored(fetched(project, filename));
    }

    @Override
    public MetadataAnswer metadata(ProjectName project, String filename) throws Unavailable, IOException {
        return new MetadataAnswer.Stored(fetched(project, filename + ".metadata"));
    }

    @Override
    public Path provenance(ProjectName project, String filename) throws Unavailable, IOException {
        return fetched(project, filename + ProvenanceObject.SUFFIX);
    }

    /** The node's copy when it has one: asks nothing over the network, for the I/O thread. */
    @Override
    public Optional<Path> storedFile(ProjectName project, String filename) throws Unavailable {
        try {
            return store.localCopy(frozen(project, filename).key());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Path fetched(ProjectName project, String filename) throws Unavailable, IOException {
        SnapshotManifest.Frozen f = frozen(project, filename);
        Optional<Path> file;
        try {
            file = store.localFile(f.key());
        } catch (IOException e) {
            throw Unavailable.disk("snapshot '" + manifest.info().name() + "' cannot read '" + filename + "'", e);
        }
        if (file.isEmpty()) {
            // Only a hand in the bucket removes a copy a manifest names: the snapshot is damaged.
            LOG.warn("snapshot '{}' names {} for '{}', which is not in {}", manifest.info().name(), f.key(), filename,
                    store.describe());
            throw new Unavailable(404, "snapshot '" + manifest.info().name() + "' lists '" + filename
                    + "' but its copy is gone from the server's storage; the snapshot is damaged");
        }
        return file.get();
    }

    private SnapshotManifest.Frozen frozen(ProjectName project, String filename) throws Unavailable {
        SnapshotManifest.Project p = manifest.projects().get(project.normalized());
        SnapshotManifest.Frozen f = p == null ? null : p.files().get(filename);
        if (f == null) {
            throw new Unavailable(404, "'" + filename + "' is not a file of project '" + project.normalized()
                    + "' in snapshot '" + manifest.info().name() + "'");
        }
        return f;
    }

    @Override
    public void describe(ObjectNode into) {
        into.put("kind", "snapshot");
    }
}
