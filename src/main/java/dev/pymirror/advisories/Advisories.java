package dev.pymirror.advisories;

import dev.pymirror.packaging.version.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loaded advisories, looked up by project: a map from normalized name to the advisories naming
 * it, built once, so that a project no advisory names costs one hash lookup.
 */
public final class Advisories {

    private static final AtomicLong GENERATIONS = new AtomicLong();

    /** No advisories: nothing is blocked. */
    public static final Advisories NONE = new Advisories(List.of(), null);

    /** One advisory's statement about one project. */
    public record Entry(Advisory advisory, AffectedPackage affected) {}

    private final Map<String, List<Entry>> byProject;
    private final int count;
    private final int malware;
    private final Optional<Instant> newestModified;
    private final Optional<Instant> imported;
    private final long generation;

    /** @param imported when these were imported, if known */
    public Advisories(List<Advisory> advisories, Instant imported) {
        Map<String, List<Entry>> map = new HashMap<>();
        Instant newest = null;
        int mal = 0;
        for (Advisory a : advisories) {
            for (AffectedPackage p : a.affected()) {
                map.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(new Entry(a, p));
            }
            if (a.malware()) {
                mal++;
            }
            if (newest == null || a.modified().isAfter(newest)) {
                newest = a.modified();
            }
        }
        map.replaceAll((k, v) -> List.copyOf(v));
        this.byProject = Map.copyOf(map);
        this.count = advisories.size();
        this.malware = mal;
        this.newestModified = Optional.ofNullable(newest);
        this.imported = Optional.ofNullable(imported);
        this.generation = GENERATIONS.incrementAndGet();
    }

    /** What the advisories say of a project (by its normalized name); empty for most projects. */
    public List<Entry> of(String normalizedName) {
        return byProject.getOrDefault(normalizedName, List.of());
    }

    /** The advisories that affect this version of a project, in import order. */
    public List<Advisory> affecting(String normalizedName, Version version) {
        List<Advisory> found = new ArrayList<>();
        for (Entry e : of(normalizedName)) {
            if (e.affected().affects(version) && !found.contains(e.advisory())) {
                found.add(e.advisory());
            }
        }
        return found;
    }

    /** How many advisories are loaded. */
    public int count() {
        return count;
    }

    /** How many of them report malware ({@code MAL-} ids). */
    public int malwareCount() {
        return malware;
    }

    /** The most recent {@code modified} time among them. */
    public Optional<Instant> newestModified() {
        return newestModified;
    }

    /** When they were imported. */
    public Optional<Instant> imported() {
        return imported;
    }

    /** Differs between any two loads in this process: what caches of filtered pages are keyed by. */
    public long generation() {
        return generation;
    }
}
