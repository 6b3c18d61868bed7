package dev.pymirror.sync.lock;

import dev.pymirror.packaging.PackagingException;
import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.requirements.Marker;
import dev.pymirror.packaging.requirements.MarkerContext;
import dev.pymirror.packaging.version.SpecifierSet;
import dev.pymirror.sync.resolve.InstallTarget;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code uv.lock} (version 1, any revision): one graph for every environment, whose edges carry
 * the markers that decide them.
 *
 * <p>A target installs what is reached from the workspace's own packages (sources {@code virtual}
 * and {@code editable}, or the {@code [manifest]} members) through edges whose markers hold
 * there. The mirror serves every {@code uv sync} of the lock, so the workspace packages' optional
 * dependencies and dependency groups are all followed; other packages' extras only where an edge
 * asks for them. Where a project has several versions (a lock forked by {@code
 * resolution-markers}), an edge names its version, else the target picks the one whose
 * resolution markers hold.
 *
 * @param origin the file as named
 * @param requiresPython the lock's Python versions, or null
 * @param supportedMarkers the environments the lock was limited to ({@code supported-markers}); empty for any
 * @param members the workspace members the manifest names
 * @param packages its packages, in file order
 */
public record UvLock(String origin, SpecifierSet requiresPython, List<Marker> supportedMarkers, Set<ProjectName> members,
        List<Node> packages) implements Lock {

    /** A dependency edge: the project, the version when the lock has several, its marker, the extras asked. */
    public record Edge(ProjectName name, String version, Marker marker, List<String> extras) {}

    /**
     * A package of the graph.
     *
     * @param source the kind of source: {@code registry}, {@code virtual}, {@code editable}, {@code git}...
     * @param release its files, for a package from a registry; else null
     */
    public record Node(ProjectName name, String version, String source, List<Marker> resolutionMarkers,
            List<Edge> dependencies, Map<String, List<Edge>> optional, Map<String, List<Edge>> groups,
            LockedRelease release) {}

    private static final Set<String> WORKSPACE_SOURCES = Set.of("virtual", "editable");

    /**
     * How edge and fork markers are evaluated: {@code extra} undefined, so that a clause on it (uv
     * marks the edges of conflicting extras, a CPU or a GPU build, with an extra of its own
     * making) cannot be decided and counts as holding: the mirror serves either choice.
     */
    private static final MarkerContext EDGES = MarkerContext.requirement();

    public UvLock {
        supportedMarkers = List.copyOf(supportedMarkers);
        members = Set.copyOf(members);
        packages = List.copyOf(packages);
    }

    /** Reads a uv.lock; {@code origin} names it in messages. */
    public static UvLock parse(String origin, String text) throws LockFileException {
        TomlTable root = TomlTable.parse(origin, text);
        String version = root.scalar("version").orElseThrow(() -> root.problem("version",
                "is missing: a uv.lock starts with version = 1"));
        if (!version.equals("1")) {
            throw root.problem("version", "is " + version + ", a uv.lock version this pymirror does not read (it reads 1)");
        }
        SpecifierSet requiresPython = PyLock.specifiers(root, "requires-python", root.string("requires-python").orElse(null));
        List<Marker> supported = new ArrayList<>();
        for (String m : root.strings("supported-markers")) {
            supported.add(PyLock.marker(root, "supported-markers", m));
        }
        Set<ProjectName> members = new LinkedHashSet<>();
        Optional<TomlTable> manifest = root.table("manifest");
        if (manifest.isPresent()) {
            for (String m : manifest.get().strings("members")) {
                members.add(name(manifest.get(), "members", m));
            }
        }
        List<Node> nodes = new ArrayList<>();
        for (TomlTable p : root.tables("package")) {
            nodes.add(node(p));
        }
        return new UvLock(origin, requiresPython, supported, members, nodes);
    }

    @Override
    public String format() {
        return "uv.lock";
    }

    @Override
    public int releaseCount() {
        return (int) packages.stream().filter(n -> n.release() != null).count();
    }

    @Override
    public LockSelection select(InstallTarget target) throws LockFileException {
        LockTargets.checkPython(origin, requiresPython, target);
        LockTargets.checkEnvironments(origin, "supported-markers", supportedMarkers, target);
        Map<ProjectName, List<Integer>> byName = new LinkedHashMap<>();
        for (int i = 0; i < packages.size(); i++) {
            byName.computeIfAbsent(packages.get(i).name(), k -> new ArrayList<>()).add(i);
        }
        Deque<Integer> roots = new ArrayDeque<>();
        for (int i = 0; i < packages.size(); i++) {
            Node n = packages.get(i);
            if (WORKSPACE_SOURCES.contains(n.source()) || members.contains(n.name())) {
                roots.add(i);
            }
        }
        Set<Integer> reached = new LinkedHashSet<>();
        if (roots.isEmpty()) {
            // A lock without a project of its own (a script's, say): everything it pins for this target.
            for (int i = 0; i < packages.size(); i++) {
                if (forkHolds(packages.get(i), target)) {
                    reached.add(i);
                }
            }
        } else {
            walk(roots, byName, target, reached);
        }
        List<LockedRelease> releases = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (int i : reached) {
            Node n = packages.get(i);
            if (n.release() != null) {
                releases.add(n.release());
            } else if (!WORKSPACE_SOURCES.contains(n.source()) && !members.contains(n.name())) {
                notes.add(origin + ": " + n.name().original() + " comes from a " + n.source()
                        + " source, not from an index: not mirrored");
            }
        }
        return new LockSelection(releases, notes);
    }

    /** Every package reached from the roots on this target; a package is visited again for each new extra. */
    private void walk(Deque<Integer> roots, Map<ProjectName, List<Integer>> byName, InstallTarget target, Set<Integer> reached) {
        record Visit(int index, String extra) {}
        Set<Visit> seen = new HashSet<>();
        Deque<Visit> queue = new ArrayDeque<>();
        Set<Integer> rootSet = new HashSet<>(roots);
        for (int r : roots) {
            queue.add(new Visit(r, ""));
        }
        while (!queue.isEmpty()) {
            Visit v = queue.poll();
            if (!seen.add(v)) {
                continue;
            }
            reached.add(v.index());
            Node n = packages.get(v.index());
            List<Edge> edges = new ArrayList<>();
            if (v.extra().isEmpty()) {
                edges.addAll(n.dependencies());
                if (rootSet.contains(v.index())) {
                    n.optional().values().forEach(edges::addAll);
                    n.groups().values().forEach(edges::addAll);
                }
            } else {
                edges.addAll(n.optional().getOrDefault(v.extra(), List.of()));
            }
            for (Edge e : edges) {
                if (e.marker() != null && !LockTargets.holds(e.marker(), target, EDGES)) {
                    continue;
                }
                for (int to : targetsOf(e, byName, target)) {
                    queue.add(new Visit(to, ""));
                    for (String extra : e.extras()) {
                        queue.add(new Visit(to, ProjectName.normalize(extra)));
                    }
                }
            }
        }
    }

    /** The packages an edge leads to: its version when it names one, else the fork that holds on the target. */
    private List<Integer> targetsOf(Edge e, Map<ProjectName, List<Integer>> byName, InstallTarget target) {
        List<Integer> all = byName.getOrDefault(e.name(), List.of());
        if (all.size() <= 1) {
            return all;
        }
        List<Integer> chosen = new ArrayList<>();
        for (int i : all) {
            Node n = packages.get(i);
            if (e.version() != null ? e.version().equals(n.version()) : forkHolds(n, target)) {
                chosen.add(i);
            }
        }
        return chosen;
    }

    private static boolean forkHolds(Node n, InstallTarget target) {
        if (n.resolutionMarkers().isEmpty()) {
            return true;
        }
        for (Marker m : n.resolutionMarkers()) {
            if (LockTargets.holds(m, target, EDGES)) {
                return true;
            }
        }
        return false;
    }

    private static Node node(TomlTable p) throws LockFileException {
        ProjectName name = name(p, "name", p.requiredString("name"));
        String version = p.scalar("version").orElse(null);
        TomlTable sourceTable = p.table("source").orElseThrow(() -> p.problem("source", "is missing"));
        List<String> kinds = sourceTable.keys();
        if (kinds.isEmpty()) {
            throw sourceTable.problem(null, "names no source");
        }
        String source = kinds.get(0);
        List<Marker> forks = new ArrayList<>();
        for (String m : p.strings("resolution-markers")) {
            forks.add(PyLock.marker(p, "resolution-markers", m));
        }
        LockedRelease release = null;
        if (source.equals("registry")) {
            if (version == null) {
                throw p.problem("version", "is missing: " + name.original() + " comes from a registry");
            }
            List<LockedFile> wheels = new ArrayList<>();
            for (TomlTable w : p.tables("wheels")) {
                wheels.add(file(w));
            }
            Optional<TomlTable> sdist = p.table("sdist");
            release = new LockedRelease(name, version, wheels,
                    sdist.isPresent() ? Optional.of(file(sdist.get())) : Optional.empty(), null);
        }
        return new Node(name, version, source, forks, edges(p, "dependencies"), edgeTables(p, "optional-dependencies"),
                edgeTables(p, "dev-dependencies"), release);
    }

    private static Map<String, List<Edge>> edgeTables(TomlTable p, String key) throws LockFileException {
        Map<String, List<Edge>> result = new LinkedHashMap<>();
        Optional<TomlTable> table = p.table(key);
        if (table.isPresent()) {
            for (String k : table.get().keys()) {
                result.put(ProjectName.normalize(k), edges(table.get(), k));
            }
        }
        return result;
    }

    private static List<Edge> edges(TomlTable table, String key) throws LockFileException {
        List<Edge> result = new ArrayList<>();
        for (TomlTable d : table.tables(key)) {
            Optional<String> marker = d.string("marker");
            result.add(new Edge(name(d, "name", d.requiredString("name")), d.scalar("version").orElse(null),
                    marker.isPresent() ? PyLock.marker(d, "marker", marker.get()) : null, d.strings("extra")));
        }
        return result;
    }

    /** A wheel or sdist: {@code url}, {@code path} or {@code filename}, {@code hash = "sha256:..."}, {@code size}. */
    private static LockedFile file(TomlTable f) throws LockFileException {
        String url = f.string("url").orElse(null);
        String from = url != null ? url : f.string("path").orElse(f.string("filename").orElse(null));
        if (from == null) {
            throw f.problem(null, "names no file: url, path or filename");
        }
        String hash = f.string("hash").orElseThrow(() -> f.problem("hash", "is missing: every file needs a hash"));
        int colon = hash.indexOf(':');
        String hex = colon < 0 ? "" : hash.substring(colon + 1);
        if (colon < 1 || !hex.matches("[0-9a-fA-F]+")) {
            throw f.problem("hash", "'" + hash + "' is not ALGORITHM:HEX, such as sha256:...");
        }
        return new LockedFile(LockedFile.filenameOf(from), url,
                Map.of(hash.substring(0, colon).toLowerCase(Locale.ROOT), hex.toLowerCase(Locale.ROOT)),
                f.size("size"), f.scalar("upload-time").orElse(null));
    }

    private static ProjectName name(TomlTable t, String key, String text) throws LockFileException {
        try {
            return ProjectName.of(text);
        } catch (PackagingException e) {
            throw t.problem(key, "'" + text + "' is not a project name");
        }
    }
}
