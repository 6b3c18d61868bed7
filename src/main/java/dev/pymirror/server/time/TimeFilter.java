package dev.pymirror.server.time;

import dev.pymirror.packaging.dist.DistributionFilename;
import dev.pymirror.server.index.FileEvent;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.simple.ProjectPage;
import dev.pymirror.simple.ProjectStatus;
import dev.pymirror.simple.Yank;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A project page as it stands at a cut-off time: only the files uploaded at or before it, and the
 * versions those files are of. Pure: the indexes know the times, this knows what they mean.
 *
 * <p>For as-of, each file's yank and the project's PEP 792 status are replayed from the project's
 * history up to the moment, and so is whether it was listed: a file a mirror's upstream stopped
 * listing after the moment is listed again with its last entry, one it stopped listing before the
 * moment (and lists again now) is left out. A file without an upload time is left out: no one can say it existed then. {@code versions}
 * keeps, in the page's order, those versions that still have a file (a version listed with no
 * file at all has no time either).
 */
public final class TimeFilter {

    private TimeFilter() {}

    /**
     * The page as it was at {@code moment}: its files uploaded by then, each yanked or not as its
     * history says it was then. A file yanked now with no recorded yank counts as yanked all along
     * (the index knows no better, and a yank is the safe side).
     *
     * @param history the project's file events, in any order
     */
    public static FilteredPage asOf(ProjectPage page, Instant moment, List<FileEvent> history) {
        Map<String, List<FileEvent>> byFile = new HashMap<>();
        FileEvent status = null;
        boolean statusKnown = false;
        for (FileEvent e : history) {
            if (e.kind() == FileEvent.Kind.STATUS) {
                statusKnown = true;
                if (!e.at().isAfter(moment) && (status == null || !e.at().isBefore(status.at()))) {
                    status = e;
                }
                continue;
            }
            byFile.computeIfAbsent(e.filename(), k -> new ArrayList<>()).add(e);
        }
        // Whether each file was listed at the moment: the files of the page, less those unlisted
        // then, and those unlisted since, with the entry they had until then.
        Map<String, Instant> unlistedThen = new HashMap<>();
        List<ProjectFile> files = new ArrayList<>(page.files().size());
        Set<String> onPage = new HashSet<>();
        for (ProjectFile f : page.files()) {
            onPage.add(f.filename());
        }
        List<ProjectFile> restored = new ArrayList<>();
        for (Map.Entry<String, List<FileEvent>> e : byFile.entrySet()) {
            e.getValue().sort(Comparator.comparing(FileEvent::at));
            FileEvent then = null; // the latest listing change at or before the moment
            FileEvent next = null; // the first unlisting after it
            for (FileEvent ev : e.getValue()) {
                if (!ev.changesListing()) {
                    continue;
                }
                if (!ev.at().isAfter(moment)) {
                    then = ev;
                } else if (ev.kind() == FileEvent.Kind.UNLISTED) {
                    next = ev;
                    break;
                }
            }
            boolean listedThen = then == null || then.kind() == FileEvent.Kind.LISTED;
            if (!listedThen) {
                unlistedThen.put(e.getKey(), then.at());
            } else if (!onPage.contains(e.getKey()) && next != null) {
                restored.add(next.entry());
            }
        }
        for (ProjectFile f : page.files()) {
            if (!unlistedThen.containsKey(f.filename())) {
                files.add(f);
            }
        }
        restored.sort(Comparator.comparing(ProjectFile::filename));
        files.addAll(restored);
        FilteredPage cut = filter(page, files, moment, unlistedThen, file -> {
            List<FileEvent> events = byFile.get(file.filename());
            if (events == null) {
                return file;
            }
            // Replayed in time order (sorted above) up to the moment; events after it have not happened yet.
            Optional<Yank> yank = Optional.empty();
            boolean known = false;
            for (FileEvent e : events) {
                if (e.kind() != FileEvent.Kind.YANK && e.kind() != FileEvent.Kind.UNYANK) {
                    continue;
                }
                known = true;
                if (e.at().isAfter(moment)) {
                    break;
                }
                yank = e.kind() == FileEvent.Kind.YANK ? Optional.of(Yank.because(e.reason())) : Optional.empty();
            }
            if (!known) {
                return file;
            }
            return file.yank().equals(yank) ? file : file.toBuilder().yank(yank.orElse(null)).build();
        });
        return statusKnown ? withStatus(cut, status == null ? "active" : status.reason()) : cut;
    }

    /** The cut page with the PEP 792 status it had then (as recorded; active before any record). */
    private static FilteredPage withStatus(FilteredPage cut, String marker) {
        ProjectPage p = cut.page();
        String now = p.status().map(ProjectStatus::status).orElse("active");
        if (now.equals(marker)) {
            return cut;
        }
        ProjectStatus then = marker.equals("active") ? null : ProjectStatus.of(marker); // active is the default
        return new FilteredPage(p.toBuilder().status(then).build(), cut.withheld(), cut.nextUpload(), cut.unlisted());
    }

    /** The page without the files uploaded after {@code cutoff} (a cooldown: states as they are now). */
    public static FilteredPage uploadedBy(ProjectPage page, Instant cutoff) {
        return filter(page, page.files(), cutoff, Map.of(), file -> file);
    }

    private interface StateAt {
        ProjectFile apply(ProjectFile file);
    }

    /**
     * {@code files} (the page's, or the page's as the history had them then) without those uploaded
     * after {@code cutoff}, each in its state then, with {@code versions} to match.
     */
    private static FilteredPage filter(ProjectPage page, List<ProjectFile> files, Instant cutoff,
            Map<String, Instant> unlisted, StateAt state) {
        List<ProjectFile> kept = new ArrayList<>(files.size());
        Map<String, Optional<Instant>> withheld = new HashMap<>();
        Set<String> versions = new HashSet<>();
        Instant next = null;
        for (ProjectFile f : files) {
            Optional<Instant> uploaded = f.uploadTime();
            if (uploaded.isEmpty() || uploaded.get().isAfter(cutoff)) {
                withheld.put(f.filename(), uploaded);
                if (uploaded.isPresent() && (next == null || uploaded.get().isBefore(next))) {
                    next = uploaded.get();
                }
                continue;
            }
            kept.add(state.apply(f));
            DistributionFilename.tryParse(f.filename()).ifPresent(d -> versions.add(d.version().toString()));
        }
        if (withheld.isEmpty() && kept.equals(page.files())) {
            return new FilteredPage(page, Map.of(), null);
        }
        ProjectPage.Builder b = page.toBuilder().files(kept);
        if (!page.versions().isEmpty()) {
            List<String> listed = new ArrayList<>();
            Set<String> unnamed = new HashSet<>(versions);
            for (String v : page.versions()) {
                String n = normalizedVersion(v);
                if (versions.contains(n)) {
                    listed.add(v);
                    unnamed.remove(n);
                }
            }
            // Versions of files listed again (a mirror's upstream dropped them since), in order.
            unnamed.stream().map(dev.pymirror.packaging.version.Version::parseOrNull).filter(java.util.Objects::nonNull)
                    .sorted().forEach(v -> listed.add(v.toString()));
            b.versions(listed);
        }
        return new FilteredPage(b.build(), withheld, next, unlisted);
    }

    /** A version string as a file name's version prints it, so that {@code 1.0} and {@code 1.00} meet. */
    private static String normalizedVersion(String v) {
        dev.pymirror.packaging.version.Version parsed = dev.pymirror.packaging.version.Version.parseOrNull(v);
        return parsed == null ? v : parsed.toString();
    }
}
