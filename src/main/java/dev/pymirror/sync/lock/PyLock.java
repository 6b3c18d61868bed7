package dev.pymirror.sync.lock;

import dev.pymirror.packaging.PackagingException;
import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.requirements.Marker;
import dev.pymirror.packaging.requirements.MarkerContext;
import dev.pymirror.packaging.version.SpecifierSet;
import dev.pymirror.sync.resolve.InstallTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A PEP 751 lock file ({@code pylock.toml}, {@code pylock.NAME.toml}), lock-version 1.x.
 *
 * <p>A mirror serves every installer of the lock, whatever extras and dependency groups each
 * selects, so a package is taken for a target when its marker holds either with none selected
 * (the default groups only) or with all of them.
 *
 * @param origin the file as named
 * @param environments the markers of the environments the lock was made for; empty for any
 * @param requiresPython the lock's Python versions, or null
 * @param extras every extra the lock offers
 * @param groups every dependency group it offers
 * @param defaultGroups the groups installed when none is asked for
 * @param packages its packages, each with the marker that decides it
 * @param notes what cannot be mirrored (packages from version control, a directory or an archive)
 */
public record PyLock(String origin, List<Marker> environments, SpecifierSet requiresPython, List<String> extras,
        List<String> groups, List<String> defaultGroups, List<Entry> packages, List<String> notes) implements Lock {

    /** A package of the lock: its release, when it comes from files an index serves, and its marker. */
    public record Entry(LockedRelease release, Marker marker, SpecifierSet requiresPython) {}

    public PyLock {
        environments = List.copyOf(environments);
        extras = List.copyOf(extras);
        groups = List.copyOf(groups);
        defaultGroups = List.copyOf(defaultGroups);
        packages = List.copyOf(packages);
        notes = List.copyOf(notes);
    }

    /** Reads a PEP 751 lock; {@code origin} names it in messages. */
    public static PyLock parse(String origin, String text) throws LockFileException {
        TomlTable root = TomlTable.parse(origin, text);
        String version = root.scalar("lock-version").orElseThrow(() -> root.problem("lock-version",
                "is missing: a PEP 751 lock file starts with lock-version = \"1.0\""));
        List<String> notes = new ArrayList<>();
        String[] parts = version.split("\\.");
        if (!parts[0].equals("1")) {
            throw root.problem("lock-version", "is " + version + ", a version this pymirror does not read (it reads 1.x)");
        }
        if (parts.length > 1 && !parts[1].equals("0")) {
            notes.add(origin + ": lock-version " + version + " is newer than 1.0; read as 1.0");
        }
        List<Marker> environments = new ArrayList<>();
        for (String e : root.strings("environments")) {
            environments.add(marker(root, "environments", e));
        }
        SpecifierSet requiresPython = specifiers(root, "requires-python", root.string("requires-python").orElse(null));
        List<Entry> packages = new ArrayList<>();
        for (TomlTable p : root.tables("packages")) {
            ProjectName name = name(p);
            Optional<String> markerText = p.string("marker");
            Marker marker = markerText.isPresent() ? marker(p, "marker", markerText.get()) : null;
            SpecifierSet packagePython = specifiers(p, "requires-python", p.string("requires-python").orElse(null));
            String version1 = p.string("version").orElse(null);
            List<LockedFile> wheels = new ArrayList<>();
            for (TomlTable w : p.tables("wheels")) {
                wheels.add(file(w));
            }
            Optional<LockedFile> sdist = p.table("sdist").isPresent()
                    ? Optional.of(file(p.table("sdist").get())) : Optional.empty();
            if (wheels.isEmpty() && sdist.isEmpty()) {
                String kind = p.has("vcs") ? "version control" : p.has("directory") ? "a directory"
                        : p.has("archive") ? "an archive" : null;
                if (kind == null) {
                    throw p.problem(null, name.original() + " names no wheels, sdist, vcs, directory or archive");
                }
                notes.add(origin + ": " + name.original() + " comes from " + kind + ", not from an index: not mirrored");
                continue;
            }
            if (version1 == null) {
                throw p.problem("version", "is missing: " + name.original() + " comes from an index");
            }
            packages.add(new Entry(new LockedRelease(name, version1, wheels, sdist,
                    p.string("requires-python").orElse(null)), marker, packagePython));
        }
        return new PyLock(origin, environments, requiresPython, root.strings("extras"),
                root.strings("dependency-groups"), root.strings("default-groups"), packages, notes);
    }

    @Override
    public String format() {
        return "pylock.toml";
    }

    @Override
    public int releaseCount() {
        return packages.size();
    }

    @Override
    public LockSelection select(InstallTarget target) throws LockFileException {
        LockTargets.checkPython(origin, requiresPython, target);
        LockTargets.checkEnvironments(origin, "environments", environments, target);
        MarkerContext none = MarkerContext.lockFile(List.of(), defaultGroups);
        MarkerContext all = MarkerContext.lockFile(extras, groups);
        List<LockedRelease> releases = new ArrayList<>();
        for (Entry e : packages) {
            if (e.requiresPython() != null && !e.requiresPython().contains(target.pythonVersion(), true)) {
                continue;
            }
            if (e.marker() == null || LockTargets.holds(e.marker(), target, none)
                    || LockTargets.holds(e.marker(), target, all)) {
                releases.add(e.release());
            }
        }
        return new LockSelection(releases, notes);
    }

    private static ProjectName name(TomlTable p) throws LockFileException {
        String name = p.requiredString("name");
        try {
            return ProjectName.of(name);
        } catch (PackagingException e) {
            throw p.problem("name", "'" + name + "' is not a project name");
        }
    }

    /** A wheel or sdist table: {@code name}, {@code url} or {@code path}, {@code size}, {@code hashes}. */
    private static LockedFile file(TomlTable f) throws LockFileException {
        String url = f.string("url").orElse(null);
        String path = f.string("path").orElse(null);
        String filename = f.string("name").orElse(null);
        if (filename == null) {
            String from = url != null ? url : path;
            if (from == null) {
                throw f.problem(null, "names no file: give name, url or path");
            }
            filename = LockedFile.filenameOf(from);
        }
        TomlTable hashTable = f.table("hashes").orElseThrow(() -> f.problem("hashes", "is missing: every file needs a hash"));
        Map<String, String> hashes = new TreeMap<>();
        for (String algorithm : hashTable.keys()) {
            String hex = hashTable.requiredString(algorithm);
            if (!hex.matches("[0-9a-fA-F]+")) {
                throw hashTable.problem(algorithm, "is not a hexadecimal digest");
            }
            hashes.put(algorithm.toLowerCase(Locale.ROOT), hex.toLowerCase(Locale.ROOT));
        }
        if (hashes.isEmpty()) {
            throw f.problem("hashes", "is empty: every file needs a hash");
        }
        return new LockedFile(filename, url, hashes, f.size("size"), f.scalar("upload-time").orElse(null));
    }

    static Marker marker(TomlTable table, String key, String text) throws LockFileException {
        try {
            return Marker.parse(text);
        } catch (PackagingException e) {
            throw table.problem(key, "'" + text + "' is not a marker: " + e.getMessage());
        }
    }

    static SpecifierSet specifiers(TomlTable table, String key, String text) throws LockFileException {
        if (text == null) {
            return null;
        }
        try {
            return SpecifierSet.parse(text);
        } catch (PackagingException e) {
            throw table.problem(key, "'" + text + "' is not a version specifier: " + e.getMessage());
        }
    }
}
