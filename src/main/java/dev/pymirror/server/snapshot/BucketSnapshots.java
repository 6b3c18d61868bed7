package dev.pymirror.server.snapshot;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.server.index.PackageIndex;
import dev.pymirror.simple.ProjectPage;
import dev.pymirror.store.blob.BlobStore;
import dev.pymirror.store.blob.Content;
import dev.pymirror.store.blob.ObjectConflictException;
import dev.pymirror.store.blob.ObjectInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshots in a bucket that several nodes share: each a {@link SnapshotManifest} at
 * {@code .snapshots/NAME/manifest}, created create-only after every object it names, so a snapshot
 * appears whole or not at all, and a name is taken once (of two creates one gets the conflict).
 *
 * <p>Its files are the snapshot's own copies under {@code .snapshots/NAME/<id>/}, not the index's
 * objects: nothing else ever deletes there, so no node's cache retention and no hosted deletion
 * has to consult the manifests, and no prune chosen on one node can race a snapshot made on
 * another (S3 offers no transaction over two objects; create-only is the one atomic step here).
 * The cost is the bucket space of a second copy, each byte sent up once from the node's disk copy.
 *
 * <p>A delete removes the manifest first (from then on no node serves it, within the nodes'
 * bound), then the copies; a create or delete cut short leaves copies no manifest names, which
 * nothing serves.
 */
public final class BucketSnapshots implements Snapshots {

    /** The snapshots' keys start with it (an index's cannot: its name starts with no dot). */
    public static final String PREFIX = ".snapshots/";
    private static final String MANIFEST = "/manifest";
    private static final Logger LOG = LoggerFactory.getLogger(BucketSnapshots.class);

    private final BlobStore store;

    public BucketSnapshots(BlobStore store) {
        this.store = store;
    }

    /** The store the snapshots' objects are read from. */
    public BlobStore store() {
        return store;
    }

    /** The key of a snapshot's manifest. */
    public static String manifestKey(String name) {
        return PREFIX + name + MANIFEST;
    }

    @Override
    public String where(String name) {
        return "manifest:   " + store.describe() + "/" + manifestKey(name);
    }

    /** The manifest's size and hash (one HEAD on a bucket), empty when there is no such snapshot. */
    public Optional<ObjectInfo> stat(String name) throws IOException {
        return SnapshotName.isValid(name) ? store.stat(manifestKey(name)) : Optional.empty();
    }

    /**
     * The manifest of snapshot {@code name}; empty when there is none.
     *
     * @throws SnapshotException when it is damaged, saying how
     */
    public Optional<SnapshotManifest> manifest(String name) throws IOException, SnapshotException {
        if (!SnapshotName.isValid(name)) {
            return Optional.empty();
        }
        Optional<InputStream> in = store.read(manifestKey(name));
        if (in.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream body = in.get()) {
            return Optional.of(SnapshotManifest.parse(name, body.readAllBytes()));
        }
    }

    @Override
    public Optional<SnapshotInfo> find(String name) throws IOException {
        try {
            return manifest(name).map(SnapshotManifest::info);
        } catch (SnapshotException damaged) {
            LOG.warn("{}", damaged.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public List<SnapshotInfo> list() throws IOException {
        List<SnapshotInfo> all = new ArrayList<>();
        for (ObjectInfo.Listed o : store.list(PREFIX)) {
            String rest = o.key().substring(PREFIX.length());
            if (rest.endsWith(MANIFEST) && rest.indexOf('/') == rest.length() - MANIFEST.length()) {
                find(rest.substring(0, rest.length() - MANIFEST.length())).ifPresent(all::add);
            }
        }
        return all;
    }

    @Override
    public SnapshotInfo create(String name, PackageIndex index, String kind, boolean restricted, Clock clock)
            throws IOException, SnapshotException {
        return create(name, index, index.name(), kind, restricted, clock);
    }

    /**
     * As {@link #create(String, PackageIndex, String, boolean, Clock)}, recording {@code source} as
     * what the snapshot was made of (a bundle's manifest, for a tree a bundle import verified).
     */
    public SnapshotInfo create(String name, PackageIndex index, String source, String kind, boolean restricted,
            Clock clock) throws IOException, SnapshotException {
        SnapshotName.check(name);
        if (store.stat(manifestKey(name)).isPresent()) {
            throw taken(name);
        }
        String objects = PREFIX + name + "/" + UUID.randomUUID() + "/";
        ObjectSink sink = new ObjectSink(objects);
        try {
            SnapshotWriter.Counts c = new SnapshotWriter(sink, true).write(index);
            SnapshotInfo info = new SnapshotInfo(name, source, kind, clock.instant(), restricted, c.projects(),
                    c.files(), c.bytes(), c.leftOut());
            Map<String, SnapshotManifest.Project> projects = new TreeMap<>();
            sink.pages.forEach((project, page) -> projects.put(project, new SnapshotManifest.Project(page,
                    sink.files.getOrDefault(project, Map.of()))));
            try {
                store.create(manifestKey(name), Content.of(new SnapshotManifest(info, objects, projects).toJson()));
            } catch (ObjectConflictException e) {
                throw taken(name); // made by another node meanwhile
            }
            return info;
        } catch (IOException | SnapshotException | RuntimeException e) {
            removeQuietly(objects);
            throw e;
        }
    }

    @Override
    public SnapshotInfo delete(String name) throws IOException, SnapshotException {
        SnapshotName.check(name);
        Optional<SnapshotManifest> manifest;
        try {
            manifest = manifest(name);
        } catch (SnapshotException damaged) {
            // A damaged manifest is deleted too; its copies (which it cannot be trusted to name) stay.
            store.delete(manifestKey(name));
            throw new SnapshotException(damaged.getMessage() + "; the manifest was deleted, its files were left");
        }
        if (manifest.isEmpty()) {
            throw noSuch(name);
        }
        store.delete(manifestKey(name));
        remove(manifest.get().objects());
        return manifest.get().info();
    }

    @Override
    public SnapshotException noSuch(String name) throws IOException {
        List<String> names = list().stream().map(SnapshotInfo::name).toList();
        return new SnapshotException("there is no snapshot '" + name + "' in " + store.describe() + "; snapshots: "
                + (names.isEmpty() ? "none" : String.join(", ", names)));
    }

    private static SnapshotException taken(String name) {
        return new SnapshotException("snapshot '" + name + "' exists already; a snapshot is never replaced:"
                + " choose another name, or delete it first (pymirror snapshot delete " + name + ")");
    }

    private void remove(String objects) throws IOException {
        for (ObjectInfo.Listed o : store.list(objects)) {
            store.delete(o.key());
        }
    }

    private void removeQuietly(String objects) {
        try {
            remove(objects);
        } catch (IOException e) {
            LOG.warn("objects under {} in {} left behind: {}", objects, store.describe(), e.getMessage());
        }
    }

    /** Copies each frozen file into the bucket under the snapshot's prefix, and keeps the pages for the manifest. */
    private final class ObjectSink implements SnapshotWriter.Sink {
        private final String objects;
        final Map<String, ProjectPage> pages = new HashMap<>();
        final Map<String, Map<String, SnapshotManifest.Frozen>> files = new HashMap<>();

        ObjectSink(String objects) {
            this.objects = objects;
        }

        @Override
        public void place(ProjectName project, String filename, Path source) throws IOException {
            // Hashed here, not taken from the page: the hash stored beside the copy is what every node
            // checks its disk copy against, so it must be the bytes' own.
            keep(project, filename, Content.ofFile(source));
        }

        @Override
        public void placeBytes(ProjectName project, String filename, byte[] bytes) throws IOException {
            keep(project, filename, Content.of(bytes));
        }

        private void keep(ProjectName project, String filename, Content content) throws IOException {
            String key = objects + project.normalized() + "/" + filename;
            ObjectInfo stored = store.create(key, content).object();
            files.computeIfAbsent(project.normalized(), p -> new HashMap<>())
                    .put(filename, new SnapshotManifest.Frozen(key, stored.sha256(), stored.size()));
        }

        @Override
        public void page(ProjectName project, ProjectPage page) {
            pages.put(project.normalized(), page);
        }

        @Override
        public void finish(List<ProjectName> written) {
            // The manifest lists the projects: nothing more to write.
        }
    }
}
