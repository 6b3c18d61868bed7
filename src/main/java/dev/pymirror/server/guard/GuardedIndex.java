package dev.pymirror.server.guard;

import dev.pymirror.advisories.Advisories;
import dev.pymirror.advisories.Advisory;
import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.dist.DistributionFilename;
import dev.pymirror.packaging.version.Version;
import dev.pymirror.server.config.GuardPolicy;
import dev.pymirror.server.index.IndexView;
import dev.pymirror.server.index.PackageIndex;
import dev.pymirror.server.index.PageAnswer;
import dev.pymirror.server.index.RenderablePage;
import dev.pymirror.server.index.RenderableProjectPage;
import dev.pymirror.server.index.RenderedProjectPage;
import dev.pymirror.server.index.Unavailable;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.simple.ProjectPage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * An index as its guard policy lets it be served: the files of releases a blocking advisory names
 * are left out of its pages (both encodings, and the PEP 700 {@code versions} list), and a request
 * for one, or for its metadata or provenance, is refused with 403 naming the advisory.
 *
 * <p>A decorator over any {@link PackageIndex}, applied per index at its routes: what a group
 * serves follows the group's policy, whatever its members' are. A project no advisory names (nearly
 * all) costs one hash lookup per request; a filtered page is made once per page and advisory load
 * and kept, keyed by the identity of the page it came from (pages are immutable; a new version of
 * a page is a new object) and the advisories' generation.
 */
public final class GuardedIndex extends IndexView {

    private final GuardPolicy policy;
    private final AdvisoryFeed feed;
    private final Map<String, Filtered> filtered = new ConcurrentHashMap<>();

    /** A filtered page, and what it was made from. */
    private record Filtered(RenderablePage source, long generation, RenderablePage shown) {}

    /**
     * What {@link #refuse} decided for a file of a project some advisory names, while the
     * advisories are those of {@code generation}: a warm file request is a map lookup, not a parse
     * of its name and version and a walk of the ranges (about a tenth of a small file's CPU,
     * BENCHMARKS.md). Bounded: names nobody serves can be asked for without end.
     */
    private record Decision(long generation, List<Advisory> by) {}

    private static final int MOST_DECISIONS = 10_000;
    private final Map<String, Decision> decisions = new ConcurrentHashMap<>();

    private GuardedIndex(PackageIndex inner, GuardPolicy policy, AdvisoryFeed feed) {
        super(inner);
        this.policy = policy;
        this.feed = feed;
    }

    /** {@code inner} guarded by {@code policy}; uploads to it are not filtered (see {@link #writable}). */
    public static GuardedIndex of(PackageIndex inner, GuardPolicy policy, AdvisoryFeed feed) {
        return new GuardedIndex(inner, policy, feed);
    }

    /** The policy it serves by. */
    public GuardPolicy policy() {
        return policy;
    }

    /**
     * The advisories that make the policy refuse this file now; empty for a file that is served.
     * For the web UI, which lists blocked files marked as such for the operator.
     */
    public List<Advisory> blockedBy(ProjectName project, String filename) {
        return blocking(project.normalized(), filename, feed.current());
    }

    /** An advisory as a refusal names it: its id and why it blocks ({@code MAL-2024-1 (malware)}, {@code GHSA-x (high)}). */
    public static String describe(Advisory a) {
        return a.id() + (a.malware() ? " (malware)" : a.severity().map(s -> " (" + s.word() + ")").orElse(""));
    }

    @Override
    public PageAnswer page(ProjectName project) throws Unavailable {
        return filter(project, inner.page(project));
    }

    @Override
    public Optional<PageAnswer> readyPage(ProjectName project) throws Unavailable {
        Optional<PageAnswer> ready = inner.readyPage(project);
        return ready.isEmpty() ? ready : Optional.of(filter(project, ready.get()));
    }

    @Override
    public Optional<Path> storedFile(ProjectName project, String filename) throws Unavailable {
        refuse(project, distribution(filename));
        return inner.storedFile(project, filename);
    }

    /** The advisories that make the policy refuse this file; empty for a file that is served. */
    List<Advisory> blocking(String project, String filename, Advisories advisories) {
        var entries = advisories.of(project);
        if (entries.isEmpty()) {
            return List.of();
        }
        Version version = DistributionFilename.tryParse(filename).map(DistributionFilename::version).orElse(null);
        if (policy.allows(project, version)) {
            return List.of();
        }
        List<Advisory> found = new ArrayList<>();
        for (Advisories.Entry e : entries) {
            // A file whose name gives no version is refused only by an advisory naming every version.
            boolean affected = version == null ? e.affected().everyVersion() : e.affected().affects(version);
            if (affected && policy.blocks(e.advisory()) && !found.contains(e.advisory())) {
                found.add(e.advisory());
            }
        }
        return found;
    }

    @Override
    protected void refuse(ProjectName project, String filename) throws Unavailable {
        Advisories advisories = feed.current();
        String name = project.normalized();
        if (advisories.of(name).isEmpty()) {
            return;
        }
        String key = name + "/" + filename;
        Decision decision = decisions.get(key);
        if (decision == null || decision.generation() != advisories.generation()) {
            decision = new Decision(advisories.generation(), blocking(name, filename, advisories));
            if (decisions.size() >= MOST_DECISIONS) {
                decisions.clear();
            }
            decisions.put(key, decision);
        }
        List<Advisory> by = decision.by();
        if (!by.isEmpty()) {
            throw Unavailable.blocked("'" + filename + "' is blocked by index '" + name() + "': advisory "
                    + by.stream().map(GuardedIndex::describe).collect(Collectors.joining(", ")));
        }
    }

    private PageAnswer filter(ProjectName project, PageAnswer answer) {
        Advisories advisories = feed.current();
        String name = project.normalized();
        if (advisories.of(name).isEmpty() || !(answer.page() instanceof RenderableProjectPage source)) {
            return answer;
        }
        Filtered known = filtered.get(name);
        if (known == null || known.source() != source || known.generation() != advisories.generation()) {
            known = new Filtered(source, advisories.generation(), shown(source, advisories));
            filtered.put(name, known);
        }
        return known.shown() == source ? answer
                : new PageAnswer(known.shown(), answer.status(), answer.warning(), answer.member());
    }

    /** The page without blocked files, and without blocked versions in its list; the page itself when nothing is. */
    private RenderablePage shown(RenderableProjectPage source, Advisories advisories) {
        ProjectPage page = source.page();
        String name = page.name().normalized();
        List<ProjectFile> kept = new ArrayList<>();
        for (ProjectFile f : page.files()) {
            if (blocking(name, f.filename(), advisories).isEmpty()) {
                kept.add(f);
            }
        }
        List<String> versions = new ArrayList<>();
        for (String v : page.versions()) {
            Version parsed = Version.parseOrNull(v);
            if (parsed == null || policy.allows(name, parsed) || !blocked(name, parsed, advisories)) {
                versions.add(v);
            }
        }
        if (kept.size() == page.files().size() && versions.size() == page.versions().size()) {
            return source;
        }
        return new RenderedProjectPage(page.toBuilder().files(kept).versions(versions).build());
    }

    private boolean blocked(String project, Version version, Advisories advisories) {
        for (Advisory a : advisories.affecting(project, version)) {
            if (policy.blocks(a)) {
                return true;
            }
        }
        return false;
    }
}
