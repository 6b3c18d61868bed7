package dev.pymirror.server.tree;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pymirror.hash.Sha256;
import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.dist.DistributionFilename;
import dev.pymirror.packaging.metadata.RawMetadata;
import dev.pymirror.packaging.version.SpecifierSet;
import dev.pymirror.server.config.StaticConfig;
import dev.pymirror.server.index.FileAnswer;
import dev.pymirror.server.index.FileNames;
import dev.pymirror.server.index.MetadataAnswer;
import dev.pymirror.server.index.PackageIndex;
import dev.pymirror.server.index.PageAnswer;
import dev.pymirror.server.index.RenderedProjectList;
import dev.pymirror.server.index.RenderedProjectPage;
import dev.pymirror.server.index.Unavailable;
import dev.pymirror.simple.ApiVersion;
import dev.pymirror.simple.CoreMetadata;
import dev.pymirror.simple.HtmlCodec;
import dev.pymirror.simple.InvalidPageException;
import dev.pymirror.simple.JsonCodec;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.simple.ProjectList;
import dev.pymirror.simple.ProjectPage;
import dev.pymirror.simple.ProvenanceObject;
import dev.pymirror.store.FileVersion;
import dev.pymirror.store.KeptByVersion;
import dev.pymirror.store.SdistMetadataReader;
import dev.pymirror.store.StagedFile;
import dev.pymirror.store.WheelMetadataReader;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory holding a PEP 503 tree, served read-only: {@code <root>/<project>/index.html} lists
 * a project's files (relative links to files inside the tree, or absolute links elsewhere), as
 * {@code pymirror sync} writes it. The PEP 691 {@code index.json} beside it, when there is one, is
 * read instead: it also holds sizes, upload times and versions, so the page is served as the tree
 * has it (API 1.1) rather than as much as HTML can say. A project folder without either page is
 * served as the list of the distribution files in it, with their hashes, sizes and Requires-Python.
 *
 * <p>Changes are picked up on the next request: each page request checks its {@code index.json}
 * (or, without one, its {@code index.html}, or its folder) with a {@code stat}, and reads it again
 * when it was replaced.
 * The tree is never written to; PEP 658 metadata read out of its wheels is kept under this index's
 * folder in the data directory.
 */
public final class StaticIndex implements PackageIndex {

    private static final Logger LOG = LoggerFactory.getLogger(StaticIndex.class);
    private static final String HTML_PAGE = "index.html";
    /** The PEP 691 page beside index.html: it holds what HTML cannot (sizes, upload times, versions). */
    private static final String JSON_PAGE = "index.json";

    private final StaticConfig config;
    private final Path root;
    private final Path metadataDir;
    private final KeptByVersion<String, Loaded> pages = new KeptByVersion<>(Loaded::version);
    private final KeptByVersion<Path, ReadFile> readFiles = new KeptByVersion<>(ReadFile::version);

    /** A project as last read, the version of the file or folder it came from, and its files in the tree. */
    /** @param withheld the files a quarantined project's page lists, which are not served */
    private record Loaded(FileVersion version, RenderedProjectPage page, Map<String, TreeFile> files,
            List<ProjectFile> withheld) {}

    /**
     * A file of a page.
     *
     * @param path where it is in the tree; null for a file linked outside it
     * @param metadataBeside its {@code .metadata} file in the tree, or null
     * @param sha256 its hash as the page gives it, or null
     * @param provenance its PEP 740 provenance object in the tree, or null
     */
    private record TreeFile(Path path, Path metadataBeside, String sha256, Path provenance) {}

    /** What a listed folder's file was found to hold, kept while the file is unchanged. */
    private record ReadFile(FileVersion version, String sha256, String requiresPython) {}

    /**
     * @param dataDir this index's folder in the data directory (for metadata read out of wheels)
     */
    public StaticIndex(StaticConfig config, Path dataDir) throws IOException {
        this.config = config;
        this.root = config.path();
        this.metadataDir = Files.createDirectories(dataDir.resolve("metadata"));
        if (!Files.isDirectory(root)) {
            throw new IOException("the tree of static index '" + config.name() + "', " + root + ", is not a directory");
        }
    }

    @Override
    public String name() {
        return config.name();
    }

    /** The tree's root, whose files this index hands out. */
    public Path root() {
        return root;
    }

    @Override
    public void describe(ObjectNode into) {
        // Not the tree's folder: no answer names a path of this machine (the log at start-up does).
        into.put("kind", "static");
    }

    @Override
    public PageAnswer page(ProjectName project) throws Unavailable {
        return PageAnswer.hit(load(project).page());
    }

    /**
     * The files of a quarantined project's page in the tree, which are not served: for the web UI,
     * which lists them marked refused for the operator.
     */
    public List<ProjectFile> withheld(ProjectName project) throws Unavailable {
        return load(project).withheld();
    }

    /** The page in memory when its index.json, index.html or folder has not changed since it was read. */
    @Override
    public Optional<PageAnswer> readyPage(ProjectName project) throws Unavailable {
        return Optional.ofNullable(current(project)).map(loaded -> PageAnswer.hit(loaded.page()));
    }

    @Override
    public Optional<Path> storedFile(ProjectName project, String filename) throws Unavailable {
        Loaded loaded = current(project);
        if (loaded == null) {
            return Optional.empty();
        }
        if (filename.endsWith(ProvenanceObject.SUFFIX)) {
            TreeFile f = loaded.files().get(filename.substring(0, filename.length() - ProvenanceObject.SUFFIX.length()));
            return f == null || f.provenance() == null ? Optional.empty() : Optional.of(f.provenance());
        }
        if (!filename.endsWith(".metadata")) {
            TreeFile f = loaded.files().get(filename);
            return f == null || f.path() == null ? Optional.empty() : Optional.of(f.path());
        }
        String wheel = filename.substring(0, filename.length() - ".metadata".length());
        TreeFile f = loaded.files().get(wheel);
        if (f == null) {
            return Optional.empty();
        }
        if (f.metadataBeside() != null && Files.isRegularFile(f.metadataBeside())) {
            return Optional.of(f.metadataBeside());
        }
        Path cached = metadataCache(project, wheel, f);
        return Files.isRegularFile(cached) ? Optional.of(cached) : Optional.empty(); // else metadata() reads the wheel
    }

    /** Where the metadata read out of a wheel is kept: keyed by its hash, so a replaced wheel is read afresh. */
    private Path metadataCache(ProjectName project, String filename, TreeFile f) {
        String cacheName = filename + (f.sha256() == null ? "" : "." + f.sha256().substring(0, 16)) + ".metadata";
        return metadataDir.resolve(project.normalized()).resolve(cacheName);
    }

    @Override
    public Path provenance(ProjectName project, String filename) throws Unavailable {
        TreeFile f = listed(project, filename);
        if (f.provenance() == null) {
            throw new Unavailable(404, "the tree holds no provenance for '" + filename + "'");
        }
        return f.provenance();
    }

    @Override
    public PageAnswer projectList() throws Unavailable {
        try (Stream<Path> dirs = Files.list(root)) {
            List<ProjectName> names = dirs.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> ProjectName.isValid(n) && ProjectName.isNormalized(n))
                    .sorted().map(ProjectName::of).toList();
            return PageAnswer.hit(new RenderedProjectList(ProjectList.of(names)));
        } catch (IOException e) {
            throw Unavailable.disk("static index '" + name() + "' cannot list its tree", e);
        }
    }

    @Override
    public FileAnswer file(ProjectName project, String filename) throws Unavailable {
        TreeFile f = listed(project, filename);
        if (f.path() == null) {
            throw new Unavailable(404, "'" + filename + "' is not in this tree; its page links to it elsewhere");
        }
        return new FileAnswer.Stored(f.path());
    }

    @Override
    public MetadataAnswer metadata(ProjectName project, String filename) throws Unavailable, IOException {
        TreeFile f = listed(project, filename);
        if (f.metadataBeside() != null && Files.isRegularFile(f.metadataBeside())) {
            return new MetadataAnswer.Stored(f.metadataBeside());
        }
        if (f.path() == null || !filename.endsWith(".whl")) {
            throw new Unavailable(404, "no metadata is available for '" + filename + "'");
        }
        Path cached = metadataCache(project, filename, f);
        if (Files.isRegularFile(cached)) {
            return new MetadataAnswer.Stored(cached);
        }
        byte[] bytes = WheelMetadataReader.read(f.path())
                .orElseThrow(() -> new Unavailable(404, "'" + filename + "' holds no .dist-info/METADATA"));
        // Read out of the wheel again should a crash lose it; served unchecked, so never short.
        try (StagedFile staged = StagedFile.create(cached).durability(StagedFile.Durability.COMPLETE_OR_ABSENT)) {
            staged.write(bytes, 0, bytes.length);
            staged.publish(null, bytes.length);
        }
        return new MetadataAnswer.Stored(cached);
    }

    private TreeFile listed(ProjectName project, String filename) throws Unavailable {
        TreeFile f = load(project).files().get(filename);
        if (f == null) {
            throw new Unavailable(404, "'" + filename + "' is not a file of project '" + project.normalized()
                    + "' in index '" + name() + "'");
        }
        return f;
    }

    /**
     * The page as read before, when its page (or folder) is unchanged; null when it must be read again.
     *
     * @throws Unavailable 404 when the tree has no such project
     */
    private Loaded current(ProjectName project) throws Unavailable {
        Optional<FileVersion> version;
        try {
            version = pageVersion(project);
        } catch (IOException e) {
            return null; // load() reports it
        }
        if (version.isEmpty()) {
            throw noSuchProject(project);
        }
        return pages.current(project.normalized(), version.get());
    }

    /**
     * The version of the page a project is read from: its index.json, else its index.html, else its
     * folder (a plain listing). {@code pymirror sync} writes index.json after index.html, so a new
     * index.json means both pages are complete; a tree that has it pays one stat per request.
     */
    private Optional<FileVersion> pageVersion(ProjectName project) throws IOException {
        Path dir = root.resolve(project.normalized());
        Optional<FileVersion> jsonVersion = FileVersion.of(dir.resolve(JSON_PAGE));
        if (jsonVersion.isPresent()) {
            return jsonVersion;
        }
        Optional<FileVersion> htmlVersion = FileVersion.of(dir.resolve(HTML_PAGE));
        return htmlVersion.isPresent() ? htmlVersion : Files.isDirectory(dir) ? FileVersion.of(dir) : Optional.empty();
    }

    private Unavailable noSuchProject(ProjectName project) {
        return new Unavailable(404, "index '" + name() + "' has no project '" + project.normalized() + "'");
    }

    private Loaded load(ProjectName project) throws Unavailable {
        String key = project.normalized();
        Path dir = root.resolve(key);
        Path html = dir.resolve(HTML_PAGE);
        Path json = dir.resolve(JSON_PAGE);
        try {
            Optional<FileVersion> version = pageVersion(project);
            if (version.isEmpty()) {
                pages.remove(key);
                throw noSuchProject(project);
            }
            Loaded known = pages.current(key, version.get());
            if (known != null) {
                return known;
            }
            ProjectPage source = readPage(project, json, html); // what pageVersion() looked at
            Loaded fresh = source != null
                    ? fromPage(project, dir, source, version.get())
                    : fromListing(project, dir, version.get());
            pages.put(key, fresh);
            return fresh;
        } catch (InvalidPageException e) {
            throw new Unavailable(503, "static index '" + name() + "' cannot read the page of '" + key + "': "
                    + e.getMessage());
        } catch (IOException e) {
            throw Unavailable.disk("static index '" + name() + "' cannot read the page of '" + key + "'", e);
        }
    }

    /**
     * The project's page as the tree has it: its index.json when there is one (an unreadable one is
     * logged and its index.html read instead), else its index.html; null when it has neither.
     */
    private ProjectPage readPage(ProjectName project, Path json, Path html) throws IOException {
        if (Files.exists(json)) {
            try {
                ProjectPage page = JsonCodec.INSTANCE.readProjectPage(Files.readString(json), null);
                if (page.name().equals(project)) {
                    return page;
                }
                LOG.warn("{}: {} names project '{}'; its index.html is served instead", name(), json,
                        page.name().normalized());
            } catch (InvalidPageException e) {
                LOG.warn("{}: {} cannot be read ({}); its index.html is served instead", name(), json, e.getMessage());
            }
        }
        return Files.exists(html) ? HtmlCodec.INSTANCE.readProjectPage(Files.readString(html), null, project) : null;
    }

    private Loaded fromPage(ProjectName project, Path dir, ProjectPage source, FileVersion version) {
        Map<String, TreeFile> files = new LinkedHashMap<>();
        List<ProjectFile> shown = new ArrayList<>();
        for (ProjectFile f : source.files()) {
            if (files.containsKey(f.filename()) || !FileNames.isSafe(f.filename())) {
                continue;
            }
            URI link;
            try {
                link = URI.create(f.url());
            } catch (IllegalArgumentException e) {
                LOG.warn("{}: {} links to '{}', which is not a URL; left out", name(), project.normalized(), f.url());
                continue;
            }
            if (link.getScheme() != null || link.getRawAuthority() != null) {
                if (link.getScheme() != null && (link.getScheme().equals("http") || link.getScheme().equals("https"))) {
                    files.put(f.filename(), new TreeFile(null, null, f.hash("sha256").orElse(null), null));
                    shown.add(f);
                }
                continue; // file: and other schemes point at nothing a client of this server can reach
            }
            String path = link.getPath();
            Path inTree = path == null || path.startsWith("/") ? null : dir.resolve(path).normalize();
            if (inTree == null || !inTree.startsWith(root) || !Files.isRegularFile(inTree)) {
                LOG.warn("{}: {} links to '{}', which is no file inside the tree; left out", name(),
                        project.normalized(), f.url());
                continue;
            }
            Path beside = inTree.resolveSibling(inTree.getFileName() + ".metadata");
            boolean hasBeside = Files.isRegularFile(beside);
            ProjectFile.Builder local = f.toBuilder()
                    .url("../../files/" + project.normalized() + "/" + FileNames.encode(f.filename()));
            if (hasBeside) {
                local.coreMetadata(f.coreMetadata().filter(CoreMetadata::available).orElse(CoreMetadata.AVAILABLE));
            } else {
                local.coreMetadata(f.filename().endsWith(".whl") ? CoreMetadata.AVAILABLE : null);
            }
            Path provenance = f.provenance().map(url -> inTree(project, dir, url)).orElse(null);
            if (provenance != null) {
                local.provenance("../../files/" + project.normalized() + "/" + FileNames.encode(f.filename())
                        + ProvenanceObject.SUFFIX);
            } else if (f.provenance().filter(StaticIndex::isWebUrl).isEmpty()) {
                local.provenance(null); // a link to a file outside the tree, or to nothing: none
            }
            if (f.uploadTime().isEmpty()) {
                local.uploadTime(modified(inTree));
            }
            files.put(f.filename(), new TreeFile(inTree, hasBeside ? beside : null, f.hash("sha256").orElse(null),
                    provenance));
            shown.add(local.build());
        }
        List<ProjectFile> withheld = List.of();
        if (source.status().filter(s -> s.status().equals("quarantined")).isPresent() && !files.isEmpty()) {
            // PEP 792: an index serves no files of a quarantined project, whatever its page still lists.
            withheld = List.copyOf(shown);
            LOG.warn("{}: the page of {} says it is quarantined and lists files; none is served", name(),
                    project.normalized());
            shown.clear();
            files.clear();
        }
        return new Loaded(version, new RenderedProjectPage(source.withFiles(shown)), Map.copyOf(files), withheld);
    }

    /** The file a relative link of a page in {@code dir} names inside the tree, or null (logged). */
    private Path inTree(ProjectName project, Path dir, String url) {
        if (isWebUrl(url)) {
            return null;
        }
        try {
            URI link = URI.create(url);
            String path = link.getPath();
            if (link.getScheme() == null && link.getRawAuthority() == null && path != null && !path.startsWith("/")) {
                Path file = dir.resolve(path).normalize();
                if (file.startsWith(root) && Files.isRegularFile(file)) {
                    return file;
                }
            }
        } catch (IllegalArgumentException e) {
            // Not a URL: reported below.
        }
        LOG.warn("{}: {} links to '{}', which is no file inside the tree; left out", name(), project.normalized(), url);
        return null;
    }

    /**
     * A tree file's upload time when its page states none: when it was last modified, which is when
     * {@code pymirror sync} (or whoever) put it there. A copy that does not keep times dates it anew.
     */
    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return null; // gone meanwhile: the file is not served anyway
        }
    }

    private static boolean isWebUrl(String url) {
        return url.startsWith("http://") || url.startsWith("https://");
    }

    private Loaded fromListing(ProjectName project, Path dir, FileVersion version) throws IOException {
        Map<String, TreeFile> files = new LinkedHashMap<>();
        List<ProjectFile> shown = new ArrayList<>();
        Set<String> versions = new LinkedHashSet<>();
        List<Path> entries;
        try (Stream<Path> list = Files.list(dir)) {
            entries = list.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path p : entries) {
            String filename = p.getFileName().toString();
            Optional<DistributionFilename> dist = DistributionFilename.tryParse(filename);
            if (dist.isEmpty() || !dist.get().name().equals(project) || !FileNames.isSafe(filename)) {
                continue;
            }
            Path beside = p.resolveSibling(filename + ".metadata");
            boolean hasBeside = Files.isRegularFile(beside);
            ReadFile read = read(p, hasBeside ? beside : null);
            String sha256 = read.sha256();
            shown.add(ProjectFile.builder(filename, "../../files/" + project.normalized() + "/" + FileNames.encode(filename))
                    .hash("sha256", sha256)
                    .size(Files.size(p))
                    .uploadTime(modified(p))
                    .requiresPython(read.requiresPython())
                    .coreMetadata(hasBeside || filename.endsWith(".whl") ? CoreMetadata.AVAILABLE : null)
                    .build());
            files.put(filename, new TreeFile(p, hasBeside ? beside : null, sha256, null));
            versions.add(dist.get().version().toString());
        }
        // Every size is known here, so the page is API 1.1 (PEP 700), with the versions its files are of.
        ProjectPage page = ProjectPage.builder(project).apiVersion(ApiVersion.V1_1).files(shown).versions(versions).build();
        return new Loaded(version, new RenderedProjectPage(page), Map.copyOf(files), List.of());
    }

    /**
     * A file's SHA-256 and the Requires-Python of its metadata (from the {@code .metadata} beside it,
     * else from inside it), read once per version of the file: without it, pip on an older Python
     * would fetch a file only to throw it away.
     */
    private ReadFile read(Path file, Path metadataBeside) throws IOException {
        FileVersion version = FileVersion.of(file).orElseThrow(() -> new IOException(file + " disappeared"));
        ReadFile known = readFiles.current(file, version);
        if (known != null) {
            return known;
        }
        ReadFile read = new ReadFile(version, Sha256.hexOf(file), requiresPython(file, metadataBeside));
        readFiles.put(file, read);
        return read;
    }

    /** The valid Requires-Python of a distribution's metadata, or null (an unreadable one is logged). */
    private String requiresPython(Path file, Path metadataBeside) {
        try {
            Optional<byte[]> metadata = metadataBeside != null ? Optional.of(Files.readAllBytes(metadataBeside))
                    : file.getFileName().toString().endsWith(".whl") ? WheelMetadataReader.read(file)
                    : SdistMetadataReader.read(file);
            String value = metadata.map(bytes -> RawMetadata.parse(bytes).first("Requires-Python")).orElse(null);
            return value != null && SpecifierSet.isValid(value.trim()) ? value.trim() : null;
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("{}: the metadata of {} cannot be read ({}); it is listed without Requires-Python", name(),
                    file.getFileName(), e.getMessage());
            return null;
        }
    }
}
