package dev.pymirror.sync.lock;

import dev.pymirror.packaging.PackagingException;
import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.dist.DistributionFilename;
import dev.pymirror.packaging.dist.WheelFilename;
import dev.pymirror.packaging.version.Version;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.sync.reqfile.HashPins;
import dev.pymirror.sync.resolve.Candidate;
import dev.pymirror.sync.resolve.IndexException;
import dev.pymirror.sync.resolve.InstallTarget;
import dev.pymirror.sync.resolve.PackageIndex;
import dev.pymirror.sync.resolve.Resolution;
import dev.pymirror.sync.resolve.ResolvedPackage;
import dev.pymirror.sync.resolve.SdistPolicy;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns locks into what a resolution would have given, without resolving: for each target, the
 * releases its markers select, and for each release the one file of the lock that target installs
 * (its best wheel, else the sdist where sdists are allowed). Each file is looked up on the
 * upstream's page before anything is downloaded, so that a file the upstream no longer has, or has
 * with other digests, stops the sync before it changes the tree. The lock's digests are added to
 * the page's, so the download is checked against both.
 */
public final class LockPlanner {

    private final PackageIndex index;
    private final SdistPolicy sdists;
    private final String upstream;

    /**
     * @param index the upstream's pages
     * @param sdists which projects may be mirrored as sdists where no wheel of the lock fits
     * @param upstream the upstream's URL, for messages
     */
    public LockPlanner(PackageIndex index, SdistPolicy sdists, String upstream) {
        this.index = index;
        this.sdists = sdists;
        this.upstream = upstream;
    }

    /** The packages of every target, in the form the download planner takes. */
    public Map<InstallTarget, Resolution> plan(List<Lock> locks, List<InstallTarget> targets)
            throws LockFileException, LockedFileException, IndexException {
        Map<InstallTarget, List<Chosen>> chosen = new LinkedHashMap<>();
        Map<InstallTarget, List<String>> notes = new HashMap<>();
        Set<ProjectName> projects = new LinkedHashSet<>();
        for (InstallTarget target : targets) {
            List<Chosen> files = new ArrayList<>();
            Set<String> notesHere = new LinkedHashSet<>();
            Set<String> seen = new java.util.HashSet<>();
            for (Lock lock : locks) {
                LockSelection selection = lock.select(target);
                notesHere.addAll(selection.notes());
                for (LockedRelease r : selection.releases()) {
                    if (seen.add(r.name().normalized() + " " + r.version())) {
                        Optional<LockedFile> file = fileFor(lock, r, target, notesHere);
                        if (file.isPresent()) {
                            files.add(new Chosen(lock, r, file.get()));
                            projects.add(r.name());
                        }
                    }
                }
            }
            chosen.put(target, files);
            notes.put(target, new ArrayList<>(notesHere));
        }
        index.prefetchFiles(projects);
        Map<String, ProjectFile> listed = new HashMap<>();
        Map<InstallTarget, Resolution> result = new LinkedHashMap<>();
        for (Map.Entry<InstallTarget, List<Chosen>> e : chosen.entrySet()) {
            List<ResolvedPackage> packages = new ArrayList<>();
            for (Chosen c : e.getValue()) {
                String key = c.release().name().normalized() + "/" + c.file().filename();
                ProjectFile file = listed.get(key);
                if (file == null) {
                    file = onUpstream(c);
                    listed.put(key, file);
                }
                packages.add(resolved(c, file));
            }
            result.put(e.getKey(), new Resolution(e.getKey(), packages, notes.get(e.getKey())));
        }
        return result;
    }

    private record Chosen(Lock lock, LockedRelease release, LockedFile file) {}

    /**
     * The file of a release the target installs: its best wheel there, else its sdist if allowed.
     * None is a note, not a failure: a uv.lock holds every dependency group, and a developer's tool
     * with wheels for macOS only must not stop a Linux image's mirror; the note names the option
     * that would mirror it.
     */
    private Optional<LockedFile> fileFor(Lock lock, LockedRelease r, InstallTarget target, Set<String> notes)
            throws LockFileException {
        Map<WheelFilename, LockedFile> wheels = new LinkedHashMap<>();
        for (LockedFile w : r.wheels()) {
            try {
                wheels.put(WheelFilename.parse(w.filename()), w);
            } catch (PackagingException e) {
                throw new LockFileException(lock.origin() + ": " + r.release() + ": '" + w.filename()
                        + "' is not a wheel's file name: " + e.getMessage());
            }
        }
        Optional<WheelFilename> best = WheelFilename.best(wheels.keySet(), target.tags());
        if (best.isPresent()) {
            return Optional.of(wheels.get(best.get()));
        }
        if (r.sdist().isPresent() && sdists.allows(r.name())) {
            return r.sdist();
        }
        String why = r.wheels().isEmpty() ? "has no wheel" : "has no wheel for " + target.name() + " (it has "
                + r.wheels().size() + ": " + String.join(", ", r.wheels().stream().limit(4).map(LockedFile::filename).toList())
                + (r.wheels().size() > 4 ? ", ..." : "") + ")";
        String hint = r.sdist().isPresent() ? ": not mirrored for it (--allow-sdist " + r.name().normalized()
                + " mirrors its sdist " + r.sdist().get().filename() + ")" : " and no sdist: not mirrored for it";
        notes.add(lock.origin() + ": " + r.release() + " " + why + hint);
        return Optional.empty();
    }

    /** The upstream's entry for a locked file, with the lock's digests added; refused when they disagree. */
    private ProjectFile onUpstream(Chosen c) throws LockedFileException, IndexException {
        LockedRelease r = c.release();
        LockedFile locked = c.file();
        List<ProjectFile> files = index.files(r.name());
        ProjectFile found = null;
        for (ProjectFile f : files) {
            if (f.filename().equals(locked.filename())) {
                found = f;
                break;
            }
        }
        String what = c.lock().origin() + ": " + r.release() + ": " + locked.filename();
        if (found == null) {
            throw new LockedFileException(what + " is not on the upstream " + upstream + (files.isEmpty()
                    ? " (it has no project " + r.name().original() + ")"
                    : " (its page of " + r.name().original() + " lists " + files.size() + " other files)")
                    + ": the lock names a file the upstream no longer has, so nothing was mirrored");
        }
        Map<String, String> digests = new TreeMap<>(found.hashes());
        for (Map.Entry<String, String> h : locked.hashes().entrySet()) {
            String stated = found.hashes().get(h.getKey());
            if (stated != null && !stated.equalsIgnoreCase(h.getValue())) {
                throw new LockedFileException(what + ": the lock's " + h.getKey() + " is " + h.getValue()
                        + " but the upstream " + upstream + " lists " + stated
                        + ": refused, the upstream's file is not the one the lock was made with");
            }
            digests.put(h.getKey(), h.getValue());
        }
        ProjectFile.Builder b = found.toBuilder().hashes(digests);
        if (found.size().isEmpty() && locked.size() >= 0) {
            b.size(locked.size());
        }
        if (found.uploadTime().isEmpty() && locked.uploadTime() != null) {
            try {
                b.uploadTime(Instant.parse(locked.uploadTime()));
            } catch (DateTimeParseException e) {
                // A time the lock writes in another form is left out; the page simply has none.
            }
        }
        if (found.requiresPython().isEmpty() && r.requiresPython() != null) {
            b.requiresPython(r.requiresPython());
        }
        return b.build();
    }

    private static ResolvedPackage resolved(Chosen c, ProjectFile file) throws LockFileException {
        LockedRelease r = c.release();
        Version version;
        DistributionFilename filename;
        try {
            version = Version.parse(r.version());
            filename = DistributionFilename.parse(file.filename());
        } catch (PackagingException e) {
            throw new LockFileException(c.lock().origin() + ": " + r.release() + ": " + e.getMessage());
        }
        return new ResolvedPackage(r.name(), version, new Candidate(r.name(), version, file, filename), Set.of(),
                List.of(c.lock().origin()), true, HashPins.NONE, Optional.ofNullable(r.requiresPython()));
    }
}
