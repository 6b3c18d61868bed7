package dev.pymirror.server.group;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.version.Version;
import dev.pymirror.server.config.GroupConfig;
import dev.pymirror.server.index.CacheStatus;
import dev.pymirror.server.index.FileAnswer;
import dev.pymirror.server.index.FileEvent;
import dev.pymirror.server.index.MetadataAnswer;
import dev.pymirror.server.index.PackageIndex;
import dev.pymirror.server.index.PageAnswer;
import dev.pymirror.server.index.RenderablePage;
import dev.pymirror.server.index.RenderableProjectList;
import dev.pymirror.server.index.RenderableProjectPage;
import dev.pymirror.server.index.RenderedProjectList;
import dev.pymirror.server.index.RenderedProjectPage;
import dev.pymirror.server.index.Unavailable;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.simple.ProjectList;
import dev.pymirror.simple.ProjectPage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Several indexes served as one, in order. A project belongs to the first member that has it and
 * its page is that member's page, unchanged: a later member's versions of the same name are never
 * shown, which is what stops dependency confusion (a public upload named like a private project
 * cannot outbid it). Projects the configuration names in {@code mix} are the exception: their
 * pages merge the files of every member that has them, the first member's file winning a name
 * both have.
 *
 * <p>A member that cannot say whether it has a project (an upstream that fails with nothing
 * cached) stops the search with its error rather than being skipped, since skipping it could hand
 * the name to a later member. Files are asked of the member whose page lists them; pages keep the
 * members' relative file URLs, which resolve to this group's own file routes.
 */
public final class GroupIndex implements PackageIndex {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(GroupIndex.class);

    private final GroupConfig config;
    private final List<PackageIndex> members;
    private final Set<String> unnamed;
    private final Map<String, Merged> mixed = new ConcurrentHashMap<>();
    private volatile MergedList mergedList;

    /** A merged page and the member pages it was made from (compared by identity: member pages are immutable). */
    private record Merged(List<RenderablePage> sources, RenderedProjectPage page) {}

    private record MergedList(List<RenderablePage> sources, RenderedProjectList list) {}

    /** An answer of one member. */
    private record Found(PackageIndex member, PageAnswer answer) {}

    /** @param members the member indexes, in the configuration's order */
    public GroupIndex(GroupConfig config, List<PackageIndex> members) {
        this(config, members, Set.of());
    }

    /**
     * @param unnamed members whose readers are not the group's (a closed member of an open group):
     *     the group's messages, which anyone who may read the group sees, do not name them
     */
    public GroupIndex(GroupConfig config, List<PackageIndex> members, Set<String> unnamed) {
        this.config = config;
        this.members = List.copyOf(members);
        this.unnamed = Set.copyOf(unnamed);
    }

    @Override
    public String name() {
        return config.name();
    }

    public GroupConfig config() {
        return config;
    }

    /** The members, in order. */
    public List<PackageIndex> members() {
        return members;
    }

    /**
     * The member that serves this file of the project, by the rule the group serves files by: the
     * owner's, or for a mixed project the first member listing it (for the web UI's "came from").
     *
     * @throws Unavailable as {@link #file} would
     */
    public PackageIndex holderOf(ProjectName project, String filename) throws Unavailable {
        return holder(project, filename);
    }

    @Override
    public void describe(ObjectNode into) {
        into.put("kind", "group");
        ArrayNode m = into.putArray("members");
        members.forEach(i -> m.add(i.name()));
        ArrayNode mix = into.putArray("mix");
        new TreeSet<>(config.mix()).forEach(mix::add);
    }

    @Override
    public PageAnswer page(ProjectName project) throws Unavailable {
        if (!config.mixes(project)) {
            Found owner = owner(project);
            return owner.answer().from(memberName(owner));
        }
        return mixedPage(project);
    }

    /**
     * Ready when the owner is known without waiting: each member before it says at once that it has
     * no such project, and the owner's page is ready. A mixed project always waits (its members'
     * pages are merged).
     */
    @Override
    public Optional<PageAnswer> readyPage(ProjectName project) {
        return readyOwner(project).map(owner -> owner.answer().from(memberName(owner)));
    }

    @Override
    public Optional<Path> storedFile(ProjectName project, String filename) throws Unavailable {
        Optional<Found> owner = readyOwner(project);
        return owner.isPresent() ? owner.get().member().storedFile(project, filename) : Optional.empty();
    }

    private Optional<Found> readyOwner(ProjectName project) {
        if (config.mixes(project)) {
            return Optional.empty();
        }
        for (PackageIndex member : members) {
            try {
                Optional<PageAnswer> ready = member.readyPage(project);
                return ready.map(answer -> new Found(member, answer)); // found, or this member must be asked
            } catch (Unavailable e) {
                if (e.status() != 404) {
                    return Optional.empty(); // page() words the failure
                }
            }
        }
        return Optional.empty(); // nobody has it: page() says so
    }

    @Override
    public FileAnswer file(ProjectName project, String filename) throws Unavailable, IOException {
        return holder(project, filename).file(project, filename);
    }

    @Override
    public MetadataAnswer metadata(ProjectName project, String filename) throws Unavailable, IOException {
        return holder(project, filename).metadata(project, filename);
    }

    @Override
    public Path provenance(ProjectName project, String filename) throws Unavailable, IOException {
        return holder(project, filename).provenance(project, filename);
    }

    /** Every project of every member that can list its projects now. */
    @Override
    public PageAnswer projectList() throws Unavailable {
        List<RenderablePage> sources = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        CacheStatus status = CacheStatus.HIT;
        for (PackageIndex member : members) {
            try {
                PageAnswer a = member.projectList();
                sources.add(a.page());
                if (a.status() == CacheStatus.STALE) {
                    status = CacheStatus.STALE;
                    failures.add(warning(member, a.warning()));
                }
            } catch (Unavailable e) {
                status = CacheStatus.STALE;
                failures.add(warning(member, e.getMessage()));
            }
        }
        MergedList known = mergedList;
        if (known == null || !sameIdentities(known.sources(), sources)) {
            Set<ProjectName> names = new TreeSet<>();
            for (RenderablePage p : sources) {
                if (p instanceof RenderableProjectList l) {
                    names.addAll(l.list().names());
                }
            }
            known = new MergedList(sources, new RenderedProjectList(ProjectList.of(names)));
            mergedList = known;
        }
        return new PageAnswer(known.list(), status, failures.isEmpty() ? null : String.join("; ", failures));
    }

    /** The history of the member that owns the project, or of every member of a mixed one. */
    @Override
    public List<FileEvent> history(ProjectName project) throws Unavailable {
        if (!config.mixes(project)) {
            return owner(project).member().history(project);
        }
        List<FileEvent> all = new ArrayList<>();
        for (Found f : allHaving(project)) {
            all.addAll(f.member().history(project));
        }
        return all;
    }

    /** The first member that has the project. */
    private Found owner(ProjectName project) throws Unavailable {
        for (PackageIndex member : members) {
            try {
                return new Found(member, member.page(project));
            } catch (Unavailable e) {
                if (e.status() != 404) {
                    throw memberFailed(member, project, e);
                }
            }
        }
        throw new Unavailable(404, "no member of group '" + name() + "' (" + String.join(", ", memberNames())
                + ") has project '" + project.normalized() + "'");
    }

    /** The member that serves a file: the owner's, or for a mixed project the first member listing it. */
    private PackageIndex holder(ProjectName project, String filename) throws Unavailable {
        if (!config.mixes(project)) {
            return owner(project).member();
        }
        List<Found> having = allHaving(project);
        for (Found f : having) {
            if (f.answer().page() instanceof RenderableProjectPage p
                    && p.page().files().stream().anyMatch(file -> file.filename().equals(filename))) {
                return f.member();
            }
        }
        // Listed once, by a mirror whose upstream dropped it since: a view of an earlier moment lists
        // it, and that member still serves it.
        for (Found f : having) {
            for (FileEvent e : f.member().history(project)) {
                if (e.kind() == FileEvent.Kind.UNLISTED && e.filename().equals(filename)) {
                    return f.member();
                }
            }
        }
        throw new Unavailable(404, "'" + filename + "' is not a file of project '" + project.normalized()
                + "' in group '" + name() + "'");
    }

    private PageAnswer mixedPage(ProjectName project) throws Unavailable {
        List<Found> found = allHaving(project);
        List<RenderablePage> sources = found.stream().map(f -> f.answer().page()).toList();
        String key = project.normalized();
        Merged known = mixed.get(key);
        if (known == null || !sameIdentities(known.sources(), sources)) {
            known = new Merged(sources, new RenderedProjectPage(merge(found)));
            mixed.put(key, known);
        }
        CacheStatus status = CacheStatus.HIT;
        List<String> warnings = new ArrayList<>();
        for (Found f : found) {
            if (f.answer().status() == CacheStatus.STALE) {
                status = CacheStatus.STALE;
                warnings.add(warning(f.member(), f.answer().warning()));
            }
        }
        return new PageAnswer(known.page(), status, warnings.isEmpty() ? null : String.join("; ", warnings),
                String.join(", ", found.stream().map(this::memberName).toList()));
    }

    /** Every member's answer for a mixed project; a member that fails fails the page. */
    private List<Found> allHaving(ProjectName project) throws Unavailable {
        List<Found> found = new ArrayList<>();
        for (PackageIndex member : members) {
            try {
                found.add(new Found(member, member.page(project)));
            } catch (Unavailable e) {
                if (e.status() != 404) {
                    throw memberFailed(member, project, e);
                }
            }
        }
        if (found.isEmpty()) {
            throw new Unavailable(404, "no member of group '" + name() + "' (" + String.join(", ", memberNames())
                    + ") has project '" + project.normalized() + "'");
        }
        return found;
    }

    private ProjectPage merge(List<Found> found) throws Unavailable {
        ProjectPage first = null;
        Map<String, ProjectFile> files = new LinkedHashMap<>();
        Set<String> versions = new LinkedHashSet<>();
        for (Found f : found) {
            if (!(f.answer().page() instanceof RenderableProjectPage p)) {
                throw new Unavailable(500, shown(f.member()) + " cannot be mixed: its pages are opaque");
            }
            first = first == null ? p.page() : first;
            for (ProjectFile file : p.page().files()) {
                files.putIfAbsent(file.filename(), file);
            }
            versions.addAll(p.page().versions());
        }
        List<String> sorted = new ArrayList<>(versions);
        sorted.sort(Comparator.comparing(Version::parseOrNull, Comparator.nullsFirst(Comparator.naturalOrder())));
        return first.toBuilder().files(List.copyOf(files.values())).versions(sorted).build();
    }

    private Unavailable memberFailed(PackageIndex member, ProjectName project, Unavailable e) {
        if (unnamed.contains(member.name())) {
            // Its own message names it too (and maybe its upstream): the server's log has it.
            LOG.warn("group '{}': member '{}' failed for '{}': {}", name(), member.name(), project.normalized(),
                    e.getMessage());
            return new Unavailable(e.status(), "group '" + name() + "' cannot tell which member owns '"
                    + project.normalized() + "': " + shown(member) + " failed");
        }
        return new Unavailable(e.status(), "group '" + name() + "' cannot tell which member owns '"
                + project.normalized() + "': member '" + member.name() + "' failed: " + e.getMessage());
    }

    /** A member's warning as the group passes it on: an unnamed member's stays in the server's log. */
    private String warning(PackageIndex member, String warning) {
        if (unnamed.contains(member.name())) {
            LOG.warn("group '{}': member '{}': {}", name(), member.name(), warning);
            return "a member that needs a login answered from its cache or not at all";
        }
        return member.name() + ": " + warning;
    }

    /** How the group's messages name {@code member}. */
    private String shown(PackageIndex member) {
        return unnamed.contains(member.name()) ? "a member that needs a login" : "member '" + member.name() + "'";
    }

    private String memberName(Found f) {
        return f.answer().member() == null ? f.member().name() : f.member().name() + "/" + f.answer().member();
    }

    private List<String> memberNames() {
        return members.stream().map(m -> unnamed.contains(m.name()) ? "one that needs a login" : m.name()).toList();
    }

    private static boolean sameIdentities(List<RenderablePage> a, List<RenderablePage> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }
}
