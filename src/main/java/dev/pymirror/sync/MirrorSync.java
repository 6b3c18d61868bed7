package dev.pymirror.sync;

import dev.pymirror.hash.Sha256;
import dev.pymirror.packaging.ProjectName;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.sync.download.DownloadException;
import dev.pymirror.sync.download.DownloadPlan;
import dev.pymirror.sync.download.DownloadPlanner;
import dev.pymirror.sync.download.DownloadResult;
import dev.pymirror.sync.download.Downloader;
import dev.pymirror.sync.download.FetchedFile;
import dev.pymirror.sync.download.FileFetcher;
import dev.pymirror.sync.download.PlannedFile;
import dev.pymirror.sync.download.ProvenanceFetcher;
import dev.pymirror.sync.download.SharedFiles;
import dev.pymirror.sync.download.Spool;
import dev.pymirror.sync.index.Speculation;
import dev.pymirror.sync.index.TargetSpeculation;
import dev.pymirror.sync.index.UpstreamPackageIndex;
import dev.pymirror.sync.lock.Lock;
import dev.pymirror.sync.lock.LockFileException;
import dev.pymirror.sync.lock.LockPlanner;
import dev.pymirror.sync.lock.LockReader;
import dev.pymirror.sync.lock.LockedFileException;
import dev.pymirror.sync.manifest.FileRecord;
import dev.pymirror.sync.manifest.Manifest;
import dev.pymirror.sync.manifest.ResolvedRecord;
import dev.pymirror.sync.manifest.TargetRecord;
import dev.pymirror.sync.reqfile.RequirementEntry;
import dev.pymirror.sync.reqfile.RequirementsFileException;
import dev.pymirror.sync.reqfile.RequirementsFileReader;
import dev.pymirror.sync.reqfile.RequirementsSet;
import dev.pymirror.sync.resolve.IndexException;
import dev.pymirror.sync.resolve.InstallTarget;
import dev.pymirror.sync.resolve.Resolution;
import dev.pymirror.sync.resolve.ResolutionException;
import dev.pymirror.sync.resolve.ResolveOptions;
import dev.pymirror.sync.resolve.ResolvedPackage;
import dev.pymirror.sync.resolve.Resolver;
import dev.pymirror.sync.tree.MirrorTree;
import dev.pymirror.sync.tree.TreeCatalog;
import dev.pymirror.sync.tree.TreeLock;
import dev.pymirror.upstream.UpstreamIndex;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Builds or updates a partial mirror: reads the requirements, resolves them for every target,
 * downloads what the tree lacks, and writes the pages and the manifest. Lock files take the place
 * of resolving (or add to it): the files they name for each target are taken as they are.
 *
 * <p>A reader of the tree never sees it half-built: files are published one by one, each complete
 * and checked, before any page names them; pages are replaced atomically, project pages before the
 * root page; files pruned go only after the pages stop naming them. If a download fails nothing is
 * published: the pages keep describing the previous sync, and the files already fetched are kept
 * for the next run.
 */
public final class MirrorSync {

    private final RequirementsFileReader reader;

    public MirrorSync() {
        this(new RequirementsFileReader());
    }

    public MirrorSync(RequirementsFileReader reader) {
        this.reader = reader;
    }

    /**
     * Runs a sync.
     *
     * @throws RequirementsFileException when a requirements file cannot be used (the user must fix it)
     * @throws LockFileException when a lock file cannot be used, or was not made for a target
     * @throws ResolutionException when a target has no consistent set of releases
     * @throws SyncException when the upstream or the tree fails
     */
    public SyncReport sync(SyncRequest request, SyncListener listener)
            throws RequirementsFileException, LockFileException, ResolutionException, SyncException {
        return sync(request, listener, new SharedFiles());
    }

    /**
     * Runs a sync that takes the files trees synced earlier in the run hold instead of fetching them
     * again, and offers its own to those synced after it.
     */
    @SuppressWarnings("try") // the tree's lock is held for the block, never referenced in it
    public SyncReport sync(SyncRequest request, SyncListener listener, SharedFiles shared)
            throws RequirementsFileException, LockFileException, ResolutionException, SyncException {
        Instant start = Instant.now();
        RequirementsSet requirements = reader.read(request.requirementFiles(), request.constraintFiles(), request.specs());
        List<Lock> locks = new ArrayList<>();
        for (Path file : request.lockFiles()) {
            locks.add(new LockReader().read(file));
        }
        if (requirements.requirements().isEmpty() && locks.isEmpty()) {
            throw new SyncException("nothing to sync: the requirements given hold no requirement");
        }
        URI upstreamUrl = upstream(request, requirements);
        List<String> notes = new ArrayList<>(requirements.notes());
        requirements.notes().forEach(listener::note);
        MirrorTree tree = new MirrorTree(request.output());
        try (TreeLock lock = tree.lock()) {
            Manifest manifest = tree.manifest().read();
            Spool spool = new Spool(tree.spoolDir());
            spool.clear(); // what a run that died left behind
            for (Path leftover : tree.leftovers()) {
                Files.deleteIfExists(leftover); // unfinished writes of a run that died: never published
            }
            Map<InstallTarget, Resolution> resolutions;
            DownloadPlan plan;
            DownloadResult downloaded;
            long metadataBytes;
            boolean prereleases = request.prereleases() || requirements.allowPrereleases();
            UpstreamIndex upstream = new UpstreamIndex(upstreamUrl, request.timeout(), request.timeout());
            try (UpstreamPackageIndex index = new UpstreamPackageIndex(upstream, request.retry(), spool,
                    localMetadata(tree, manifest), Math.max(8, request.jobs() * 2), listener,
                    requirements.requirements().isEmpty() ? Speculation.NONE
                            : new TargetSpeculation(request.targets(), request.sdists(), prereleases))) {
                try {
                    resolutions = new LinkedHashMap<>();
                    if (!requirements.requirements().isEmpty()) {
                        listener.step("resolving for " + request.targets().size() + " target"
                                + (request.targets().size() == 1 ? "" : "s") + " against " + upstreamUrl);
                        ResolveOptions options = ResolveOptions.DEFAULT
                                .withPrereleases(prereleases)
                                .withSdists(request.sdists());
                        resolutions.putAll(new Resolver(index, options).resolveAll(requirements.requirements(),
                                requirements.constraints(), request.targets()));
                    }
                    if (!locks.isEmpty()) {
                        listener.step("taking the files of " + String.join(", ", locks.stream().map(Lock::origin).toList())
                                + " from " + upstreamUrl);
                        Map<InstallTarget, Resolution> locked = new LockPlanner(index, request.sdists(),
                                upstreamUrl.toString()).plan(locks, request.targets());
                        locked.forEach((target, r) -> resolutions.merge(target, r, MirrorSync::merged));
                    }
                } catch (IndexException e) {
                    throw new SyncException("the upstream " + upstreamUrl + " failed: " + e.getMessage(), e);
                } catch (LockedFileException e) {
                    throw new SyncException(e.getMessage(), e);
                }
                for (Resolution r : resolutions.values()) {
                    listener.resolved(r);
                    for (String note : r.notes()) {
                        String line = r.target().name() + ": " + note;
                        notes.add(line);
                        listener.note(line);
                    }
                }
                plan = DownloadPlanner.plan(resolutions.values(), tree::file, file -> holds(tree, manifest, file));
                int lent = 0;
                for (PlannedFile file : plan.fetch()) {
                    lent += shared.lend(file, spool) ? 1 : 0;
                }
                if (lent > 0) {
                    String line = lent + " of the files to fetch were taken from mirrors synced earlier in this run";
                    listener.note(line);
                    notes.add(line);
                }
                listener.step("downloading " + plan.fetch().size() + " of " + plan.all().size() + " files");
                downloaded = new Downloader(new FileFetcher(upstream, request.retry()), spool, request.jobs(), listener)
                        .download(plan.fetch());
                if (downloaded.ok()) {
                    List<String> missed = new ProvenanceFetcher(upstream, request.retry(), request.jobs())
                            .fetch(plan.all(), f -> tree.provenanceFile(f.project(), f.filename()));
                    missed.forEach(listener::note);
                    notes.addAll(missed);
                }
                metadataBytes = index.bytesReceived();
            }
            if (!downloaded.ok()) {
                throw new SyncException(downloaded.failures().size() + " of " + plan.fetch().size()
                        + " files could not be downloaded, so the pages were left as they were (the files that"
                        + " did arrive are kept for the next run):\n  " + String.join("\n  ", downloaded.failures()));
            }
            listener.step("writing pages");
            Map<String, FileRecord> records = fileRecords(manifest, plan, downloaded);
            for (PlannedFile file : plan.all()) {
                FileRecord r = records.get(MirrorTree.key(file.project(), file.filename()));
                shared.remember(file.source().url(), file.target(), r.sha256(), r.size());
            }
            Set<String> pruned = request.prune() ? prunable(records, plan) : Set.of();
            pruned.forEach(records::remove);
            TreeCatalog catalog = new TreeCatalog(tree);
            TreeCatalog.Contents contents = catalog.reconcile(records);
            Map<String, FileRecord> listed = new TreeMap<>(contents.files());
            pruned.forEach(listed::remove);
            contents.notes().forEach(listener::note);
            notes.addAll(contents.notes());
            int pages = catalog.publish(listed);
            tree.manifest().write(new Manifest(Manifest.FORMAT, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                    upstreamUrl.toString(), describe(requirements, locks), targetRecords(resolutions, tree), listed));
            removeFiles(tree, pruned);
            spool.clear();
            Set<ProjectName> projects = new HashSet<>();
            Map<String, Integer> perTarget = new LinkedHashMap<>();
            resolutions.forEach((t, r) -> {
                perTarget.put(t.name(), r.packages().size());
                r.packages().forEach(p -> projects.add(p.name()));
            });
            return new SyncReport(upstreamUrl.toString(), perTarget, projects.size(), plan.all().size(),
                    plan.fetch().size(), plan.present().size(), pruned.size(), metadataBytes + downloaded.bytes(),
                    pages, Duration.between(start, Instant.now()), notes);
        } catch (DownloadException e) {
            throw new SyncException(e.getMessage(), e);
        } catch (IOException e) {
            throw new SyncException("cannot write the tree at " + tree.root() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Rebuilds the pages from the files already in the tree ({@code --no-download}): files the
     * manifest does not know are hashed and read, missing {@code .metadata} files are written.
     */
    @SuppressWarnings("try") // the tree's lock is held for the block, never referenced in it
    public SyncReport rebuildPages(Path output, SyncListener listener) throws SyncException {
        Instant start = Instant.now();
        MirrorTree tree = new MirrorTree(output);
        if (!Files.isDirectory(tree.root())) {
            throw new SyncException(tree.root() + " does not exist: there are no files to rebuild pages from");
        }
        try (TreeLock lock = tree.lock()) {
            Manifest manifest = tree.manifest().read();
            listener.step("reading the files in " + tree.root());
            TreeCatalog catalog = new TreeCatalog(tree);
            TreeCatalog.Contents contents = catalog.reconcile(manifest.files());
            contents.notes().forEach(listener::note);
            listener.step("writing pages");
            int pages = catalog.publish(contents.files());
            tree.manifest().write(new Manifest(Manifest.FORMAT, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                    manifest.upstream(), manifest.requirements(), manifest.targets(), contents.files()));
            Set<String> projects = new HashSet<>();
            contents.files().keySet().forEach(k -> projects.add(k.substring(0, k.indexOf('/'))));
            return new SyncReport(String.valueOf(manifest.upstream()), Map.of(), projects.size(),
                    contents.files().size(), 0, contents.files().size(), 0, 0, pages,
                    Duration.between(start, Instant.now()), contents.notes());
        } catch (IOException e) {
            throw new SyncException("cannot rebuild the pages of " + tree.root() + ": " + e.getMessage(), e);
        }
    }

    /** The command line's upstream, else the requirements files', else the default; never two different ones. */
    private static URI upstream(SyncRequest request, RequirementsSet requirements) throws SyncException {
        URI fromFiles = requirements.indexUrl().map(i -> i.url()).orElse(null);
        if (request.upstream() != null) {
            if (fromFiles != null && !sameIndex(fromFiles, request.upstream())) {
                throw new SyncException(requirements.indexUrl().get().origin() + ": --index-url " + fromFiles
                        + " differs from --upstream " + request.upstream() + "; give one of them, so that the mirror"
                        + " holds what the requirements were written against");
            }
            return request.upstream();
        }
        if (fromFiles != null) {
            return fromFiles;
        }
        if (request.defaultUpstream() == null) {
            throw new SyncException("no upstream: give --upstream URL, or an --index-url line in a requirements file");
        }
        return request.defaultUpstream();
    }

    private static boolean sameIndex(URI a, URI b) {
        String x = a.toString();
        String y = b.toString();
        return (x.endsWith("/") ? x : x + "/").equals(y.endsWith("/") ? y : y + "/");
    }

    /** The tree's own metadata for a file it already holds with the hash the upstream states. */
    private static UpstreamPackageIndex.LocalMetadata localMetadata(MirrorTree tree, Manifest manifest) {
        return (project, file) -> {
            FileRecord record = manifest.files().get(MirrorTree.key(project, file.filename()));
            String stated = file.hashes().get("sha256");
            if (record == null || stated == null || !stated.equalsIgnoreCase(record.sha256())) {
                return Optional.empty();
            }
            try {
                return Optional.of(Files.readAllBytes(tree.metadataFile(project, file.filename())));
            } catch (IOException e) {
                return Optional.empty(); // fetched from the upstream instead
            }
        };
    }

    /** Whether the tree holds the file with the bytes the upstream states. */
    private static boolean holds(MirrorTree tree, Manifest manifest, PlannedFile file) throws DownloadException, IOException {
        if (!Files.isRegularFile(file.target())) {
            return false;
        }
        FileRecord record = manifest.files().get(MirrorTree.key(file.project(), file.filename()));
        long size = Files.size(file.target());
        String sha256 = record != null && record.size() == size ? record.sha256() : Sha256.hexOf(file.target());
        String stated = file.expected().sha256();
        if (stated != null && !stated.equalsIgnoreCase(sha256)) {
            throw new DownloadException(file.target() + " is in the tree with sha256 " + sha256 + ", but the upstream"
                    + " lists " + file.filename() + " with " + stated + ". A published file never changes: if the"
                    + " upstream is right, move the tree's copy away and sync again");
        }
        if (file.expected().size() >= 0 && file.expected().size() != size) {
            return false;
        }
        if (!file.expected().pins().isEmpty() && !file.expected().pins().matchesDigests(Map.of("sha256", sha256))) {
            throw new DownloadException(file.target() + " (sha256 " + sha256 + ") matches none of the --hash pins ("
                    + file.expected().pins() + ")");
        }
        return true;
    }

    /** The manifest's file records after this sync: those planned now, and those kept from before without targets. */
    private static Map<String, FileRecord> fileRecords(Manifest manifest, DownloadPlan plan, DownloadResult downloaded) {
        Map<String, FileRecord> records = new TreeMap<>();
        manifest.files().forEach((key, r) -> records.put(key, r.withTargets(List.of())));
        for (PlannedFile file : plan.all()) {
            String key = MirrorTree.key(file.project(), file.filename());
            FileRecord old = manifest.files().get(key);
            FetchedFile fetched = downloaded.fetched().get(file);
            String sha256 = fetched != null ? fetched.sha256()
                    : old != null ? old.sha256() : file.expected().sha256();
            long size = fetched != null ? fetched.size() : old != null ? old.size() : file.expected().size();
            ProjectFile source = file.source();
            records.put(key, new FileRecord(sha256, size, source.requiresPython().orElse(null),
                    source.yank().map(y -> y.reason()).orElse(null),
                    source.uploadTime().map(Instant::toString).orElse(null),
                    fetched == null && old != null ? old.metadataSha256() : null,
                    FileRecord.SYNCED, source.url(), file.targets(), null)); // the catalog sees any provenance
        }
        return records;
    }

    /** Files no target needs now, that a sync put there (files added by hand stay). */
    private static Set<String> prunable(Map<String, FileRecord> records, DownloadPlan plan) {
        Set<String> needed = new HashSet<>();
        plan.all().forEach(f -> needed.add(MirrorTree.key(f.project(), f.filename())));
        Set<String> result = new HashSet<>();
        records.forEach((key, r) -> {
            if (!needed.contains(key) && !FileRecord.ADDED.equals(r.source())) {
                result.add(key);
            }
        });
        return result;
    }

    private static void removeFiles(MirrorTree tree, Set<String> keys) throws IOException {
        for (String key : keys) {
            int slash = key.indexOf('/');
            ProjectName project = ProjectName.of(key.substring(0, slash));
            String filename = key.substring(slash + 1);
            Files.deleteIfExists(tree.file(project, filename));
            Files.deleteIfExists(tree.metadataFile(project, filename));
            Files.deleteIfExists(tree.provenanceFile(project, filename));
            Path dir = tree.projectDir(project);
            try (Stream<Path> rest = Files.list(dir)) {
                if (rest.findAny().isEmpty()) {
                    Files.deleteIfExists(dir);
                }
            } catch (java.nio.file.NoSuchFileException e) {
                // Gone already.
            }
        }
    }

    /** One target's packages from requirements and from locks together; the download planner takes each file once. */
    private static Resolution merged(Resolution a, Resolution b) {
        List<ResolvedPackage> packages = new ArrayList<>(a.packages());
        packages.addAll(b.packages());
        List<String> notes = new ArrayList<>(a.notes());
        notes.addAll(b.notes());
        return new Resolution(a.target(), packages, notes);
    }

    private static List<String> describe(RequirementsSet requirements, List<Lock> locks) {
        List<String> lines = new ArrayList<>();
        for (Lock lock : locks) {
            lines.add(lock.origin() + ": (" + lock.format() + ") " + lock.releaseCount() + " releases");
        }
        for (RequirementEntry e : requirements.requirements()) {
            lines.add(e.toString());
        }
        for (RequirementEntry e : requirements.constraints()) {
            lines.add(e.origin() + ": (constraint) " + e.requirement());
        }
        return lines;
    }

    private static Map<String, TargetRecord> targetRecords(Map<InstallTarget, Resolution> resolutions, MirrorTree tree) {
        Map<String, TargetRecord> result = new HashMap<>();
        resolutions.forEach((target, resolution) -> {
            Map<String, ResolvedRecord> packages = new TreeMap<>();
            for (ResolvedPackage p : resolution.packages()) {
                packages.put(p.name().normalized(), new ResolvedRecord(p.version().toString(),
                        MirrorTree.key(p.name(), p.candidate().file().filename()),
                        new ArrayList<>(new java.util.TreeSet<>(p.extras())), p.requiredBy(), p.dependenciesFollowed()));
            }
            result.put(target.name(), new TargetRecord(target.environment().pythonFullVersion(), target.platform(),
                    target.target().implementation(), target.target().abis(), packages, resolution.notes()));
        });
        return result;
    }
}
