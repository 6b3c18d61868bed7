package dev.pymirror.server.hosted;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pymirror.packaging.PackagingException;
import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.dist.DistributionFilename;
import dev.pymirror.packaging.dist.InvalidFilenameException;
import dev.pymirror.packaging.dist.SdistFilename;
import dev.pymirror.packaging.dist.WheelFilename;
import dev.pymirror.packaging.metadata.CoreMetadata;
import dev.pymirror.packaging.version.Version;
import dev.pymirror.server.config.HostedConfig;
import dev.pymirror.server.index.FileAnswer;
import dev.pymirror.server.index.FileEvent;
import dev.pymirror.server.index.FileNames;
import dev.pymirror.server.index.PageAnswer;
import dev.pymirror.server.index.RenderedProjectList;
import dev.pymirror.server.index.RenderedProjectPage;
import dev.pymirror.server.index.Unavailable;
import dev.pymirror.server.index.Upload;
import dev.pymirror.server.index.WritableIndex;
import dev.pymirror.server.index.WriteRefused;
import dev.pymirror.simple.ApiVersion;
import dev.pymirror.simple.PageMeta;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.simple.ProjectList;
import dev.pymirror.simple.ProjectPage;
import dev.pymirror.simple.Yank;
import dev.pymirror.store.FileLock;
import dev.pymirror.store.FileVersion;
import dev.pymirror.store.KeptByVersion;
import dev.pymirror.store.SdistMetadataReader;
import dev.pymirror.store.StagedFile;
import dev.pymirror.store.WheelMetadataReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Packages uploaded to this server: the legacy upload API's files, checked, hashed, their core
 * metadata extracted and served as PEP 658, each visible only once it is completely stored.
 *
 * <p>On disk under its directory:
 * <ul>
 *   <li>{@code files/<project>/<file>} and {@code <file>.metadata}: the bytes, published atomically;</li>
 *   <li>{@code projects/<project>.json}: the project's files and what is known of them
 *       ({@link ProjectState}); a file is listed once this names it, and this is written last;</li>
 *   <li>{@code projects/<project>.lock}: held while a project changes, by this server or by a
 *       {@code pymirror file} command working on the same directory.</li>
 * </ul>
 * A page is read again when its state file changes (one {@code stat} per request), so changes
 * made by a command show without a restart.
 *
 * <p>Re-uploading a file with the same bytes is accepted and changes nothing; with other bytes it
 * is refused (409), since clients and caches keep files by URL. For the same reason a deleted
 * file's name is never given to other bytes: its record stays, marked deleted, and only the same
 * bytes can bring it back.
 */
public final class HostedIndex implements WritableIndex {

    private static final Logger LOG = LoggerFactory.getLogger(HostedIndex.class);
    private static final int CHUNK = 256 * 1024;

    private final HostedConfig config;
    private final Path projectsDir;
    private final Path filesDir;
    private final Clock clock;
    private final KeptByVersion<String, Loaded> pages = new KeptByVersion<>(Loaded::version);

    /**
     * How long {@code /health} and the web UI use a project list that this process did not change
     * since: changes made by a {@code pymirror file} command beside the server show within this time.
     */
    static final Duration COUNT_KEPT = Duration.ofSeconds(10);

    /** Writes of a project's state by this process; a count made before the latest one is stale. */
    private final AtomicLong changes = new AtomicLong();
    private volatile KeptNames listed;

    /** The projects that serve files, listed at {@code at}, when {@code changes} had {@code change}. */
    private record KeptNames(List<ProjectName> names, Instant at, long change) {}

    /** A project's state as last read, and the version of its file it came from. */
    private record Loaded(FileVersion version, ProjectState state, RenderedProjectPage page) {}

    public HostedIndex(HostedConfig config, Path dir, Clock clock) throws IOException {
        this.config = config;
        this.clock = clock;
        this.projectsDir = Files.createDirectories(dir.resolve("projects"));
        this.filesDir = Files.createDirectories(dir.resolve("files"));
    }

    @Override
    public String name() {
        return config.name();
    }

    public HostedConfig config() {
        return config;
    }

    @Override
    public long maxUploadBytes() {
        return config.maxUploadBytes();
    }

    @Override
    public void describe(ObjectNode into) {
        into.put("kind", "hosted");
        into.put("max-upload-bytes", config.maxUploadBytes());
        try {
            into.put("projects", projectCount());
        } catch (IOException e) {
            into.put("projects-error", "a disk error on this server (its log says more)");
            LOG.error("{}: cannot list its projects: {}", name(), e.toString());
        }
    }

    @Override
    public PageAnswer page(ProjectName project) throws Unavailable {
        Loaded loaded = load(project);
        if (loaded == null) {
            throw noSuchProject(project);
        }
        return PageAnswer.hit(loaded.page());
    }

    /** The page in memory when the project's state file has not changed since it was read: one stat. */
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
        boolean metadata = filename.endsWith(".metadata");
        Optional<HostedFile> f = loaded.state().file(
                metadata ? filename.substring(0, filename.length() - ".metadata".length()) : filename);
        if (f.isEmpty() || (metadata && f.get().metadataSha256() == null)) {
            return Optional.empty(); // file() or metadata() says why not
        }
        return Optional.of(filesDir.resolve(project.normalized()).resolve(filename));
    }

    /**
     * The project as read before, when its state file is unchanged; null when it must be read again.
     *
     * @throws Unavailable 404 when the project has no state file
     */
    private Loaded current(ProjectName project) throws Unavailable {
        Optional<FileVersion> version;
        try {
            version = FileVersion.of(stateFile(project));
        } catch (IOException e) {
            return null; // load() reports it
        }
        if (version.isEmpty()) {
            throw noSuchProject(project);
        }
        return pages.current(project.normalized(), version.get());
    }

    private Unavailable noSuchProject(ProjectName project) {
        return new Unavailable(404, "index '" + name() + "' has no project '" + project.normalized() + "'");
    }

    @Override
    public PageAnswer projectList() throws Unavailable {
        try {
            return PageAnswer.hit(new RenderedProjectList(ProjectList.of(projectNames())));
        } catch (IOException e) {
            throw Unavailable.disk("index '" + name() + "' cannot list its projects", e);
        }
    }

    @Override
    public FileAnswer file(ProjectName project, String filename) throws Unavailable {
        listed(project, filename);
        return new FileAnswer.Stored(filesDir.resolve(project.normalized()).resolve(filename));
    }

    @Override
    public Path metadata(ProjectName project, String filename) throws Unavailable {
        HostedFile f = listed(project, filename);
        if (f.metadataSha256() == null) {
            throw new Unavailable(404, "no metadata is served for '" + filename + "'");
        }
        return filesDir.resolve(project.normalized()).resolve(filename + ".metadata");
    }

    /** The files a project serves, oldest first; empty when there is no such project. */
    public List<HostedFile> files(ProjectName project) throws IOException {
        ProjectState state = readState(project);
        return state == null ? List.of() : state.live();
    }

    /** How many projects serve files (for {@code /health}, which anyone may ask), from {@link #keptProjectNames}. */
    int projectCount() throws IOException {
        return keptProjectNames().size();
    }

    /**
     * The projects that serve files, for those who ask often ({@code /health}, the web UI's pages and
     * search). Listing reads every project's folder entry and state: so the list is kept, and made
     * again only after this process changed a project or {@link #COUNT_KEPT} passed.
     */
    public List<ProjectName> keptProjectNames() throws IOException {
        KeptNames known = listed;
        long change = changes.get();
        Instant now = clock.instant();
        if (known != null && known.change() == change && now.isBefore(known.at().plus(COUNT_KEPT))) {
            return known.names();
        }
        List<ProjectName> names = List.copyOf(projectNames()); // shared by every reader
        listed = new KeptNames(names, now, change);
        return names;
    }

    /** The projects that serve files, sorted. */
    public List<ProjectName> projectNames() throws IOException {
        List<ProjectName> names;
        try (Stream<Path> list = Files.list(projectsDir)) {
            names = list.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json") && !n.startsWith("."))
                    .map(n -> n.substring(0, n.length() - ".json".length()))
                    .filter(ProjectName::isNormalized)
                    .sorted().map(ProjectName::of).toList();
        }
        List<ProjectName> serving = new ArrayList<>();
        for (ProjectName name : names) {
            try {
                if (load(name) != null) {
                    serving.add(name);
                }
            } catch (Unavailable e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        return serving;
    }

    @Override
    @SuppressWarnings("try") // the lock is held by being open
    public Stored upload(Upload upload, InputStream content) throws WriteRefused, IOException {
        String action = upload.field(":action");
        if (!"file_upload".equals(action)) {
            throw new WriteRefused(400, action == null
                    ? "not an upload: the form has no ':action' field (twine sends ':action=file_upload')"
                    : "':action=" + action + "' is not supported here; only 'file_upload' is");
        }
        String filename = upload.filename();
        if (filename == null || filename.isBlank()) {
            throw new WriteRefused(400, "the upload has no file: the form needs a 'content' part with a file name");
        }
        if (!FileNames.isSafe(filename)) {
            throw new WriteRefused(400, "bad file name: '" + filename + "' is not a plain file name");
        }
        if (!FileNames.fitsOnDisk(filename)) {
            throw new WriteRefused(400, "bad file name: " + FileNames.tooLong(filename));
        }
        DistributionFilename dist = parseFilename(filename);
        checkForm(upload, dist);
        ProjectName project = dist.name();
        Path target = filesDir.resolve(project.normalized()).resolve(filename);

        // Staged beside the projects' folders, not in its own: a refused upload leaves no empty
        // project folder behind, and the folder is made (by publishing) only under the lock.
        try (StagedFile staged = StagedFile.create(target, filesDir)) {
            UploadDigests digests = new UploadDigests();
            long size = receive(content, staged, digests);
            digests.finish();
            checkDigests(upload, digests);
            byte[] metadataBytes = readMetadata(staged.stagingPath(), dist, filename);
            CoreMetadata metadata = checkMetadata(metadataBytes, dist);
            // An sdist's PKG-INFO speaks for its dependencies only when PEP 643 says it may; pip would
            // otherwise install from metadata that building the sdist could change.
            boolean serveMetadata = dist instanceof WheelFilename || metadata.dependenciesAreReliable();

            try (FileLock lock = FileLock.acquire(lockFile(project))) {
                ProjectState state = readState(project);
                Optional<HostedFile> existing = state == null ? Optional.empty() : state.anyFile(filename);
                if (existing.isPresent() && !existing.get().sha256().equals(digests.sha256())) {
                    throw new WriteRefused(409, "'" + filename + "' " + (existing.get().isDeleted()
                            ? "was deleted from index '" + name() + "', and its name stays with its old bytes"
                            : "already exists in index '" + name() + "' with other bytes")
                            + " (sha256 " + existing.get().sha256() + "); a published file never changes, since"
                            + " clients and caches keep it by its URL: upload a new version");
                }
                if (existing.isPresent() && !existing.get().isDeleted()) {
                    LOG.info("{}: {} uploaded again by {} with the same bytes; nothing changed", name(), filename,
                            upload.user());
                    return Stored.IDENTICAL;
                }
                staged.publish(digests.sha256(), size);
                String metadataSha256 = null;
                if (serveMetadata) {
                    metadataSha256 = publish(target.resolveSibling(filename + ".metadata"), metadataBytes);
                }
                HostedFile file = new HostedFile(filename, dist.version().toString(), digests.sha256(), size,
                        clock.instant().truncatedTo(ChronoUnit.MICROS), upload.user(),
                        metadata.raw().first("Requires-Python"), null, metadataSha256, null);
                ProjectState base = state != null ? state : new ProjectState(metadata.name().original(), List.of());
                writeState(project, base.with(file));
            }
            LOG.info("{}: stored {} ({} bytes, sha256 {}) uploaded by {}", name(), filename, size, digests.sha256(),
                    upload.user());
            return Stored.NEW;
        }
    }

    @Override
    public void yank(ProjectName project, String filename, String reason) throws WriteRefused, IOException {
        String r = reason == null ? "" : reason.strip();
        change(project, filename, (state, file) -> state.with(file.withYanked(r))
                .logged(FileEvent.yank(filename, now(), r)), () -> {});
        LOG.info("{}: yanked {}{}", name(), filename, r.isEmpty() ? "" : " (" + r + ")");
    }

    @Override
    public void unyank(ProjectName project, String filename) throws WriteRefused, IOException {
        change(project, filename, (state, file) -> state.with(file.withYanked(null))
                .logged(FileEvent.unyank(filename, now())), () -> {});
        LOG.info("{}: unyanked {}", name(), filename);
    }

    @Override
    public void delete(ProjectName project, String filename) throws WriteRefused, IOException {
        Path dir = filesDir.resolve(project.normalized());
        // Unlisted first, then removed, both under the project's lock: no page ever points at a
        // missing file, and an upload of the same bytes waiting for the lock publishes them after
        // the removal, not before it (which lost files that had been acknowledged).
        change(project, filename, (state, file) -> {
            Instant at = now();
            return state.with(file.withDeleted(at)).logged(new FileEvent(filename, at, FileEvent.Kind.DELETE, null));
        }, () -> {
            Files.deleteIfExists(dir.resolve(filename + ".metadata"));
            Files.deleteIfExists(dir.resolve(filename));
        });
        LOG.info("{}: deleted {}", name(), filename);
    }

    /** Now, to the microsecond as upload times are (PEP 700), so that events compare with them. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * The project's yanks, unyanks and deletions. A deleted file's bytes are gone, so no view lists
     * it, also of a moment before its deletion.
     */
    @Override
    public List<FileEvent> history(ProjectName project) throws Unavailable {
        Loaded loaded = load(project);
        return loaded == null ? List.of() : loaded.state().events();
    }

    private interface Edit {
        ProjectState apply(ProjectState state, HostedFile file);
    }

    /** What a change does to the project's files once its state is written, still under the lock. */
    private interface FilesChange {
        void run() throws IOException;
    }

    /** Every change of a project, its state and its files, is made holding the project's lock. */
    @SuppressWarnings("try") // the lock is held by being open
    private void change(ProjectName project, String filename, Edit edit, FilesChange then)
            throws WriteRefused, IOException {
        try (FileLock lock = FileLock.acquire(lockFile(project))) {
            ProjectState state = readState(project);
            HostedFile file = state == null ? null : state.file(filename).orElse(null);
            if (file == null) {
                throw new WriteRefused(404, "index '" + name() + "' has no file '" + filename + "' in project '"
                        + project.normalized() + "'");
            }
            writeState(project, edit.apply(state, file));
            then.run();
        }
    }

    private HostedFile listed(ProjectName project, String filename) throws Unavailable {
        Loaded loaded = load(project);
        Optional<HostedFile> f = loaded == null ? Optional.empty() : loaded.state().file(filename);
        return f.orElseThrow(() -> new Unavailable(404, "'" + filename + "' is not a file of project '"
                + project.normalized() + "' in index '" + name() + "'"));
    }

    /** The project's state, read again if its file changed since; null when it has no files. */
    private Loaded load(ProjectName project) throws Unavailable {
        String key = project.normalized();
        Path file = stateFile(project);
        try {
            FileVersion version = FileVersion.of(file).orElse(null);
            if (version == null) {
                pages.remove(key);
                return null;
            }
            Loaded known = pages.current(key, version);
            if (known != null) {
                return known;
            }
            ProjectState state = readState(project);
            if (state == null || state.live().isEmpty()) {
                pages.remove(key);
                return null;
            }
            Loaded fresh = new Loaded(version, state, new RenderedProjectPage(render(project, state)));
            pages.put(key, fresh);
            return fresh;
        } catch (IOException e) {
            throw Unavailable.disk("index '" + name() + "' cannot read project '" + key + "'", e);
        }
    }

    private ProjectPage render(ProjectName project, ProjectState state) {
        List<ProjectFile> files = new ArrayList<>();
        List<Version> versions = new ArrayList<>();
        for (HostedFile f : state.live()) {
            ProjectFile.Builder b = ProjectFile.builder(f.filename(),
                            "../../files/" + project.normalized() + "/" + FileNames.encode(f.filename()))
                    .hash("sha256", f.sha256())
                    .size(f.size())
                    .uploadTime(f.uploaded())
                    .requiresPython(f.requiresPython())
                    .yank(f.yanked() == null ? null : Yank.because(f.yanked()));
            if (f.metadataSha256() != null) {
                b.coreMetadata(dev.pymirror.simple.CoreMetadata.withHashes(Map.of("sha256", f.metadataSha256())));
            }
            files.add(b.build());
            Version v = Version.parseOrNull(f.version());
            if (v != null && !versions.contains(v)) {
                versions.add(v);
            }
        }
        versions.sort(Comparator.naturalOrder());
        ProjectName name = ProjectName.isValid(state.displayName()) ? ProjectName.of(state.displayName()) : project;
        return ProjectPage.builder(name).meta(PageMeta.of(ApiVersion.V1_1)).files(files)
                .versions(versions.stream().map(Version::toString).toList()).build();
    }

    private ProjectState readState(ProjectName project) throws IOException {
        try {
            return ProjectState.fromJson(Files.readAllBytes(stateFile(project)));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private void writeState(ProjectName project, ProjectState state) throws IOException {
        publish(stateFile(project), state.toJson());
        pages.remove(project.normalized());
        changes.incrementAndGet(); // after the write: a count begun before it is not kept
    }

    private Path stateFile(ProjectName project) {
        return projectsDir.resolve(project.normalized() + ".json");
    }

    private Path lockFile(ProjectName project) {
        return projectsDir.resolve(project.normalized() + ".lock");
    }

    private static String publish(Path target, byte[] bytes) throws IOException {
        try (StagedFile f = StagedFile.create(target)) {
            f.write(bytes, 0, bytes.length);
            return f.publish(null, bytes.length);
        }
    }

    private static DistributionFilename parseFilename(String filename) throws WriteRefused {
        try {
            return DistributionFilename.parse(filename);
        } catch (InvalidFilenameException e) {
            if (e.problem() == InvalidFilenameException.Problem.EXTENSION) {
                throw new WriteRefused(400, "unsupported file type: '" + filename + "'; this index takes wheels (.whl)"
                        + " and source distributions (.tar.gz, .zip)");
            }
            throw new WriteRefused(400, "bad file name: " + e.getMessage());
        }
    }

    /** The form's name, version and file type must agree with the file name. */
    private static void checkForm(Upload upload, DistributionFilename dist) throws WriteRefused {
        String name = upload.field("name");
        String version = upload.field("version");
        if (name == null || version == null) {
            throw new WriteRefused(400, "metadata mismatch: the upload must give the project's 'name' and 'version'"
                    + " (twine sends both)");
        }
        if (!ProjectName.isValid(name) || !ProjectName.normalize(name).equals(dist.name().normalized())) {
            throw new WriteRefused(400, "metadata mismatch: the file name says project '" + dist.name().normalized()
                    + "', the upload says '" + name + "'");
        }
        Version v = Version.parseOrNull(version);
        if (v == null || !v.equals(dist.version())) {
            throw new WriteRefused(400, "metadata mismatch: the file name says version '" + dist.version()
                    + "', the upload says '" + version + "'");
        }
        String filetype = upload.field("filetype");
        String expected = dist instanceof WheelFilename ? "bdist_wheel" : "sdist";
        if (filetype != null && !filetype.equals(expected)) {
            throw new WriteRefused(400, "unsupported file type: the upload says '" + filetype + "' for '"
                    + upload.filename() + "', which is a" + (expected.equals("sdist") ? "n sdist" : " wheel"));
        }
    }

    private long receive(InputStream content, StagedFile staged, UploadDigests digests) throws IOException, WriteRefused {
        byte[] buffer = new byte[CHUNK];
        long size = 0;
        for (int n; (n = content.read(buffer)) >= 0; ) {
            size += n;
            if (size > config.maxUploadBytes()) {
                throw tooLarge(config.maxUploadBytes());
            }
            digests.update(buffer, 0, n);
            staged.write(buffer, 0, n);
        }
        if (size == 0) {
            throw new WriteRefused(400, "the uploaded file is empty");
        }
        return size;
    }

    private static WriteRefused tooLarge(long limit) {
        return new WriteRefused(400, "too large: the file is larger than this index's limit of " + limit
                + " bytes (max-upload)");
    }

    private static void checkDigests(Upload upload, UploadDigests digests) throws WriteRefused {
        check("sha256_digest", upload.field("sha256_digest"), digests.sha256());
        check("md5_digest", upload.field("md5_digest"), digests.md5());
        check("blake2_256_digest", upload.field("blake2_256_digest"), digests.blake2_256());
    }

    private static void check(String field, String claimed, String actual) throws WriteRefused {
        if (claimed != null && !claimed.toLowerCase(Locale.ROOT).equals(actual)) {
            throw new WriteRefused(400, "the file arrived damaged: its " + field.replace("_digest", "") + " is "
                    + actual + ", the upload's " + field + " says " + claimed);
        }
    }

    private static byte[] readMetadata(Path file, DistributionFilename dist, String filename) throws WriteRefused {
        Optional<byte[]> bytes;
        try {
            bytes = switch (dist) {
                case WheelFilename w -> WheelMetadataReader.read(file);
                case SdistFilename s -> SdistMetadataReader.read(file, s.format() == SdistFilename.Format.ZIP);
            };
        } catch (IOException e) {
            throw new WriteRefused(400, "'" + dist + "' is not a readable " + (dist instanceof WheelFilename
                    ? "wheel (zip)" : "archive") + ": "
                    // The readers name the file they read, here the staging file: the client knows it by its own name.
                    + String.valueOf(e.getMessage()).replace(file.getFileName().toString(), filename));
        }
        return bytes.orElseThrow(() -> new WriteRefused(400, dist instanceof WheelFilename
                ? "the wheel holds no <name>.dist-info/METADATA"
                : "the sdist holds no <name>-<version>/PKG-INFO"));
    }

    private static CoreMetadata checkMetadata(byte[] bytes, DistributionFilename dist) throws WriteRefused {
        CoreMetadata metadata;
        try {
            metadata = CoreMetadata.parse(bytes);
        } catch (PackagingException e) {
            throw new WriteRefused(400, "the file's core metadata is invalid: " + e.getMessage());
        }
        if (!metadata.name().equals(dist.name())) {
            throw new WriteRefused(400, "metadata mismatch: the file name says project '" + dist.name().normalized()
                    + "', its metadata says '" + metadata.name().original() + "'");
        }
        if (!metadata.version().equals(dist.version())) {
            throw new WriteRefused(400, "metadata mismatch: the file name says version '" + dist.version()
                    + "', its metadata says '" + metadata.version() + "'");
        }
        return metadata;
    }
}
