package dev.pymirror.server.snapshot;

import dev.pymirror.hash.Sha256;
import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.dist.DistributionFilename;
import dev.pymirror.packaging.version.Version;
import dev.pymirror.server.group.GroupIndex;
import dev.pymirror.server.index.FileAnswer;
import dev.pymirror.server.index.FileNames;
import dev.pymirror.server.index.IndexView;
import dev.pymirror.server.index.MetadataAnswer;
import dev.pymirror.server.index.PackageIndex;
import dev.pymirror.server.index.RenderableProjectList;
import dev.pymirror.server.index.RenderableProjectPage;
import dev.pymirror.server.index.Unavailable;
import dev.pymirror.server.mirror.MirrorIndex;
import dev.pymirror.simple.ApiVersion;
import dev.pymirror.simple.CoreMetadata;
import dev.pymirror.simple.HtmlCodec;
import dev.pymirror.simple.JsonCodec;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.simple.ProjectList;
import dev.pymirror.simple.ProjectPage;
import dev.pymirror.simple.ProvenanceObject;
import dev.pymirror.store.WheelMetadataReader;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes what an index serves now as a static tree ({@code <tree>/<project>/index.json}, its
 * {@code index.html} and the files beside them, {@code <tree>/index.html} listing the projects): the
 * layout {@code server.tree.StaticIndex} serves and {@code pymirror bundle} carries.
 *
 * <p>Only what is stored is frozen: each file a page lists is asked of the index with
 * {@link PackageIndex#storedFile}, which never fetches, so a mirror's snapshot holds the files its
 * cache holds and its pages list only those (the others are counted as left out). A file under the
 * data directory (a mirror's cache, a hosted index's uploads: written once, never in place) is hard
 * linked, so the snapshot costs no space and no retention or deletion can take its bytes; a file of a
 * static tree (not pymirror's to keep unchanged) or on another file system is copied.
 */
final class SnapshotWriter {

    private final Sink sink;
    /** Whether a file the index has not on this disk is asked of it (offline, so of its storage only). */
    private final boolean askStorage;
    private int projects;
    private int files;
    private long bytes;
    private int leftOut;

    /** @param dataDir files under it are linked, others copied: a tree in the data directory */
    SnapshotWriter(Path dataDir) {
        this(new TreeSink(dataDir), false);
    }

    /**
     * @param sink where the frozen pages and files go
     * @param askStorage true for an index kept in a bucket: its files are on this disk only where
     *     the node holds a copy, so each is asked of the (offline) index, which reads its storage
     */
    SnapshotWriter(Sink sink, boolean askStorage) {
        this.sink = sink;
        this.askStorage = askStorage;
    }

    /**
     * Where a snapshot's pages and files go: a static tree in the data directory ({@link TreeSink}),
     * or objects in a bucket named by a manifest ({@code BucketSnapshots}). The walk over the index
     * is the same for both.
     */
    interface Sink {
        /** Keeps {@code source} (a file the index serves now, complete) as the project's {@code filename}. */
        void place(ProjectName project, String filename, Path source) throws IOException;

        /** Keeps bytes made here (metadata read out of a wheel) as the project's {@code filename}. */
        void placeBytes(ProjectName project, String filename, byte[] bytes) throws IOException;

        /** Keeps the project's page, once all its files are placed. */
        void page(ProjectName project, ProjectPage page) throws IOException;

        /** Ends the walk: the projects written. */
        void finish(List<ProjectName> written) throws IOException;
    }

    /** What was written: projects, files, bytes and files left out. */
    record Counts(int projects, int files, long bytes, int leftOut) {}

    Counts write(PackageIndex index, Path tree) throws IOException, SnapshotException {
        ((TreeSink) sink).into(tree);
        return write(index);
    }

    Counts write(PackageIndex index) throws IOException, SnapshotException {
        List<ProjectName> written = new ArrayList<>();
        for (ProjectName project : projects(index)) {
            ProjectPage page;
            try {
                if (!(index.page(project).page() instanceof RenderableProjectPage p)) {
                    continue;
                }
                page = p.page();
            } catch (Unavailable e) {
                if (e.status() == 404) {
                    continue; // listed, but not served (a member's page not cached, say)
                }
                throw new SnapshotException("index '" + index.name() + "' cannot serve the page of '"
                        + project.normalized() + "' now (" + e.getMessage() + "); nothing was frozen");
            }
            if (writeProject(index, project, page)) {
                written.add(project);
            }
        }
        sink.finish(written);
        return new Counts(projects, files, bytes, leftOut);
    }

    /**
     * The counts of a tree in this layout that was written elsewhere (a bundle's): the project
     * folders with a page, and their files other than pages, metadata and provenance.
     */
    static Counts count(Path tree) throws IOException {
        int projects = 0;
        int files = 0;
        long bytes = 0;
        try (var dirs = Files.list(tree)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                if (dir.getFileName().toString().startsWith(".") || !Files.isRegularFile(dir.resolve("index.html"))) {
                    continue;
                }
                projects++;
                try (var entries = Files.list(dir)) {
                    for (Path f : entries.filter(Files::isRegularFile).toList()) {
                        String n = f.getFileName().toString();
                        if (!n.equals("index.html") && !n.equals("index.json") && !n.endsWith(".metadata")
                                && !n.endsWith(ProvenanceObject.SUFFIX)) {
                            files++;
                            bytes += Files.size(f);
                        }
                    }
                }
            }
        }
        return new Counts(projects, files, bytes, 0);
    }

    /**
     * The projects to ask for: a mirror's cached pages (its project list is its upstream's, hundreds
     * of thousands of names of which it holds nothing), a group's members' together, else the list.
     */
    static Set<ProjectName> projects(PackageIndex index) throws IOException, SnapshotException {
        PackageIndex beneath = IndexView.beneath(index);
        Set<ProjectName> names = new TreeSet<>((a, b) -> a.normalized().compareTo(b.normalized()));
        if (beneath instanceof MirrorIndex m) {
            names.addAll(m.cachedProjects());
        } else if (beneath instanceof GroupIndex g) {
            for (PackageIndex member : g.members()) {
                names.addAll(projects(member));
            }
        } else {
            try {
                if (index.projectList().page() instanceof RenderableProjectList list) {
                    names.addAll(list.list().names());
                }
            } catch (Unavailable e) {
                throw new SnapshotException("index '" + index.name() + "' cannot list its projects now ("
                        + e.getMessage() + ")");
            }
        }
        return names;
    }

    /** Writes one project's files and pages; false when it has no file to hold (then nothing is written). */
    private boolean writeProject(PackageIndex index, ProjectName project, ProjectPage page)
            throws IOException {
        List<ProjectFile> kept = new ArrayList<>();
        Set<String> versions = new LinkedHashSet<>();
        long projectBytes = 0;
        for (ProjectFile f : page.files()) {
            Optional<Path> stored = stored(index, project, f.filename());
            if (stored.isEmpty() || !FileNames.isSafe(f.filename())) {
                leftOut++;
                continue;
            }
            String url = FileNames.encode(f.filename());
            Path source = stored.get();
            long size = Files.size(source);
            ProjectFile.Builder b = f.toBuilder().url(url).size(size);
            if (f.hash("sha256").isEmpty()) {
                b.hash("sha256", Sha256.hexOf(source));
            }
            sink.place(project, f.filename(), source);
            Optional<Path> metadata = stored(index, project, f.filename() + ".metadata");
            if (metadata.isPresent()) {
                sink.place(project, f.filename() + ".metadata", metadata.get());
                b.coreMetadata(f.coreMetadata().filter(CoreMetadata::available).orElse(CoreMetadata.AVAILABLE));
            } else if (f.filename().endsWith(".whl")) {
                Optional<byte[]> read = WheelMetadataReader.read(source);
                if (read.isPresent()) {
                    sink.placeBytes(project, f.filename() + ".metadata", read.get());
                }
                b.coreMetadata(read.isPresent() ? CoreMetadata.AVAILABLE : null);
            } else {
                b.coreMetadata(null);
            }
            Optional<Path> provenance = f.provenance().isPresent()
                    ? stored(index, project, f.filename() + ProvenanceObject.SUFFIX) : Optional.empty();
            if (provenance.isPresent()) {
                sink.place(project, f.filename() + ProvenanceObject.SUFFIX, provenance.get());
                b.provenance(url + ProvenanceObject.SUFFIX);
            } else {
                b.provenance(null);
            }
            kept.add(b.build());
            DistributionFilename.tryParse(f.filename()).ifPresent(d -> versions.add(d.version().toString()));
            projectBytes += size;
        }
        if (kept.isEmpty()) {
            return false;
        }
        ProjectPage.Builder out = page.toBuilder().files(kept);
        if (!page.meta().apiVersion().isAtLeast(ApiVersion.V1_1)) {
            out.meta(page.meta().withApiVersion(ApiVersion.V1_1)); // every file has its size now
        }
        // The versions the index listed that still have a file here, in its order; else those of the files.
        List<String> listed = new ArrayList<>();
        for (String v : page.versions()) {
            Version parsed = Version.parseOrNull(v);
            if (versions.contains(parsed == null ? v : parsed.toString())) {
                listed.add(v);
            }
        }
        out.versions(page.versions().isEmpty() ? List.copyOf(versions) : listed);
        sink.page(project, out.build());
        projects++;
        files += kept.size();
        bytes += projectBytes;
        return true;
    }

    /**
     * The stored file the index serves under this name now; empty when it would have to fetch it
     * from an upstream or has none. On a bucket the index (offline) is asked for it, which copies
     * the object to this node's disk.
     */
    private Optional<Path> stored(PackageIndex index, ProjectName project, String filename) throws IOException {
        try {
            Optional<Path> stored = index.storedFile(project, filename).filter(Files::isRegularFile);
            if (stored.isEmpty() && IndexView.beneath(index) instanceof GroupIndex g) {
                // A group answers storedFile only where one member owns the project: a mixed project's
                // files are each asked of the member that serves it.
                return stored(g.holderOf(project, distributionOf(filename)), project, filename);
            }
            if (stored.isEmpty() && askStorage) {
                stored = fromStorage(index, project, filename);
            }
            return stored;
        } catch (Unavailable e) {
            if (e.status() == 503) {
                // The bucket did not answer: a snapshot without the file would be quietly incomplete.
                throw new IOException("the storage did not answer for '" + filename + "': " + e.getMessage());
            }
            return Optional.empty();
        }
    }

    /** The file as the index serves it when it must read it from its storage (never an upstream: offline). */
    private static Optional<Path> fromStorage(PackageIndex index, ProjectName project, String filename)
            throws Unavailable, IOException {
        if (filename.endsWith(".metadata")) {
            // Metadata read out of a wheel just now is held, not stored yet: the caller reads the wheel.
            return index.metadata(project, distributionOf(filename)) instanceof MetadataAnswer.Stored s
                    ? Optional.of(s.path()).filter(Files::isRegularFile) : Optional.empty();
        }
        if (filename.endsWith(ProvenanceObject.SUFFIX)) {
            return Optional.of(index.provenance(project, distributionOf(filename))).filter(Files::isRegularFile);
        }
        return index.file(project, filename) instanceof FileAnswer.Stored s ? Optional.of(s.path())
                .filter(Files::isRegularFile) : Optional.empty();
    }

    private static String distributionOf(String filename) {
        return filename.endsWith(".metadata") ? filename.substring(0, filename.length() - ".metadata".length())
                : filename.endsWith(ProvenanceObject.SUFFIX)
                ? filename.substring(0, filename.length() - ProvenanceObject.SUFFIX.length()) : filename;
    }

    /**
     * A static tree in the data directory: files under it hard-linked (immutable there; the link is
     * what keeps them from retention and deletion), others copied; each project's {@code index.html}
     * and {@code index.json}, and the project list.
     */
    static final class TreeSink implements Sink {
        private final Path dataDir;
        private Path tree;

        TreeSink(Path dataDir) {
            this.dataDir = dataDir.toAbsolutePath().normalize();
        }

        void into(Path tree) throws IOException {
            this.tree = Files.createDirectories(tree);
        }

        @Override
        public void place(ProjectName project, String filename, Path source) throws IOException {
            Path from = source.toAbsolutePath().normalize();
            Path target = Files.createDirectories(tree.resolve(project.normalized())).resolve(filename);
            if (from.startsWith(dataDir)) {
                try {
                    Files.createLink(target, from);
                    return;
                } catch (IOException | UnsupportedOperationException e) {
                    // Another file system (a data directory spread over mounts): the snapshot's own copy.
                }
            }
            Files.copy(from, target);
            force(target);
        }

        @Override
        public void placeBytes(ProjectName project, String filename, byte[] bytes) throws IOException {
            writePage(Files.createDirectories(tree.resolve(project.normalized())).resolve(filename), bytes);
        }

        @Override
        public void page(ProjectName project, ProjectPage page) throws IOException {
            Path dir = Files.createDirectories(tree.resolve(project.normalized()));
            // index.html first: a reader of the tree takes index.json when it is there, which says both are complete.
            writePage(dir.resolve("index.html"), HtmlCodec.INSTANCE.writeProjectPage(page));
            writePage(dir.resolve("index.json"), JsonCodec.INSTANCE.writeProjectPage(page));
        }

        @Override
        public void finish(List<ProjectName> written) throws IOException {
            writePage(tree.resolve("index.html"), HtmlCodec.INSTANCE.writeProjectList(ProjectList.of(written)));
        }
    }

    private static void writePage(Path target, String text) throws IOException {
        writePage(target, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void writePage(Path target, byte[] bytes) throws IOException {
        Files.write(target, bytes);
        force(target);
    }

    private static void force(Path file) throws IOException {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
            c.force(true);
        }
    }
}
