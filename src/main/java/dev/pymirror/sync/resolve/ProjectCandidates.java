package dev.pymirror.sync.resolve;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.dist.DistributionFilename;
import dev.pymirror.packaging.dist.SdistFilename;
import dev.pymirror.packaging.dist.WheelFilename;
import dev.pymirror.packaging.version.Specifier;
import dev.pymirror.packaging.version.SpecifierSet;
import dev.pymirror.packaging.version.Version;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.sync.reqfile.HashPins;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The files of one project that one target can install, ranked as pip ranks them, and the words
 * for why there are none when there are none.
 *
 * <p>A file is a candidate when its name parses as this project's wheel or sdist, a wheel's tags
 * fit the target, an sdist is allowed, and the Requires-Python the page gives admits the target's
 * Python. Candidates are ordered by version, newest first; within a version wheels by the target's
 * tag priority and build tag, then the sdist.
 */
public final class ProjectCandidates {

    private final ProjectName name;
    private final List<Candidate> compatible;
    private final boolean listed;
    /** Per version without candidates, why not: a reason, or a wheel whose tags are explained only when asked. */
    private final Map<Version, List<Object>> whyNot;

    private ProjectCandidates(ProjectName name, List<Candidate> compatible, boolean listed,
            Map<Version, List<Object>> whyNot) {
        this.name = name;
        this.compatible = compatible;
        this.listed = listed;
        this.whyNot = whyNot;
    }

    /** Ranks a project's files for a target. */
    public static ProjectCandidates of(ProjectName name, List<ProjectFile> files, InstallTarget target,
            SdistPolicy sdists) {
        Map<Version, List<WheelCandidate>> wheels = new TreeMap<>(Comparator.reverseOrder());
        Map<Version, Candidate> sdistByVersion = new LinkedHashMap<>();
        Map<Version, List<Object>> whyNot = new TreeMap<>(Comparator.reverseOrder());
        for (ProjectFile file : files) {
            Optional<DistributionFilename> parsed = parseFilename(file.filename());
            if (parsed.isEmpty() || !parsed.get().name().equals(name)) {
                continue; // legacy formats, other projects' files: pip skips them too
            }
            DistributionFilename filename = parsed.get();
            Version version = filename.version();
            Optional<String> pythonProblem = requiresPythonProblem(file, target);
            if (pythonProblem.isPresent()) {
                whyNot.computeIfAbsent(version, v -> new ArrayList<>()).add(pythonProblem.get());
                continue;
            }
            Candidate candidate = new Candidate(name, version, file, filename);
            switch (filename) {
                case WheelFilename wheel -> {
                    int priority = target.tags().priority(wheel.tags());
                    if (priority < 0) {
                        // Explaining a mismatch costs far more than finding it: done only if asked.
                        whyNot.computeIfAbsent(version, v -> new ArrayList<>()).add(new Unfit(file.filename(), wheel));
                    } else {
                        wheels.computeIfAbsent(version, v -> new ArrayList<>()).add(new WheelCandidate(candidate, wheel, priority));
                    }
                }
                case SdistFilename sdist -> {
                    if (sdists.allows(name)) {
                        sdistByVersion.putIfAbsent(version, candidate);
                    } else {
                        whyNot.computeIfAbsent(version, v -> new ArrayList<>())
                                .add("sdist only, and sdists are not mirrored unless --allow-sdist names them");
                    }
                }
            }
        }
        Set<Version> versions = new java.util.TreeSet<>(Comparator.reverseOrder());
        versions.addAll(wheels.keySet());
        versions.addAll(sdistByVersion.keySet());
        List<Candidate> ranked = new ArrayList<>();
        for (Version version : versions) {
            List<WheelCandidate> ofVersion = wheels.getOrDefault(version, List.of());
            // WheelFilename.rank orders by tag priority, then build tag, as pip does.
            Map<WheelFilename, Candidate> byName = new LinkedHashMap<>();
            ofVersion.forEach(w -> byName.putIfAbsent(w.filename(), w.candidate()));
            WheelFilename.rank(byName.keySet(), target.tags()).forEach(w -> ranked.add(byName.get(w)));
            Candidate sdist = sdistByVersion.get(version);
            if (sdist != null) {
                ranked.add(sdist);
            }
        }
        boolean listed = !files.isEmpty();
        whyNot.keySet().removeAll(versions);
        return new ProjectCandidates(name, List.copyOf(ranked), listed, whyNot);
    }

    /** The file's parsed name, or empty for legacy formats and malformed names, which pip skips. */
    static Optional<DistributionFilename> parseFilename(String filename) {
        if (!filename.endsWith(WheelFilename.EXTENSION) && !filename.endsWith(".tar.gz") && !filename.endsWith(".zip")) {
            return Optional.empty();
        }
        try {
            return Optional.of(DistributionFilename.parse(filename));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A wheel whose tags the target does not support. */
    private record Unfit(String filename, WheelFilename wheel) {}

    private record WheelCandidate(Candidate candidate, WheelFilename filename, int priority) {}

    private static Optional<String> requiresPythonProblem(ProjectFile file, InstallTarget target) {
        if (file.requiresPython().isEmpty()) {
            return Optional.empty();
        }
        SpecifierSet requires = SpecifierSet.parseOrNull(file.requiresPython().get());
        if (requires == null || requires.contains(target.pythonVersion(), true)) {
            return Optional.empty(); // pip ignores a Requires-Python it cannot read
        }
        return Optional.of("requires Python " + requires + " (" + file.filename() + ")");
    }

    public ProjectName name() {
        return name;
    }

    /** Every candidate, best first, yanked ones included. */
    public List<Candidate> all() {
        return compatible;
    }

    /**
     * The candidates that satisfy a specifier and hash pins, one per version, best first, as pip
     * offers them: pre-releases only if allowed, named by the specifier, or nothing else matches;
     * yanked files only when the specifier pins one version and every matching file is yanked.
     */
    public List<Candidate> matching(SpecifierSet specifier, HashPins hashes, boolean allowPrereleases) {
        List<Version> versions = new ArrayList<>();
        Version last = null;
        for (Candidate c : compatible) {
            if (!c.version().equals(last)) {
                versions.add(c.version());
                last = c.version();
            }
        }
        Set<Version> allowed = new HashSet<>(specifier.filter(versions, allowPrereleases ? Boolean.TRUE : null));
        List<Candidate> applicable = new ArrayList<>();
        for (Candidate c : compatible) {
            if (allowed.contains(c.version()) && hashes.admits(c.file().hashes())) {
                applicable.add(c);
            }
        }
        boolean yankedAllowed = isPinned(specifier) && applicable.stream().allMatch(Candidate::isYanked);
        List<Candidate> result = new ArrayList<>();
        Set<Version> seen = new HashSet<>();
        for (Candidate c : applicable) {
            if (c.isYanked() && !yankedAllowed) {
                continue;
            }
            if (seen.add(c.version())) {
                result.add(c);
            }
        }
        return result;
    }

    /**
     * True when a specifier names one version: a {@code ==} clause without wildcard or a {@code ===}
     * clause. pip lets such a specifier choose a yanked file.
     */
    public static boolean isPinned(SpecifierSet specifier) {
        for (Specifier clause : specifier) {
            if (clause.operator().equals("===") || (clause.operator().equals("==") && !clause.isWildcard())) {
                return true;
            }
        }
        return false;
    }

    /** Why the target has no candidate at all, in one sentence or a few; empty when it has some. */
    public Optional<String> whyNone(InstallTarget target) {
        if (!compatible.isEmpty()) {
            return Optional.empty();
        }
        if (!listed) {
            return Optional.of("the index has no project named " + name.original());
        }
        if (whyNot.isEmpty()) {
            return Optional.of(name.original() + " has no wheel or sdist on the index");
        }
        StringBuilder out = new StringBuilder(name.original()).append(" has no file for ").append(target.name())
                .append(':');
        int shown = 0;
        for (Map.Entry<Version, List<Object>> entry : whyNot.entrySet()) {
            if (shown++ == 3) {
                out.append("\n  ... and ").append(whyNot.size() - 3).append(" older versions");
                break;
            }
            out.append("\n  ").append(entry.getKey()).append(": ");
            List<String> reasons = entry.getValue().stream().map(why -> why instanceof Unfit unfit
                    ? target.tags().explain(unfit.wheel().tags()).map(reason -> "wheel " + unfit.filename() + ": " + reason)
                            .orElse("wheel " + unfit.filename() + " does not fit")
                    : (String) why).distinct().toList();
            out.append(String.join("; ", reasons.subList(0, Math.min(3, reasons.size()))));
            if (reasons.size() > 3) {
                out.append("; and ").append(reasons.size() - 3).append(" more");
            }
        }
        return Optional.of(out.toString());
    }

    /** The versions the target has, newest first, for messages: at most {@code limit}, with "..." if more. */
    public String versionsForMessage(int limit) {
        List<String> versions = compatible.stream().filter(c -> !c.isYanked()).map(c -> c.version().toString())
                .distinct().toList();
        if (versions.isEmpty()) {
            return "none";
        }
        if (versions.size() <= limit) {
            return String.join(", ", versions);
        }
        return String.join(", ", versions.subList(0, limit)) + ", ... (" + versions.size() + " in all)";
    }
}
