package dev.pymirror.server.time;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pymirror.packaging.ProjectName;
import dev.pymirror.server.index.IndexView;
import dev.pymirror.server.index.FileEvent;
import dev.pymirror.server.index.PackageIndex;
import dev.pymirror.server.index.PageAnswer;
import dev.pymirror.server.index.RenderablePage;
import dev.pymirror.server.index.RenderableProjectPage;
import dev.pymirror.server.index.RenderedProjectPage;
import dev.pymirror.server.index.Unavailable;
import dev.pymirror.simple.ProjectFile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An index seen through a {@link TimeRule}: its pages without the files the rule leaves out, and
 * those files refused (404, saying why) when asked for by URL, with their metadata and provenance.
 * It wraps any kind of index, so a mirror, a hosted index, a static tree and a group are cut alike;
 * other filters of what pages list sit beside it the same way.
 *
 * <p>A cut page is kept, rendered, for as long as the page it was cut from is the one the index
 * serves (indexes keep one page object while it is unchanged) and the rule says it still holds:
 * a view costs what the plain page costs. The kept pages are bounded.
 */
public final class TimeFilteredIndex extends IndexView {

    /** Cut pages kept; past it the cache starts again (pages are cut again on demand, cheaply). */
    private static final int MAX_KEPT = 4096;

    private final TimeRule rule;
    private final Clock clock;
    private final Map<String, Kept> kept = new ConcurrentHashMap<>();

    /**
     * A page cut from {@code source} at {@code cutAt}; for as-of, {@code listed} names its files (a
     * view of a moment serves by URL only what its page lists), else null.
     */
    private record Kept(RenderablePage source, Instant cutAt, FilteredPage cut, RenderableProjectPage rendered,
            Set<String> listed) {}

    public TimeFilteredIndex(PackageIndex inner, TimeRule rule, Clock clock) {
        super(inner);
        this.rule = rule;
        this.clock = clock;
    }

    public TimeRule rule() {
        return rule;
    }

    @Override
    public PageAnswer page(ProjectName project) throws Unavailable {
        PageAnswer answer = inner.page(project);
        return cut(project, answer, true).orElseThrow();
    }

    @Override
    public Optional<PageAnswer> readyPage(ProjectName project) throws Unavailable {
        Optional<PageAnswer> ready = inner.readyPage(project);
        if (ready.isEmpty()) {
            return ready;
        }
        // A page not cut yet may need the project's history: that is for a thread that may wait.
        return cut(project, ready.get(), false);
    }

    @Override
    public Optional<Path> storedFile(ProjectName project, String filename) throws Unavailable {
        if (rule.exempts(project)) {
            return inner.storedFile(project, filename);
        }
        Optional<PageAnswer> ready = inner.readyPage(project);
        if (ready.isEmpty()) {
            return Optional.empty();
        }
        String file = distribution(filename);
        Kept k = kept(project, ready.get(), false);
        if (k == null || k.cut().withheld().containsKey(file) || k.listed() != null && !k.listed().contains(file)) {
            return Optional.empty(); // the waiting route says why
        }
        return inner.storedFile(project, filename);
    }

    @Override
    public void describe(ObjectNode into) {
        inner.describe(into);
        if (rule instanceof TimeRule.MinAge m) {
            into.put("min-age-seconds", m.minAge().toSeconds());
            if (!m.exempt().isEmpty()) {
                into.putArray("min-age-exempt").addAll(m.exempt().stream().map(ProjectName::normalized).sorted()
                        .map(com.fasterxml.jackson.databind.node.TextNode::valueOf).toList());
            }
            HeldBack h = heldBack().orElseThrow();
            ObjectNode held = into.putObject("held-back");
            held.put("files", h.files());
            held.put("projects", h.projects());
        }
    }

    /**
     * How many files a cooldown holds back now, and of how many projects.
     *
     * @param files files held back
     * @param projects projects with at least one file held back
     */
    public record HeldBack(int files, int projects) {}

    /**
     * What a cooldown holds back now, counted over the pages served since start (held in memory:
     * no disk is read for it, so {@code /health} and the web UI may ask often); empty for another rule.
     */
    public Optional<HeldBack> heldBack() {
        if (!(rule instanceof TimeRule.MinAge m)) {
            return Optional.empty();
        }
        int files = 0;
        int projects = 0;
        Instant now = clock.instant();
        for (Kept k : kept.values()) {
            int n = 0;
            for (Optional<Instant> t : k.cut().withheld().values()) {
                if (t.isEmpty() || t.get().plus(m.minAge()).isAfter(now)) {
                    n++;
                }
            }
            files += n;
            projects += n > 0 ? 1 : 0;
        }
        return Optional.of(new HeldBack(files, projects));
    }

    /** A 404 for a file the rule leaves out (after reading the project's page, which may wait). */
    @Override
    protected void refuse(ProjectName project, String filename) throws Unavailable {
        if (rule.exempts(project)) {
            return;
        }
        Kept k = kept(project, inner.page(project), true);
        if (k != null && k.cut().withheld().containsKey(filename)) {
            throw new Unavailable(404, rule.withheld(filename, k.cut().withheld().get(filename)));
        }
        if (k != null && k.cut().unlisted().containsKey(filename)) {
            throw new Unavailable(404, rule.unlisted(filename, k.cut().unlisted().get(filename)));
        }
        if (rule.needsHistory() && (k == null || !k.listed().contains(filename))) {
            // Not on the page: say when it was deleted (a view of an earlier moment would otherwise
            // answer as if it had never been there).
            FileEvent deleted = null;
            for (FileEvent e : inner.history(project)) {
                if (e.kind() == FileEvent.Kind.DELETE && e.filename().equals(filename)
                        && (deleted == null || e.at().isAfter(deleted.at()))) {
                    deleted = e;
                }
            }
            if (deleted != null) {
                throw new Unavailable(404, rule.deleted(filename, deleted.at()));
            }
            if (k != null) {
                // Not listed then (a file the index never listed, or one its upstream had dropped): the
                // index beneath may still serve it by URL, a view of a moment serves what its page lists.
                throw new Unavailable(404, rule.notListed(filename));
            }
        }
    }

    /**
     * The answer with its page cut, from what is kept when that still holds; empty when it must be
     * cut and {@code mayWait} is false.
     */
    private Optional<PageAnswer> cut(ProjectName project, PageAnswer answer, boolean mayWait) throws Unavailable {
        if (rule.exempts(project) || !(answer.page() instanceof RenderableProjectPage)) {
            return Optional.of(answer);
        }
        Kept k = kept(project, answer, mayWait);
        return k == null ? Optional.empty()
                : Optional.of(new PageAnswer(k.rendered(), answer.status(), answer.warning(), answer.member()));
    }

    /** The cut of the answer's page: kept, or made now; null when it must be made and {@code mayWait} is false. */
    private Kept kept(ProjectName project, PageAnswer answer, boolean mayWait) throws Unavailable {
        if (!(answer.page() instanceof RenderableProjectPage source)) {
            return null;
        }
        String key = project.normalized();
        Instant now = clock.instant();
        Kept k = kept.get(key);
        if (k == null || k.source() != source || !rule.stillHolds(k.cut(), k.cutAt(), now)) {
            if (!mayWait && rule.needsHistory()) {
                return null;
            }
            List<FileEvent> history = rule.needsHistory() ? inner.history(project) : List.of();
            FilteredPage cut = rule.apply(source.page(), history, now);
            // Nothing cut: the page as it is, rendered once for both.
            RenderableProjectPage rendered = cut.page() == source.page() ? source : new RenderedProjectPage(cut.page());
            Set<String> listed = null;
            if (rule.needsHistory()) {
                listed = new HashSet<>();
                for (ProjectFile f : cut.page().files()) {
                    listed.add(f.filename());
                }
            }
            k = new Kept(source, now, cut, rendered, listed);
            if (kept.size() >= MAX_KEPT) {
                kept.clear();
            }
            kept.put(key, k);
        }
        return k;
    }
}
