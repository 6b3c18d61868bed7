package dev.pymirror.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pymirror.advisories.Advisory;
import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.dist.DistributionFilename;
import dev.pymirror.packaging.version.Version;
import dev.pymirror.server.group.GroupIndex;
import dev.pymirror.server.guard.GuardedIndex;
import dev.pymirror.server.hosted.HostedFile;
import dev.pymirror.server.hosted.HostedIndex;
import dev.pymirror.server.index.IndexView;
import dev.pymirror.server.index.PackageIndex;
import dev.pymirror.server.index.PageAnswer;
import dev.pymirror.server.index.RenderableProjectList;
import dev.pymirror.server.index.RenderableProjectPage;
import dev.pymirror.server.index.Unavailable;
import dev.pymirror.server.metrics.ServerMetrics;
import dev.pymirror.server.mirror.MirrorIndex;
import dev.pymirror.server.time.TimeFilteredIndex;
import dev.pymirror.server.time.TimeRule;
import dev.pymirror.server.tree.StaticIndex;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.upstream.RedactedUrl;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the web UI reads of the indexes, always for one reader: only the indexes that reader may
 * read are named, and a group's member the reader may not read goes unnamed. It reads what the
 * indexes offer anyway (pages, project lists, a hosted project's records, a mirror's counts);
 * nothing here is on the installers' routes.
 */
final class Catalog {

    /** Search results shown at most: a person refines a query that matches more. */
    static final int MAX_HITS = 200;
    /** Uploads an index page lists. */
    static final int MAX_UPLOADS = 50;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, PackageIndex> indexes;
    private final String defaultIndex;
    private final Set<String> restricted;
    private final Map<String, GuardedIndex> guards;
    private final ServerMetrics metrics;

    /**
     * @param restricted the indexes whose readers need a login
     * @param guards the indexes that block by advisories, as served (the UI reads the unguarded
     *     index, to list blocked files too, and asks the guard which are blocked)
     * @param metrics the server's counts, for the blocked requests; null when not counted
     */
    Catalog(Map<String, PackageIndex> indexes, String defaultIndex, Set<String> restricted,
            Map<String, GuardedIndex> guards, ServerMetrics metrics) {
        this.indexes = new LinkedHashMap<>(indexes);
        this.defaultIndex = defaultIndex;
        this.restricted = Set.copyOf(restricted);
        this.guards = Map.copyOf(guards);
        this.metrics = metrics;
    }

    /** The index's guard; null when it blocks nothing by advisories. */
    IndexGuard guard(String index) {
        GuardedIndex g = guards.get(index);
        if (g == null) {
            return null;
        }
        ServerMetrics.IndexMeters meters = metrics == null ? null : metrics.index(index);
        return new IndexGuard(g.policy(), meters == null ? -1 : meters.blocked(), meters != null && meters.restricted());
    }

    PackageIndex index(String name) {
        return indexes.get(name);
    }

    /** The index's cooldown; null when it holds nothing back. */
    IndexCooldown cooldown(String index) {
        TimeFilteredIndex cooled = cooldownOf(indexes.get(index));
        if (cooled == null) {
            return null;
        }
        TimeRule.MinAge m = (TimeRule.MinAge) cooled.rule();
        return new IndexCooldown(m.minAge(), m.exempt().stream().map(ProjectName::normalized).sorted().toList(),
                cooled.heldBack().orElseThrow());
    }

    /** The view of {@code index} that applies its own min-age, or null (a group's members have their own). */
    private static TimeFilteredIndex cooldownOf(PackageIndex index) {
        for (PackageIndex i = index; i instanceof IndexView v; i = v.inner()) {
            if (v instanceof TimeFilteredIndex t && t.rule() instanceof TimeRule.MinAge) {
                return t;
            }
        }
        return null;
    }

    boolean has(String name) {
        return indexes.containsKey(name);
    }

    /** The indexes the reader may read, in the configuration's order. */
    List<IndexSummary> summaries(Collection<String> readable) {
        List<IndexSummary> list = new ArrayList<>();
        indexes.forEach((name, index) -> {
            if (readable.contains(name)) {
                list.add(summary(index, readable));
            }
        });
        return list;
    }

    IndexSummary summary(PackageIndex index, Collection<String> readable) {
        // What /health says of it: the same facts, from memory.
        ObjectNode d = JSON.createObjectNode();
        index.describe(d);
        List<String> members = new ArrayList<>();
        if (IndexView.beneath(index) instanceof GroupIndex g) {
            g.members().forEach(m -> members.add(readable.contains(m.name()) ? m.name() : null));
            members.removeIf(java.util.Objects::isNull);
        }
        return new IndexSummary(index.name(), kind(index), text(d, "upstream"), members, text(d, "upstream-state"),
                d.path("projects").asLong(-1), index.name().equals(defaultIndex), restricted.contains(index.name()));
    }

    static String kind(PackageIndex index) {
        return switch (IndexView.beneath(index)) {
            case MirrorIndex m -> "mirror";
            case HostedIndex h -> "hosted";
            case StaticIndex s -> "static";
            case GroupIndex g -> "group";
            default -> "index";
        };
    }

    /**
     * The projects a person can browse in an index: a hosted index's uploads, a static tree's
     * folders, a mirror's cached pages (its upstream's full list would be the whole public index),
     * and for a group the union of its members'.
     */
    List<ProjectName> projects(PackageIndex index) throws IOException, Unavailable {
        return switch (IndexView.beneath(index)) {
            case HostedIndex h -> h.keptProjectNames(); // not every project's record per view
            case MirrorIndex m -> m.cachedProjects();
            case StaticIndex s -> s.projectList().page() instanceof RenderableProjectList l
                    ? l.list().names().stream().toList() : List.of();
            case GroupIndex g -> {
                Set<ProjectName> all = new TreeSet<>(Comparator.comparing(ProjectName::normalized));
                for (PackageIndex m : g.members()) {
                    all.addAll(projects(m));
                }
                yield List.copyOf(all);
            }
            default -> List.of();
        };
    }

    /**
     * Projects whose normalized name contains the query's normalized form, in the readable
     * indexes (or the one named), best first: exact, then prefix, then by name.
     */
    List<SearchHit> search(String query, Collection<String> readable, String within) throws IOException, Unavailable {
        String needle = normalizeQuery(query);
        if (needle.isEmpty()) {
            return List.of();
        }
        Map<String, List<String>> found = new TreeMap<>();
        for (Map.Entry<String, PackageIndex> e : indexes.entrySet()) {
            if (!readable.contains(e.getKey()) || (within != null && !within.equals(e.getKey()))) {
                continue;
            }
            for (ProjectName p : projects(e.getValue())) {
                if (p.normalized().contains(needle)) {
                    found.computeIfAbsent(p.normalized(), k -> new ArrayList<>()).add(e.getKey());
                }
            }
        }
        List<SearchHit> hits = new ArrayList<>();
        found.forEach((p, in) -> hits.add(new SearchHit(p, in)));
        hits.sort(Comparator.comparingInt((SearchHit h) -> h.project().equals(needle) ? 0
                : h.project().startsWith(needle) ? 1 : 2).thenComparing(SearchHit::project));
        return hits.size() > MAX_HITS ? hits.subList(0, MAX_HITS) : hits;
    }

    /** A query as a name fragment: PEP 503's normalization, so "Foo_Bar" finds "foo-bar". */
    static String normalizeQuery(String query) {
        return query == null ? "" : query.strip().toLowerCase(java.util.Locale.ROOT).replaceAll("[-_.]+", "-");
    }

    /** A project of an index, with where each file comes from. */
    ProjectView project(PackageIndex index, ProjectName project, Collection<String> readable) throws Unavailable {
        PageAnswer answer = index.page(project);
        if (!(answer.page() instanceof RenderableProjectPage rendered)) {
            throw new Unavailable(404, "index '" + index.name() + "' has no readable page for '" + project.normalized() + "'");
        }
        Map<String, HostedFile> uploads = new HashMap<>();
        Map<String, PackageIndex> owners = new HashMap<>();
        List<FileRow> rows = new ArrayList<>();
        GuardedIndex guard = guards.get(index.name());
        for (ProjectFile f : rendered.page().files()) {
            Version version = DistributionFilename.tryParse(f.filename()).map(DistributionFilename::version).orElse(null);
            Origin origin = origin(index, project, f.filename(), readable, uploads, owners);
            List<Advisory> by = guard == null ? List.of() : guard.blockedBy(project, f.filename());
            FileRow.Refusal refused = by.isEmpty() ? null
                    : FileRow.Refusal.blocked(String.join(", ", by.stream().map(GuardedIndex::describe).toList()));
            rows.add(new FileRow(f, version == null ? null : version.toString(), origin.text(), origin.cached(),
                    origin.uploader(), refused));
        }
        withheld(index, project, answer, readable, rows);
        heldBack(index, project, readable, rows, uploads, owners);
        // Newest version first, as a person reads a release history; files of one version by name.
        rows.sort(Comparator.comparing((FileRow r) -> r.version() == null ? null : Version.parseOrNull(r.version()),
                Comparator.nullsLast(Comparator.reverseOrder())).thenComparing(r -> r.file().filename()));
        return new ProjectView(index.name(), kind(index), rendered.page(), rows, answer.warning());
    }

    /**
     * Adds the files an index refuses by a PEP 792 status, which its pages leave out, so that the
     * operator sees them marked refused: a mirror's by its upstream's status (a quarantined
     * project's cached files, those removed with a status change), a static tree's listed by a
     * quarantined page. For a group, those of the members its page came from.
     */
    private static void withheld(PackageIndex index, ProjectName project, PageAnswer answer, Collection<String> readable,
            List<FileRow> rows) throws Unavailable {
        Set<String> listed = new java.util.HashSet<>();
        rows.forEach(r -> listed.add(r.file().filename()));
        List<PackageIndex> holders = new ArrayList<>();
        if (IndexView.beneath(index) instanceof GroupIndex g) {
            List<String> from = answer.member() == null ? List.of() : List.of(answer.member().split(","));
            g.members().stream().filter(m -> from.contains(m.name())).forEach(holders::add);
        } else {
            holders.add(index);
        }
        boolean group = holders.isEmpty() || holders.get(0) != index;
        for (PackageIndex holder : holders) {
            String member = !group ? null : readable.contains(holder.name()) ? holder.name() : "a member you may not read";
            switch (IndexView.beneath(holder)) {
                case MirrorIndex m -> {
                    String upstream = RedactedUrl.of(m.config().upstream());
                    String origin = member == null ? upstream : readable.contains(m.name()) ? member + " ← " + upstream : member;
                    for (MirrorIndex.WithheldFile w : m.withheld(project)) {
                        if (listed.add(w.file().filename())) {
                            rows.add(row(w.file(), origin, m.isCached(project, w.file().filename()),
                                    FileRow.Refusal.byStatus(w.reason())));
                        }
                    }
                }
                case StaticIndex s -> {
                    for (ProjectFile f : s.withheld(project)) {
                        if (listed.add(f.filename())) {
                            rows.add(row(f, member, null,
                                    FileRow.Refusal.byStatus("the project's page in the tree says it is quarantined")));
                        }
                    }
                }
                default -> { }
            }
        }
    }

    /**
     * Adds the files the index's cooldown holds back, which its pages leave out (and its files
     * route refuses, 404), marked with the moment each comes of age: the operator sees what is
     * coming. They are the files of the page beneath the cooldown that the page served lacks.
     */
    private void heldBack(PackageIndex index, ProjectName project, Collection<String> readable, List<FileRow> rows,
            Map<String, HostedFile> uploads, Map<String, PackageIndex> owners) throws Unavailable {
        TimeFilteredIndex cooled = cooldownOf(index);
        if (cooled == null || cooled.rule().exempts(project)
                || !(cooled.inner().page(project).page() instanceof RenderableProjectPage whole)) {
            return;
        }
        Duration minAge = ((TimeRule.MinAge) cooled.rule()).minAge();
        Set<String> listed = new java.util.HashSet<>();
        rows.forEach(r -> listed.add(r.file().filename()));
        for (ProjectFile f : whole.page().files()) {
            if (listed.add(f.filename())) {
                Origin origin = origin(index, project, f.filename(), readable, uploads, owners);
                Version version = DistributionFilename.tryParse(f.filename()).map(DistributionFilename::version).orElse(null);
                rows.add(new FileRow(f, version == null ? null : version.toString(), origin.text(), origin.cached(),
                        origin.uploader(), FileRow.Refusal.heldBack(HumanTime.of(minAge),
                                f.uploadTime().map(t -> t.plus(minAge)).orElse(null))));
            }
        }
    }

    private static FileRow row(ProjectFile f, String origin, Boolean cached, FileRow.Refusal refused) {
        Version version = DistributionFilename.tryParse(f.filename()).map(DistributionFilename::version).orElse(null);
        return new FileRow(f, version == null ? null : version.toString(), origin, cached, null, refused);
    }

    /** Where a file comes from: the member chain, a mirror's upstream and whether it is cached, a hosted file's uploader. */
    private record Origin(String text, Boolean cached, String uploader) {}

    /**
     * @param uploads a hosted project's records, read once per page
     * @param owners the member owning the project in each group that does not mix it: one
     *     look-up per group and page, not per file
     */
    private Origin origin(PackageIndex index, ProjectName project, String filename, Collection<String> readable,
            Map<String, HostedFile> uploads, Map<String, PackageIndex> owners) {
        switch (IndexView.beneath(index)) {
            case GroupIndex g -> {
                PackageIndex holder = g.config().mixes(project) ? null : owners.get(g.name());
                try {
                    if (holder == null) {
                        holder = g.holderOf(project, filename);
                        if (!g.config().mixes(project)) {
                            owners.put(g.name(), holder);
                        }
                    }
                } catch (Unavailable e) {
                    return new Origin(null, null, null);
                }
                Origin below = origin(holder, project, filename, readable, uploads, owners);
                String name = readable.contains(holder.name()) ? holder.name() : "a member you may not read";
                if (!readable.contains(holder.name())) {
                    return new Origin(name, below.cached(), null); // nothing more of it is shown
                }
                return new Origin(below.text() == null ? name : name + " ← " + below.text(), below.cached(),
                        below.uploader());
            }
            case MirrorIndex m -> {
                return new Origin(RedactedUrl.of(m.config().upstream()), m.isCached(project, filename), null);
            }
            case HostedIndex h -> {
                String key = h.name() + "/" + project.normalized();
                if (!uploads.containsKey(key + "/")) {
                    try {
                        h.files(project).forEach(f -> uploads.put(key + "/" + f.filename(), f));
                    } catch (IOException e) {
                        // The page itself was read; the uploader column stays empty.
                    }
                    uploads.put(key + "/", null);
                }
                HostedFile f = uploads.get(key + "/" + filename);
                return new Origin(null, null, f == null ? null : f.uploader());
            }
            default -> {
                return new Origin(null, null, null);
            }
        }
    }

    /** A hosted index's latest uploads, newest first. */
    List<UploadRow> uploads(HostedIndex index) throws IOException {
        List<UploadRow> rows = new ArrayList<>();
        for (ProjectName p : index.projectNames()) {
            for (HostedFile f : index.files(p)) {
                rows.add(new UploadRow(p.normalized(), f.filename(), f.version(), f.uploader(), f.uploaded(), f.yanked()));
            }
        }
        rows.sort(Comparator.comparing(UploadRow::uploaded).reversed());
        return rows.size() > MAX_UPLOADS ? rows.subList(0, MAX_UPLOADS) : rows;
    }

    /** The mirrors the reader may read, with their upstream and cache. */
    List<MirrorView> mirrors(Collection<String> readable) {
        List<MirrorView> list = new ArrayList<>();
        indexes.forEach((name, index) -> {
            if (readable.contains(name) && IndexView.beneath(index) instanceof MirrorIndex m) {
                list.add(mirror(m));
            }
        });
        return list;
    }

    static MirrorView mirror(MirrorIndex m) {
        return new MirrorView(m.name(), RedactedUrl.of(m.config().upstream()), m.offline(), m.upstreamStatus(),
                m.lastUpstreamSuccess().orElse(null), m.cacheUse(), m.recentFailures());
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }
}
