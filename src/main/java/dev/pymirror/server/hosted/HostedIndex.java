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
import dev.pymirror.server.index.MetadataAnswer;
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
import dev.pymirror.store.SdistMetadataReader;
import dev.pymirror.store.StagedFile;
import dev.pymirror.store.WheelMetadataReader;
import dev.pymirror.store.blob.BlobStore;
import dev.pymirror.store.blob.Content;
import dev.pymirror.store.blob.LocalBlobStore;
import dev.pymirror.store.blob.ObjectConflictException;
import dev.pymirror.store.blob.ObjectInfo;
import dev.pymirror.store.blob.StorageUnreachableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
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
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Packages uploaded to this server: the legacy upload API's files, checked, hashed, their core
 * metadata extracted and served as PEP 658, each visible only once it is completely stored.
 *
 * <p>Kept through the storage seam ({@link BlobStore}: the index's folder in the data directory, or
 * its prefix in a bucket that several nodes share), the same code for both:
 * <ul>
 *   <li>{@code files/<project>/<file>} and {@code <file>.metadata}: immutable objects written
 *       create-only; other bytes already under the name are the 409 below. A file uploaded again after
 *       its n-th deletion is kept under {@code files/<project>/+<n>/<file>}, so that a deletion's
 *       removal of the old copy never meets the new one;</li>
 *   <li>{@code projects/<project>/<entry>}: the project's {@link ProjectLog}, one create-only entry
 *       per upload, yank, unyank or deletion; a file is listed once an entry names it, and that entry
 *       is written after its bytes.</li>
 * </ul>
 * A page reads the log's new entries (one read of the next entry's key) when asked. Over a network
 * a page in memory is answered without asking for {@link #FRESH}: changes made on another node show
 * within that bound; on the local disk one stat of the log's folder per request says whether an
 * entry was added since the page was read ({@link BlobStore#folderMark}), so a {@code pymirror
 * file} command's or another server's change shows at the next request. An older version's
 * {@code projects/<project>.json} is taken into the project's log once, when the index opens.
 *
 * <p>Re-uploading a file with the same bytes is accepted and changes nothing; with other bytes it
 * is refused (409), since clients and caches keep files by URL. For the same reason a deleted
 * file's name is never given to other bytes: its record stays, marked deleted, and only the same
 * bytes can bring it back.
 */
public final class HostedIndex implements WritableIndex {

    private static final Logger LOG = LoggerFactory.getLogger(HostedIndex.class);
    private static final int CHUNK = 256 * 1024;
    private static final String STAGING = ".~uploads";

    /**
     * How long a page in memory is answered without reading its log, when the store is not on this
     * machine's disk (on Jetty's I/O thread, where no request to a bucket may wait): the bound on
     * seeing another node's change.
     */
    static final Duration FRESH = Duration.ofSeconds(1);

    private final HostedConfig config;
    private final BlobStore store;
    private final String prefix;
    private final Path staging;
    private final Clock clock;
    private final ConcurrentHashMap<String, ProjectLog> logs = new ConcurrentHashMap<>();
    private final ImportCommits commits;
    private final ConcurrentHashMap<String, Loaded> pages = new ConcurrentHashMap<>();
    /** Where {@link BlobStore#localFile} last put an object, to answer it again with one stat. */
    private final ConcurrentHashMap<String, Path> localFiles = new ConcurrentHashMap<>();

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

    /**
     * A project's state as last read, the log entry it replays, when the log was read and the mark
     * of the log's folder taken just before (null when the store gave none: see {@link #load}).
     */
    private record Loaded(long version, Instant read, ProjectState state, RenderedProjectPage page, String mark) {}

    /** The index kept in its own folder {@code dir} (the data directory's storage). */
    public HostedIndex(HostedConfig config, Path dir, Clock clock) throws IOException {
        this(config, new LocalBlobStore(dir), "", dir, clock);
    }

    /**
     * @param store where files and logs are kept
     * @param prefix the index's keys' beginning in {@code store}: empty, or ending in {@code /}
     * @param dir this node's own folder for the index: uploads are received here before they are stored
     */
    public HostedIndex(HostedConfig config, BlobStore store, String prefix, Path dir, Clock clock) throws IOException {
        this.config = config;
        this.store = store;
        this.prefix = prefix;
        this.clock = clock;
        this.commits = new ImportCommits(store, prefix);
        this.staging = Files.createDirectories(dir.resolve(STAGING));
        LegacyProjectFiles.migrate(store, prefix, this::log);
    }

    /**
     * The index of a server: in its folder {@code dir} when {@code shared} is null (the data
     * directory), else under {@code <name>/} in the shared bucket.
     */
    public static HostedIndex open(HostedConfig config, BlobStore shared, Path dir, Clock clock) throws IOException {
        return shared == null ? new HostedIndex(config, dir, clock)
                : new HostedIndex(config, shared, config.name() + "/", dir, clock);
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
            into.put("projects-error", "a storage error on this server (its log says more)");
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

    /** The page in memory while its log was read less than {@link #FRESH} ago (see {@link #fresh}). */
    @Override
    public Optional<PageAnswer> readyPage(ProjectName project) throws Unavailable {
        return Optional.ofNullable(fresh(project)).map(loaded -> PageAnswer.hit(loaded.page()));
    }

    @Override
    public Optional<Path> storedFile(ProjectName project, String filename) throws Unavailable {
        Loaded loaded = fresh(project);
        if (loaded == null) {
            return Optional.empty();
        }
        boolean metadata = filename.endsWith(".metadata");
        Optional<HostedFile> f = loaded.state().file(
                metadata ? filename.substring(0, filename.length() - ".metadata".length()) : filename);
        if (f.isEmpty() || (metadata && f.get().metadataSha256() == null)) {
            return Optional.empty(); // file() or metadata() says why not
        }
        String key = metadata ? metadataKey(project, f.get()) : fileKey(project, f.get());
        Path known = localFiles.get(key);
        if (known != null && Files.isRegularFile(known)) {
            return Optional.of(known);
        }
        // The data directory's own file, or the node's copy of a bucket's: one stat, no network, so
        // no need to have served it before (a second instance over the same directory, as a snapshot
        // opens, has served nothing; nor has a node restarted with its cache, or one that just stored it).
        try {
            Optional<Path> copy = store.localCopy(key);
            copy.ifPresent(p -> localFiles.put(key, p));
            return copy;
        } catch (IOException e) {
            return Optional.empty(); // file() reads it, and says why not
        }
    }

    /**
     * The project as read less than {@link #FRESH} ago, or null; read now when the store is on this
     * machine's disk (where {@link #load} costs a stat when nothing changed), so that a change made
     * beside the server shows at once.
     */
    private Loaded fresh(ProjectName project) throws Unavailable {
        if (store.readsLocally()) {
            // load() reads the log only when the folder's mark says it has changed.
            Loaded loaded = load(project);
            if (loaded == null) {
                throw noSuchProject(project);
            }
            return loaded;
        }
        Loaded loaded = pages.get(project.normalized());
        return loaded != null && clock.instant().isBefore(loaded.read().plus(FRESH)) ? loaded : null;
    }

    private Unavailable noSuchProject(ProjectName project) {
        return new Unavailable(404, "index '" + name() + "' has no project '" + project.normalized() + "'");
    }

    /**
     * The project list as last served: this process's write count then, when it was made, and on
     * the local disk the marks (taken before the reads) of the projects' folder and of each
     * project's log folder, null when one could not be taken.
     */
    private record ServedList(RenderedProjectList rendered, long change, Instant at, String folderMark,
            Map<String, String> logMarks) {}

    private volatile ServedList servedList;

    /**
     * Listing reads every project's log (and, on the local disk, walks every entry's name): so the
     * list is served again while it still stands, which on the local disk costs a stat of the
     * projects' folder (a new project's folder changes it) and one of each project's log folder (a
     * project whose last file is deleted, or that gets one again); on a bucket it stands for
     * {@link #FRESH}, as a page does.
     */
    @Override
    public PageAnswer projectList() throws Unavailable {
        try {
            ServedList known = servedList;
            if (known != null && stands(known)) {
                return PageAnswer.hit(known.rendered());
            }
            long change = changes.get();
            Instant at = clock.instant();
            String folderMark = mark("projects/");
            Map<String, String> logMarks = new java.util.HashMap<>();
            List<ProjectName> names = projectNames(logMarks);
            ServedList served = new ServedList(new RenderedProjectList(ProjectList.of(names)), change, at, folderMark,
                    logMarks);
            servedList = served;
            return PageAnswer.hit(served.rendered());
        } catch (IOException e) {
            throw Unavailable.disk("index '" + name() + "' cannot list its projects", e);
        }
    }

    private boolean stands(ServedList known) throws IOException {
        if (known.change() != changes.get()) {
            return false;
        }
        if (!store.readsLocally()) {
            return clock.instant().isBefore(known.at().plus(FRESH));
        }
        if (known.folderMark() == null || !known.folderMark().equals(mark("projects/"))) {
            return false;
        }
        for (Map.Entry<String, String> e : known.logMarks().entrySet()) {
            if (e.getValue() == null || !e.getValue().equals(mark("projects/" + e.getKey() + "/"))) {
                return false;
            }
        }
        return true;
    }

    /** The mark of a folder of the index ({@link BlobStore#folderMark}); null when there is none. */
    private String mark(String folder) throws IOException {
        return store.folderMark(prefix + folder).orElse(null);
    }

    @Override
    public FileAnswer file(ProjectName project, String filename) throws Unavailable {
        HostedFile f = listed(project, filename);
        return new FileAnswer.Stored(local(fileKey(project, f), filename));
    }

    @Override
    public MetadataAnswer metadata(ProjectName project, String filename) throws Unavailable {
        HostedFile f = listed(project, filename);
        if (f.metadataSha256() == null) {
            throw new Unavailable(404, "no metadata is served for '" + filename + "'");
        }
        return new MetadataAnswer.Stored(local(metadataKey(project, f), filename + ".metadata"));
    }

    /** The object as a file on this node's disk (a copy in its cache, for a bucket). */
    private Path local(String key, String filename) throws Unavailable {
        Optional<Path> path;
        try {
            path = store.localFile(key);
        } catch (IOException e) {
            throw Unavailable.disk("index '" + name() + "' cannot read '" + filename + "'", e);
        }
        if (path.isEmpty()) {
            // Listed when the page was read, deleted since.
            localFiles.remove(key);
            throw new Unavailable(404, "'" + filename + "' is no longer stored in index '" + name() + "'");
        }
        localFiles.put(key, path.get());
        return path.get();
    }

    /** The files a project serves, oldest first; empty when there is no such project. */
    public List<HostedFile> files(ProjectName project) throws IOException {
        try {
            Loaded loaded = load(project);
            return loaded == null ? List.of() : loaded.state().live();
        } catch (Unavailable e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** How many projects serve files (for {@code /health}, which anyone may ask), from {@link #keptProjectNames}. */
    int projectCount() throws IOException {
        return keptProjectNames().size();
    }

    /**
     * The projects that serve files, for those who ask often ({@code /health}, the web UI's pages and
     * search). Listing reads every project's log: so the list is kept, and made
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
        return projectNames(new java.util.HashMap<>());
    }

    /** @param logMarks gets each project folder's mark, taken before its log is read */
    private List<ProjectName> projectNames(Map<String, String> logMarks) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        String projects = prefix + "projects/";
        for (ObjectInfo.Listed listed : store.list(projects)) {
            String rest = listed.key().substring(projects.length());
            int slash = rest.indexOf('/');
            if (slash > 0 && rest.indexOf('/', slash + 1) < 0 && ProjectName.isNormalized(rest.substring(0, slash))) {
                names.add(rest.substring(0, slash));
            }
        }
        List<ProjectName> serving = new ArrayList<>();
        for (String name : names) {
            try {
                // A page read within FRESH stands: on a bucket, not one GET per project per listing.
                if (store.readsLocally()) {
                    logMarks.put(name, mark("projects/" + name + "/"));
                }
                Loaded recent = store.readsLocally() ? null : fresh(ProjectName.of(name));
                if (recent != null || load(ProjectName.of(name)) != null) {
                    serving.add(ProjectName.of(name));
                }
                ProjectLog log = logs.get(name);
                if (log != null && log.hidesImports()) {
                    // An import's commit shows its files without a new entry: no mark can say when.
                    logMarks.put(name, null);
                }
            } catch (Unavailable e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        return serving;
    }

    @Override
    public Stored upload(Upload upload, InputStream content) throws WriteRefused, IOException {
        return store(upload, content, null, null, null);
    }

    /**
     * A file carried from another index (a bundle's tree): checked and stored exactly as an upload
     * is, but keeping the upload time and yank it had there, so that the index read as of a moment
     * and pip's {@code --uploaded-prior-to} see it as the source did.
     *
     * @param uploaded its upload time there, or null for now
     * @param yanked its yank reason there (empty for none given), or null when not yanked
     * @param importId the import ({@link #openImport}) it belongs to: its log entry is seen only once
     *     {@link #commitImport} made the import's commit; IDENTICAL when that import stored it already
     */
    public Stored carry(Upload upload, InputStream content, Instant uploaded, String yanked, String importId)
            throws WriteRefused, IOException {
        return store(upload, content, uploaded == null ? null : uploaded.truncatedTo(ChronoUnit.MICROS), yanked,
                importId);
    }

    /**
     * An import of the bundle with this manifest id: the id its files are carried with. The same
     * bundle gets the same id until its import is committed, so a run after a crash finishes the
     * crashed one's (see {@link ImportCommits}).
     */
    public String openImport(String manifestId) throws IOException {
        return commits.open(manifestId);
    }

    /** Shows every file carried with {@code importId}, in every project at once. */
    public void commitImport(String importId) throws IOException {
        commits.commit(importId);
        pages.clear();
        changes.incrementAndGet();
        LOG.info("{}: committed import {}", name(), importId);
    }

    /** Whether the index serves {@code filename} with these bytes now. */
    public boolean serves(ProjectName project, String filename, String sha256) throws IOException {
        ProjectState state = read(project.normalized()).state();
        return state != null && state.file(filename).filter(f -> f.sha256().equals(sha256)).isPresent();
    }

    /**
     * Why {@code filename} with these bytes could not be stored: a file of that name recorded with
     * other bytes (served or deleted), or other bytes stored under its key but not listed (an import
     * not committed, an upload that died before its entry), as an upload of it would be told; empty
     * when it could.
     */
    public Optional<String> conflict(ProjectName project, String filename, String sha256) throws IOException {
        ProjectState state = read(project.normalized()).state();
        Optional<HostedFile> existing = state == null ? Optional.empty() : state.anyFile(filename);
        if (existing.isPresent() && !existing.get().sha256().equals(sha256)) {
            return Optional.of(otherBytes(filename, existing.get().isDeleted(), existing.get().sha256()).getMessage());
        }
        if (existing.isPresent() && !existing.get().isDeleted()) {
            return Optional.empty();
        }
        // Where the bytes would go may hold others, not listed: an upload that died before its log
        // entry, or an import not committed yet. Storing would meet them (ObjectConflictException).
        int generation = existing.map(f -> f.generation() + 1).orElse(0);
        HostedFile would = new HostedFile(filename, "", sha256, 0, Instant.EPOCH, null, null, null, null, null,
                generation);
        Optional<ObjectInfo> there = store.stat(fileKey(project, would));
        return there.filter(o -> !o.sha256().equals(sha256))
                .map(o -> otherBytes(filename, false, o.sha256()).getMessage());
    }

    private Stored store(Upload upload, InputStream content, Instant uploaded, String yanked, String importId)
            throws WriteRefused, IOException {
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

        // Received on this node's disk, then stored whole: nothing is in the store before it is checked.
        try (StagedFile staged = StagedFile.create(staging.resolve("upload"), staging)) {
            UploadDigests digests = new UploadDigests();
            long size = receive(content, staged, digests);
            digests.finish();
            checkDigests(upload, digests);
            byte[] metadataBytes = readMetadata(staged.stagingPath(), dist, filename);
            CoreMetadata metadata = checkMetadata(metadataBytes, dist);
            // An sdist's PKG-INFO speaks for its dependencies only when PEP 643 says it may; pip would
            // otherwise install from metadata that building the sdist could change.
            boolean serveMetadata = dist instanceof WheelFilename || metadata.dependenciesAreReliable();
            Content bytes = Content.ofFile(staged.stagingPath(), digests.sha256());

            boolean[] identical = {false};
            append(project.normalized(), importId, state -> {
                Optional<HostedFile> existing = state == null ? Optional.empty() : state.anyFile(filename);
                if (existing.isPresent() && !existing.get().sha256().equals(digests.sha256())) {
                    throw otherBytes(filename, existing.get().isDeleted(), existing.get().sha256());
                }
                if (existing.isPresent() && !existing.get().isDeleted()) {
                    identical[0] = true;
                    return Optional.empty();
                }
                identical[0] = false;
                // The same bytes after a deletion go under a name of their own (see HostedFile.generation).
                int generation = existing.map(f -> f.generation() + 1).orElse(0);
                HostedFile file = new HostedFile(filename, dist.version().toString(), digests.sha256(), size,
                        uploaded != null ? uploaded : now(), upload.user(), metadata.raw().first("Requires-Python"),
                        yanked, null, null, generation);
                String metadataSha256 = null;
                try {
                    store.create(fileKey(project, file), bytes);
                    if (serveMetadata) {
                        metadataSha256 = store.create(metadataKey(project, file), Content.of(metadataBytes))
                                .object().sha256();
                    }
                } catch (ObjectConflictException e) {
                    // Another writer stored other bytes under the name and has not listed them yet
                    // (or died before it could): the name is theirs.
                    throw otherBytes(filename, false, e.storedSha256());
                }
                file = new HostedFile(file.filename(), file.version(), file.sha256(), file.size(), file.uploaded(),
                        file.uploader(), file.requiresPython(), file.yanked(), metadataSha256, null, generation);
                return Optional.of(new ProjectChange.Uploaded(metadata.name().original(), file, importId));
            });
            changed(project);
            if (identical[0]) {
                LOG.info("{}: {} uploaded again by {} with the same bytes; nothing changed", name(), filename,
                        upload.user());
                return Stored.IDENTICAL;
            }
            LOG.info("{}: stored {} ({} bytes, sha256 {}) uploaded by {}", name(), filename, size, digests.sha256(),
                    upload.user());
            return Stored.NEW;
        }
    }

    private WriteRefused otherBytes(String filename, boolean deleted, String sha256) {
        return new WriteRefused(409, "'" + filename + "' " + (deleted
                ? "was deleted from index '" + name() + "', and its name stays with its old bytes"
                : "already exists in index '" + name() + "' with other bytes")
                + " (sha256 " + sha256 + "); a published file never changes, since"
                + " clients and caches keep it by its URL: upload a new version");
    }

    @Override
    public void yank(ProjectName project, String filename, String reason) throws WriteRefused, IOException {
        String r = reason == null ? "" : reason.strip();
        change(project, filename, FileEvent.yank(filename, now(), r));
        LOG.info("{}: yanked {}{}", name(), filename, r.isEmpty() ? "" : " (" + r + ")");
    }

    @Override
    public void unyank(ProjectName project, String filename) throws WriteRefused, IOException {
        change(project, filename, FileEvent.unyank(filename, now()));
        LOG.info("{}: unyanked {}", name(), filename);
    }

    @Override
    public void delete(ProjectName project, String filename) throws WriteRefused, IOException {
        // Unlisted first, then removed: no page ever points at a missing file. An upload of the same
        // bytes that lands meanwhile stores them under the next generation's key, which this
        // removal does not touch.
        HostedFile file = change(project, filename, new FileEvent(filename, now(), FileEvent.Kind.DELETE, null));
        store.delete(metadataKey(project, file));
        store.delete(fileKey(project, file));
        localFiles.remove(metadataKey(project, file));
        localFiles.remove(fileKey(project, file));
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

    /**
     * Appends {@code event} for a file the project lists when the entry is written.
     *
     * @return the file as it was listed before the event
     */
    private HostedFile change(ProjectName project, String filename, FileEvent event) throws WriteRefused, IOException {
        HostedFile[] changed = {null};
        append(project.normalized(), null, state -> {
            changed[0] = state == null ? null : state.file(filename).orElse(null);
            if (changed[0] == null) {
                throw new WriteRefused(404, "index '" + name() + "' has no file '" + filename + "' in project '"
                        + project.normalized() + "'");
            }
            return Optional.of(new ProjectChange.Event(event));
        });
        changed(project);
        return changed[0];
    }

    /** After a write by this process: a page or count read before it is not kept. */
    private void changed(ProjectName project) {
        pages.remove(project.normalized());
        changes.incrementAndGet();
    }

    private HostedFile listed(ProjectName project, String filename) throws Unavailable {
        Loaded loaded = load(project);
        Optional<HostedFile> f = loaded == null ? Optional.empty() : loaded.state().file(filename);
        return f.orElseThrow(() -> new Unavailable(404, "'" + filename + "' is not a file of project '"
                + project.normalized() + "' in index '" + name() + "'"));
    }

    /** The project's state after the log's newest entry; null when it serves no files. */
    private Loaded load(ProjectName project) throws Unavailable {
        String key = project.normalized();
        try {
            Instant read = clock.instant();
            // On the local disk, a page whose log folder has the mark it had before the page was
            // read is still the log's end: one stat instead of a read of the next entry (a failed
            // open and its exception), which was most of a hosted page's cost (BENCHMARKS.md).
            String mark = store.readsLocally() ? store.folderMark(prefix + "projects/" + key + "/").orElse(null) : null;
            if (BlobStore.EMPTY_FOLDER.equals(mark)) {
                // No log at all: a name this index never had, as a group asks of each public project.
                pages.remove(key);
                return null;
            }
            Loaded known = pages.get(key);
            if (mark != null && known != null && mark.equals(known.mark())) {
                return known;
            }
            ProjectLog.Replayed replayed = read(key);
            if (replayed.state() == null || replayed.state().live().isEmpty()) {
                pages.remove(key);
                return null;
            }
            known = pages.get(key);
            // An uncommitted import's commit object appears outside the log's folder, so the folder's
            // mark cannot tell when it does: such a page is read again each time, as on a bucket.
            String kept = replayed.hidden().isEmpty() ? mark : null;
            // The same state object is the same page (a commit seen since makes a new one).
            Loaded fresh = known != null && known.state() == replayed.state()
                    ? new Loaded(known.version(), read, known.state(), known.page(), kept)
                    : new Loaded(replayed.version(), read, replayed.state(),
                            new RenderedProjectPage(render(project, replayed.state())), kept);
            pages.put(key, fresh);
            return fresh;
        } catch (StorageUnreachableException e) {
            // The bucket does not answer: the page this node read last is still the best answer, as a
            // mirror's stale page is (its read time is kept, so the log is asked again next time).
            Loaded known = pages.get(key);
            if (known != null) {
                LOG.warn("{}: project '{}' served as last read: {}", name(), key, e.getMessage());
                return known;
            }
            throw Unavailable.disk("index '" + name() + "' cannot read project '" + key + "'", e);
        } catch (IOException e) {
            throw Unavailable.disk("index '" + name() + "' cannot read project '" + key + "'", e);
        }
    }

    /**
     * The project's log: the one kept once it had entries, else a new one, kept only when it turns
     * out to have some (a request for any name must not grow the map).
     */
    private ProjectLog log(String project) {
        ProjectLog known = logs.get(project);
        return known != null ? known : new ProjectLog(store, prefix + "projects/" + project, commits);
    }

    /** Reads the project's log to its end, keeping it when it has entries. */
    private ProjectLog.Replayed read(String project) throws IOException {
        ProjectLog log = log(project);
        ProjectLog.Replayed replayed = log.read();
        if (replayed.version() > 0) {
            logs.putIfAbsent(project, log);
        }
        return replayed;
    }

    /** Appends to the project's log, then keeps it. */
    private void append(String project, String importId, ProjectLog.Decision decision)
            throws IOException, WriteRefused {
        ProjectLog log = log(project);
        log.append(importId, decision);
        logs.putIfAbsent(project, log);
    }

    private String fileKey(ProjectName project, HostedFile f) {
        return prefix + "files/" + project.normalized() + "/" + (f.generation() == 0 ? "" : "+" + f.generation() + "/")
                + f.filename();
    }

    private String metadataKey(ProjectName project, HostedFile f) {
        return fileKey(project, f) + ".metadata";
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
