package dev.pymirror.sync.resolve;

import dev.pymirror.packaging.PackagingException;
import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.metadata.CoreMetadata;
import dev.pymirror.packaging.requirements.Requirement;
import dev.pymirror.packaging.version.Specifier;
import dev.pymirror.packaging.version.SpecifierSet;
import dev.pymirror.sync.reqfile.HashPins;
import dev.pymirror.sync.reqfile.RequirementEntry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One resolution for one target: a depth-first search over choices of releases with
 * conflict-directed backjumping.
 *
 * <p>Each step picks the open project pip would pick (pinned requirements first, then the ones
 * nearest the user's, in the order the user wrote them, then by name), and tries its candidates
 * best first. Choosing a release adds its dependencies as requirements; each requirement added is
 * checked at once against the release already chosen for that project, or against the project's
 * candidates. When a check fails, the failure carries the choices it rests on, and the search
 * returns straight to the most recent of them, skipping choices that played no part: that keeps
 * real graphs of hundreds of projects fast while still backtracking as far as a conflict needs.
 *
 * <p>State changes go on a trail and are undone by unwinding it.
 */
final class ResolutionRun {

    private static final int MAX_CHAIN = 8;

    private final PackageIndex index;
    private final InstallTarget target;
    private final ResolveOptions options;
    private final Map<ProjectName, ProjectCandidates> candidates = new HashMap<>();
    private final Map<Candidate, Object> metadata = new HashMap<>();
    private final Map<ProjectName, List<Demand>> demands = new LinkedHashMap<>();
    private final Map<ProjectName, List<Demand>> constraints = new HashMap<>();
    private final Map<ProjectName, Integer> requestedOrder = new HashMap<>();
    private final Map<ProjectName, Pin> pins = new LinkedHashMap<>();
    private final Deque<Runnable> trail = new ArrayDeque<>();
    private final Set<String> notes = new LinkedHashSet<>();
    private final Set<ProjectName> touched = new LinkedHashSet<>();
    private int attempts;

    /** A chosen release and what was derived from it. Mutable only through the trail. */
    private static final class Pin {
        final Candidate candidate;
        final CoreMetadata metadata;
        final boolean followed;
        final int depth;
        final String why;
        Set<String> extras;

        Pin(Candidate candidate, CoreMetadata metadata, boolean followed, Set<String> extras, int depth, String why) {
            this.candidate = candidate;
            this.metadata = metadata;
            this.followed = followed;
            this.extras = extras;
            this.depth = depth;
            this.why = why;
        }
    }

    /** How a branch of the search ended. */
    private record Outcome(boolean ok, boolean skipped, Set<ProjectName> causes, Conflict conflict) {
        static final Outcome SUCCESS = new Outcome(true, false, Set.of(), null);
        static final Outcome SKIPPED = new Outcome(false, true, Set.of(), null);

        static Outcome failure(Set<ProjectName> causes, Conflict conflict) {
            return new Outcome(false, false, causes, conflict);
        }
    }

    /** The search ran out of patience. */
    private static final class GiveUp extends RuntimeException {
        GiveUp() {
            super(null, null, false, false);
        }
    }

    /** An index failure carried out of the recursion unchecked, and checked again outside. */
    private static final class IndexFailure extends RuntimeException {
        IndexFailure(IndexException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    ResolutionRun(PackageIndex index, InstallTarget target, ResolveOptions options) {
        this.index = index;
        this.target = target;
        this.options = options;
    }

    Resolution run(List<RequirementEntry> requirements, List<RequirementEntry> constraintEntries)
            throws ResolutionException, IndexException {
        for (RequirementEntry entry : constraintEntries) {
            if (holds(entry)) {
                Demand d = new Demand(entry.requirement().name(), entry.requirement(), Set.of(), entry.hashes(),
                        new Cause.User(entry.origin()), 0);
                constraints.computeIfAbsent(d.project(), k -> new ArrayList<>()).add(d);
            }
        }
        int order = 0;
        for (RequirementEntry entry : requirements) {
            if (!holds(entry)) {
                notes.add(entry.origin() + ": " + entry.requirement() + " does not apply to " + target
                        + " (its marker is false there)");
                continue;
            }
            Requirement r = entry.requirement();
            addDemand(new Demand(r.name(), r, r.normalizedExtras(), entry.hashes(), new Cause.User(entry.origin()), 1));
            requestedOrder.putIfAbsent(r.name(), order++);
        }
        index.prefetchFiles(new ArrayList<>(demands.keySet()));
        Outcome outcome;
        try {
            outcome = firstCheck();
            if (outcome == null) {
                outcome = decide();
            }
        } catch (IndexFailure e) {
            throw (IndexException) e.getCause();
        } catch (GiveUp e) {
            throw new ResolutionException(target, "gave up resolving for " + target + " after trying "
                    + options.maxAttempts() + " candidates: the requirements are too tangled to untie here."
                    + " Pin more of them, or narrow their ranges", null);
        }
        if (!outcome.ok()) {
            throw new ResolutionException(target, "cannot resolve for " + target + ": " + outcome.conflict().explain(),
                    outcome.conflict());
        }
        return result();
    }

    private boolean holds(RequirementEntry entry) {
        try {
            return entry.requirement().appliesTo(target.environment(), Set.of());
        } catch (PackagingException e) {
            notes.add(entry.origin() + ": the marker of " + entry.requirement() + " cannot be evaluated ("
                    + e.getMessage() + "); it is skipped");
            return false;
        }
    }

    /** Checks the user's own requirements before any choice, so that a missing project fails at once. */
    private Outcome firstCheck() {
        for (ProjectName name : new ArrayList<>(demands.keySet())) {
            Outcome o = check(name);
            if (o != null) {
                return o;
            }
        }
        return null;
    }

    // ---- the search ----

    private Outcome decide() {
        ProjectName next = pickNext();
        if (next == null) {
            return Outcome.SUCCESS;
        }
        List<Candidate> viable = viable(next);
        if (viable.isEmpty()) {
            return Outcome.failure(decisionsOf(next), conflict(next));
        }
        Set<ProjectName> causes = new HashSet<>();
        Conflict last = null;
        for (Candidate candidate : viable) {
            if (++attempts > options.maxAttempts()) {
                throw new GiveUp();
            }
            int mark = trail.size();
            Outcome o = tryCandidate(next, candidate);
            if (o.ok()) {
                return o;
            }
            undo(mark);
            if (o.skipped()) {
                continue;
            }
            if (!o.causes().contains(next)) {
                return o; // this choice played no part: jump back past it
            }
            causes.addAll(o.causes());
            causes.remove(next);
            last = o.conflict();
        }
        causes.addAll(decisionsOf(next));
        if (last == null) {
            last = new Conflict(next, describe(allDemands(next)), chains(allDemands(next)),
                    "no file of the matching versions could be used (see the notes)");
        }
        return Outcome.failure(causes, last);
    }

    private Outcome tryCandidate(ProjectName name, Candidate candidate) {
        Object loaded = load(candidate);
        if (loaded instanceof String problem) {
            notes.add("passed over " + candidate.file().filename() + ": " + problem);
            return Outcome.SKIPPED;
        }
        CoreMetadata md = (CoreMetadata) loaded;
        if (!md.requiresPython().isEmpty() && !md.requiresPython().contains(target.pythonVersion(), true)) {
            notes.add("passed over " + candidate.file().filename() + ": its metadata requires Python "
                    + md.requiresPython() + ", and " + target + " has " + target.pythonVersion());
            return Outcome.SKIPPED;
        }
        boolean followed = candidate.isWheel() || md.dependenciesAreReliable();
        List<Demand> ds = demands.get(name);
        Set<String> extras = new TreeSet<>();
        int depth = Integer.MAX_VALUE;
        for (Demand d : ds) {
            extras.addAll(d.extras());
            depth = Math.min(depth, d.depth());
        }
        Pin pin = new Pin(candidate, md, followed, extras, depth, why(ds));
        pins.put(name, pin);
        trail.push(() -> pins.remove(name));
        touched.clear();
        if (followed) {
            checkExtrasExist(pin, extras);
            for (Demand dep : dependencies(pin, null, extras, null)) {
                addDemand(dep);
            }
        }
        List<ProjectName> toCheck = new ArrayList<>(touched);
        toCheck.remove(name);
        index.prefetchFiles(toCheck.stream().filter(n -> !pins.containsKey(n)).toList());
        for (ProjectName other : toCheck) {
            Outcome o = check(other);
            if (o != null) {
                return o;
            }
        }
        return decide();
    }

    /**
     * Whether a project's requirements still hold after new ones were added: null when they do,
     * else the failure with the choices it rests on.
     */
    private Outcome check(ProjectName name) {
        Pin pin = pins.get(name);
        if (pin != null) {
            for (Demand d : allDemands(name)) {
                if (!accepts(d, pin.candidate)) {
                    Set<ProjectName> causes = new HashSet<>(decisionsOf(name));
                    causes.add(name);
                    return Outcome.failure(causes, conflict(name));
                }
            }
            return null;
        }
        List<Candidate> viable = viable(name);
        if (viable.isEmpty()) {
            return Outcome.failure(decisionsOf(name), conflict(name));
        }
        index.prefetchMetadata(name, viable.get(0).file());
        return null;
    }

    private static boolean accepts(Demand d, Candidate c) {
        return d.requirement().specifier().contains(c.version(), true) && d.hashes().admits(c.file().hashes());
    }

    /** The project pip would decide next, or null when every project asked for has a release. */
    private ProjectName pickNext() {
        ProjectName best = null;
        Comparable<?>[] bestKey = null;
        for (Map.Entry<ProjectName, List<Demand>> entry : demands.entrySet()) {
            if (pins.containsKey(entry.getKey())) {
                continue;
            }
            Comparable<?>[] key = preference(entry.getKey(), entry.getValue());
            if (best == null || compareKeys(key, bestKey) < 0) {
                best = entry.getKey();
                bestKey = key;
            }
        }
        return best;
    }

    /** pip's preference, lowest first: setuptools last, pinned first, shallow first, user order, constrained first, name. */
    private Comparable<?>[] preference(ProjectName name, List<Demand> ds) {
        boolean pinned = false;
        boolean unfree = false;
        int depth = Integer.MAX_VALUE;
        for (Demand d : ds) {
            depth = Math.min(depth, d.depth());
            for (Specifier s : d.requirement().specifier()) {
                unfree = true;
                pinned |= s.operator().startsWith("==");
            }
        }
        return new Comparable<?>[] {
            name.normalized().equals("setuptools"), !pinned, depth,
            requestedOrder.getOrDefault(name, Integer.MAX_VALUE), !unfree, name.normalized()
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareKeys(Comparable[] a, Comparable[] b) {
        for (int i = 0; i < a.length; i++) {
            int c = a[i].compareTo(b[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    // ---- requirements ----

    /** Adds a requirement; on a project already chosen, adds the dependencies of extras it did not have. */
    private void addDemand(Demand d) {
        ProjectName name = d.project();
        List<Demand> list = demands.computeIfAbsent(name, k -> new ArrayList<>());
        list.add(d);
        touched.add(name);
        trail.push(() -> {
            List<Demand> l = demands.get(name);
            l.remove(l.size() - 1);
            if (l.isEmpty()) {
                demands.remove(name);
            }
        });
        Pin pin = pins.get(name);
        if (pin != null && !pin.extras.containsAll(d.extras())) {
            Set<String> before = pin.extras;
            Set<String> after = new TreeSet<>(before);
            after.addAll(d.extras());
            pin.extras = after;
            trail.push(() -> pin.extras = before);
            if (pin.followed) {
                Set<String> added = new TreeSet<>(d.extras());
                added.removeAll(before);
                checkExtrasExist(pin, added);
                ProjectName requester = d.cause() instanceof Cause.Release r ? r.parent().name() : null;
                for (Demand dep : dependencies(pin, before, after, requester)) {
                    addDemand(dep);
                }
            }
        }
    }

    /**
     * The dependencies a release declares for the {@code after} extras, less those it declared for
     * {@code before} (null when nothing was added before).
     */
    private List<Demand> dependencies(Pin pin, Set<String> before, Set<String> after, ProjectName requester) {
        List<Demand> result = new ArrayList<>();
        for (Requirement r : pin.metadata.requiresDist()) {
            if (!applies(pin, r, after) || (before != null && applies(pin, r, before))) {
                continue;
            }
            if (r.url() != null) {
                notes.add(pin.candidate.release() + " requires " + r + " by URL; a mirror cannot follow it");
                continue;
            }
            result.add(new Demand(r.name(), r, r.normalizedExtras(), HashPins.NONE,
                    new Cause.Release(pin.candidate, after, requester), pin.depth + 1));
        }
        return result;
    }

    private boolean applies(Pin pin, Requirement r, Set<String> extras) {
        try {
            return r.appliesTo(target.environment(), extras);
        } catch (PackagingException e) {
            notes.add(pin.candidate.release() + ": the marker of its requirement " + r + " cannot be evaluated ("
                    + e.getMessage() + "); it is skipped");
            return false;
        }
    }

    private void checkExtrasExist(Pin pin, Set<String> extras) {
        List<String> provided = pin.metadata.providesExtra();
        if (provided.isEmpty()) {
            return; // old metadata lists no extras; the markers alone decide
        }
        for (String extra : extras) {
            if (!provided.contains(extra)) {
                notes.add(pin.candidate.release() + " has no extra '" + extra + "'; it was asked for and ignored");
            }
        }
    }

    /** Every requirement in force on a project: the demands, and the constraints once it is demanded. */
    private List<Demand> allDemands(ProjectName name) {
        List<Demand> ds = demands.getOrDefault(name, List.of());
        List<Demand> cs = constraints.get(name);
        if (cs == null || ds.isEmpty()) {
            return ds;
        }
        List<Demand> all = new ArrayList<>(ds);
        all.addAll(cs);
        return all;
    }

    /** The candidates that satisfy every requirement in force on a project. */
    private List<Candidate> viable(ProjectName name) {
        SpecifierSet specifier = SpecifierSet.ANY;
        HashPins hashes = HashPins.NONE;
        for (Demand d : allDemands(name)) {
            specifier = specifier.and(d.requirement().specifier());
            hashes = hashes.intersect(d.hashes());
        }
        return candidatesOf(name).matching(specifier, hashes, options.allowPrereleases());
    }

    private ProjectCandidates candidatesOf(ProjectName name) {
        ProjectCandidates found = candidates.get(name);
        if (found == null) {
            try {
                found = ProjectCandidates.of(name, index.files(name), target, options.sdists());
            } catch (IndexException e) {
                throw new IndexFailure(e);
            }
            candidates.put(name, found);
        }
        return found;
    }

    /** The metadata of a candidate, or a sentence saying why it cannot be had. */
    private Object load(Candidate candidate) {
        Object found = metadata.get(candidate);
        if (found != null) {
            return found;
        }
        try {
            CoreMetadata md = index.metadata(candidate.name(), candidate.file());
            if (!md.name().equals(candidate.name()) || !md.version().equals(candidate.version())) {
                found = "its metadata describes " + md.name().original() + " " + md.version();
            } else {
                found = md;
            }
        } catch (UnusableFileException e) {
            found = e.getMessage();
        } catch (IndexException e) {
            throw new IndexFailure(e);
        }
        metadata.put(candidate, found);
        return found;
    }

    /** The choices a project's requirements rest on. */
    private Set<ProjectName> decisionsOf(ProjectName name) {
        Set<ProjectName> result = new HashSet<>();
        for (Demand d : demands.getOrDefault(name, List.of())) {
            result.addAll(d.cause().decisions());
        }
        return result;
    }

    private void undo(int mark) {
        while (trail.size() > mark) {
            trail.pop().run();
        }
    }

    // ---- words ----

    /** How a release came in, from its shallowest requirement: {@code c 3.1 <- d 1.0 <- requirements.txt:4}. */
    private String why(List<Demand> ds) {
        Demand first = ds.stream().min(Comparator.comparingInt(Demand::depth)).orElseThrow();
        if (first.cause() instanceof Cause.Release r) {
            Pin parent = pins.get(r.parent().name());
            String parentWhy = parent == null ? r.parent().release() : parent.why;
            long depth = parentWhy.chars().filter(c -> c == '<').count();
            return depth >= MAX_CHAIN ? r.parent().release() + " <- ..." : r.parent().release() + " <- " + parentWhy;
        }
        return first.cause().toString();
    }

    private Conflict conflict(ProjectName name) {
        List<Demand> ds = allDemands(name);
        Pin pin = pins.get(name);
        String detail;
        if (pin != null) {
            detail = pin.candidate.release() + " was chosen first (" + pin.why + ")";
        } else {
            ProjectCandidates cs = candidatesOf(name);
            detail = cs.whyNone(target).orElse(name.original() + " has " + cs.versionsForMessage(8) + " for " + target);
        }
        return new Conflict(name, describe(ds), chains(ds), detail);
    }

    private static List<String> describe(List<Demand> ds) {
        return ds.stream().map(Demand::describe).distinct().toList();
    }

    private List<String> chains(List<Demand> ds) {
        List<String> result = new ArrayList<>();
        for (Demand d : ds) {
            if (d.cause() instanceof Cause.Release r) {
                Pin parent = pins.get(r.parent().name());
                if (parent != null && parent.candidate.equals(r.parent())) {
                    String line = r.parent().release() + " <- " + parent.why;
                    if (!result.contains(line)) {
                        result.add(line);
                    }
                }
            }
        }
        return result;
    }

    private Resolution result() {
        List<ResolvedPackage> packages = new ArrayList<>();
        for (Map.Entry<ProjectName, Pin> entry : pins.entrySet()) {
            Pin pin = entry.getValue();
            List<Demand> ds = allDemands(entry.getKey());
            HashPins hashes = HashPins.NONE;
            List<String> requiredBy = new ArrayList<>();
            for (Demand d : ds) {
                hashes = hashes.intersect(d.hashes());
                String by = d.cause() instanceof Cause.User u ? u.origin().toString() : d.cause().toString();
                if (d.depth() > 0 && !requiredBy.contains(by)) {
                    requiredBy.add(by);
                }
            }
            if (!pin.followed) {
                notes.add(pin.candidate.release() + " is an sdist whose PKG-INFO (metadata "
                        + pin.metadata.metadataVersion() + (pin.metadata.dynamic().isEmpty() ? ""
                        : ", dynamic " + String.join(", ", pin.metadata.dynamic()))
                        + ") cannot be trusted to list its dependencies: they were not followed");
            }
            Optional<String> requiresPython = pin.metadata.requiresPython().isEmpty() ? Optional.empty()
                    : Optional.of(pin.metadata.requiresPython().toString());
            packages.add(new ResolvedPackage(entry.getKey(), pin.candidate.version(), pin.candidate, pin.extras,
                    requiredBy, pin.followed, hashes, requiresPython));
        }
        packages.sort(Comparator.comparing(p -> p.name().normalized()));
        return new Resolution(target, packages, new ArrayList<>(notes));
    }
}
