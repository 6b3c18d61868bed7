package dev.pymirror.sync.download;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.sync.reqfile.HashPins;
import dev.pymirror.sync.resolve.Resolution;
import dev.pymirror.sync.resolve.ResolvedPackage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the resolutions of every target into the files the mirror needs, each once however many
 * targets chose it, and splits them by whether the tree already holds them.
 */
public final class DownloadPlanner {

    /** Where a project's file goes in the tree. */
    @FunctionalInterface
    public interface Placement {
        Path pathOf(ProjectName project, String filename);
    }

    /** Whether the tree already holds a file with the expected bytes. */
    @FunctionalInterface
    public interface Presence {
        /**
         * @throws DownloadException when the tree holds a file of that name with other bytes: a
         *     published file never changes, so this needs a person to look
         */
        boolean holds(PlannedFile file) throws DownloadException, IOException;
    }

    private DownloadPlanner() {}

    public static DownloadPlan plan(Collection<Resolution> resolutions, Placement placement, Presence presence)
            throws DownloadException, IOException {
        Map<Path, Merged> byPath = new LinkedHashMap<>();
        for (Resolution resolution : resolutions) {
            for (ResolvedPackage p : resolution.packages()) {
                ProjectFile source = listed(p);
                Path target = placement.pathOf(p.name(), source.filename());
                Merged m = byPath.computeIfAbsent(target, t -> new Merged(p.name(), source, t));
                m.targets.add(resolution.target().name());
                m.pins = m.pins.intersect(p.hashes());
            }
        }
        List<PlannedFile> fetch = new ArrayList<>();
        List<PlannedFile> present = new ArrayList<>();
        for (Merged m : byPath.values()) {
            PlannedFile file = new PlannedFile(m.project, m.source, m.target,
                    new ExpectedFile(m.source.hashes(), m.source.size().orElse(-1), m.pins), m.targets);
            (presence.holds(file) ? present : fetch).add(file);
        }
        return new DownloadPlan(fetch, present);
    }

    /**
     * The file as the mirror's page lists it: the upstream's entry, with the Requires-Python of its
     * metadata when that entry gives none (an HTML page without {@code data-requires-python}, say).
     * Without it a client on an older Python downloads the file only to throw it away.
     */
    private static ProjectFile listed(ResolvedPackage p) {
        ProjectFile upstream = p.candidate().file();
        if (upstream.requiresPython().isPresent() || p.requiresPython().isEmpty()) {
            return upstream;
        }
        return upstream.toBuilder().requiresPython(p.requiresPython().get()).build();
    }

    private static final class Merged {
        final ProjectName project;
        final ProjectFile source;
        final Path target;
        final List<String> targets = new ArrayList<>();
        HashPins pins = HashPins.NONE;

        Merged(ProjectName project, ProjectFile source, Path target) {
            this.project = project;
            this.source = source;
            this.target = target;
        }
    }
}
