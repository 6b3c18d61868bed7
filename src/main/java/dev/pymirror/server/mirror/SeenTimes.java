package dev.pymirror.server.mirror;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pymirror.packaging.ProjectName;
import dev.pymirror.server.index.FileEvent;
import dev.pymirror.simple.JsonCodec;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.simple.ProjectPage;
import dev.pymirror.simple.ProjectStatus;
import dev.pymirror.simple.Yank;
import dev.pymirror.store.blob.BlobStore;
import dev.pymirror.store.blob.LogEntry;
import dev.pymirror.store.blob.VersionLog;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a mirror has seen happen to a project's files, with when: the moment it first saw each file
 * (the file's upload time when the upstream states none, PEP 700), and each yank or unyank the
 * first time a page showed it. Recorded once and never changed, so that it survives a restart and an
 * upstream that later changes its mind. A file already yanked when first seen is recorded as yanked
 * from its upload on: the mirror cannot know when it was yanked, and a yank is the safe side.
 * When a refreshed page no longer lists a file the previous one did, the file's last entry is
 * recorded with the moment ({@link FileEvent.Kind#UNLISTED}), and its return to the page too
 * ({@link FileEvent.Kind#LISTED}): the page as it was at any moment can be built again.
 *
 * <p>Kept per project as a {@link VersionLog} in the index's storage ({@code times/<project>/<n>}),
 * each entry what one observation added: nodes sharing a bucket race to record the same new file,
 * and a document (last writer wins) would let the later node replace the earlier one's time. With
 * the log the loser of a race re-reads the winner's entry, finds the file recorded, and adds
 * nothing: a first-seen time is never changed, and no node's observation is lost. A record kept
 * whole in {@code times/<project>.json} (before the log) is read as the log's start.
 *
 * <p>On the data directory, which has one server, the entry is written after the page is answered
 * ({@link DeferredWrites}: waiting for it, its two forces and the page's copy, a fresh page took
 * 3.0 to 3.9 ms over nginx's time, against 2.0 ms without): the record in memory is the log's. A
 * crash in the few milliseconds between loses an entry the clients were already served; the files
 * in it are recorded when next seen, later, the side a minimum age errs on.
 */
final class SeenTimes {

    private static final Logger LOG = LoggerFactory.getLogger(SeenTimes.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The name of the page an entry is written and read in (any name: only its file is kept). */
    private static final ProjectName ENTRY_PAGE = ProjectName.of("entry");

    /**
     * A project's record.
     *
     * @param stated the upload time the upstream gave each file the first time it gave one: served
     *     from then on, so that an upstream that later dates a file otherwise, or not at all (an
     *     HTML page), does not move it in or out of views of earlier moments
     */
    record ProjectTimes(Map<String, Instant> firstSeen, List<FileEvent> events, Map<String, Instant> stated) {
        static final ProjectTimes NONE = new ProjectTimes(Map.of(), List.of(), Map.of());

        ProjectTimes {
            firstSeen = Map.copyOf(firstSeen);
            events = List.copyOf(events);
            stated = Map.copyOf(stated);
        }

        /** The upload time each file is served with: the upstream's first stated, else when first seen. */
        Map<String, Instant> uploaded() {
            if (stated.isEmpty()) {
                return firstSeen;
            }
            Map<String, Instant> out = new HashMap<>(firstSeen);
            out.putAll(stated);
            return out;
        }
    }

    /**
     * A project's log, with the whole record it starts from (empty for a project first seen with
     * logs), and the record its entries made when last read. Entries never change, so each is
     * parsed once: a refresh that records a new file parses that file's entry, not the project's
     * whole history again (a project with a thousand entries parsed them all on every new sighting).
     */
    private static final class ProjectLog {
        private final ProjectTimes start;
        private final VersionLog log;
        private ProjectTimes folded;
        private int foldedEntries;

        ProjectLog(ProjectTimes start, VersionLog log) {
            this.start = start;
            this.log = log;
            this.folded = start;
        }

        VersionLog log() {
            return log;
        }

        /** The record {@code entries} (the whole log so far, in order) make, parsing only those not parsed before. */
        synchronized ProjectTimes fold(List<LogEntry> entries) {
            if (entries.size() < foldedEntries) {
                // Never: a log's entries only grow. Should it happen, folded whole rather than wrongly.
                folded = start;
                foldedEntries = 0;
            }
            folded = SeenTimes.fold(folded, entries.subList(foldedEntries, entries.size()));
            foldedEntries = entries.size();
            return folded;
        }
    }

    private final BlobStore store;
    private final String prefix;
    private final Map<String, ProjectTimes> known = new ConcurrentHashMap<>();
    private final Map<String, ProjectLog> logs = new ConcurrentHashMap<>();
    /** One project's record is changed by one thread at a time; others' go on meanwhile. */
    private final Object[] locks = new Object[64];

    /** Where entries are written after the answer, or null to write each before it. */
    private final DeferredWrites later;

    /**
     * A record that writes what it observes before {@link #observe} returns.
     *
     * @param prefix the keys' beginning: {@code times/} under the index's own
     */
    SeenTimes(BlobStore store, String prefix) {
        this(store, prefix, null);
    }

    /**
     * A record that, where the server is the storage's only writer, hands what it observes to
     * {@code later} and returns at once: nobody else can record a file first, so what memory
     * decides is what the log will say. On a shared store the log decides (another node's entry
     * may come first), and so is written before {@link #observe} returns.
     */
    SeenTimes(BlobStore store, String prefix, DeferredWrites later) {
        this.store = store;
        this.prefix = prefix;
        this.later = store.shared() ? null : later;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    /** The upload time each of the project's files is served with (from memory once the project's page was seen). */
    Map<String, Instant> uploaded(ProjectName project) {
        return load(project.normalized()).uploaded();
    }

    /** The project's events, oldest first (from memory once the project's page was seen). */
    List<FileEvent> history(ProjectName project) {
        return load(project.normalized()).events();
    }

    /**
     * Records what {@code page} (the upstream's) shows that was not recorded yet, at {@code now},
     * and returns the project's record. Written to storage only when something was new.
     */
    ProjectTimes observe(ProjectName project, ProjectPage page, Instant now) {
        return observe(project, page, null, now);
    }

    /**
     * As {@link #observe(ProjectName, ProjectPage, Instant)}, for a page fetched to replace
     * {@code previous} (null when none): the files {@code previous} listed and {@code page} does
     * not are recorded as no longer listed, each with its entry from {@code previous}.
     */
    ProjectTimes observe(ProjectName project, ProjectPage page, ProjectPage previous, Instant now) {
        String key = project.normalized();
        synchronized (locks[Math.floorMod(key.hashCode(), locks.length)]) {
            ProjectTimes before = load(key);
            Instant at = now.truncatedTo(ChronoUnit.MICROS);
            ProjectTimes after = next(before, page, previous, at);
            if (after == before) {
                return before;
            }
            if (later != null) {
                known.put(key, after);
                later.submit("record the upload times of " + key, () -> record(key, page, previous, at));
                return after;
            }
            try {
                ProjectLog projectLog = log(key);
                ProjectTimes[] decided = new ProjectTimes[1];
                // Decided again from the log as it is when written: another node's entry may have
                // recorded some of these files first, and its times stand.
                projectLog.log().append(entries -> {
                    ProjectTimes current = projectLog.fold(entries);
                    ProjectTimes added = next(current, page, previous, at);
                    decided[0] = added;
                    return added == current ? Optional.empty() : Optional.of(delta(current, added));
                });
                // The record as the last decision left it: the log as read, with this entry if one
                // was added. Not read again: on a bucket that was one more request per new file.
                after = decided[0];
                known.put(key, after);
            } catch (IOException | RuntimeException e) {
                // Served from memory, not remembered: the storage is asked again next time, and
                // what it holds (another node's earlier times) then wins.
                LOG.error("could not record the upload times of {}: {}", key, e.getMessage());
            }
            return after;
        }
    }

    /**
     * Writes what {@link #observe} decided in memory, decided again from the log as written (the
     * same, with one writer). Failing, the record in memory is dropped: the storage is read again
     * next time, and a file it lacks is recorded then, later.
     */
    private void record(String key, ProjectPage page, ProjectPage previous, Instant at) {
        try {
            // Not under the project's lock: an observer holding it may be waiting for room in
            // DeferredWrites, which this write makes. The log is there already (observe loaded it);
            // were it made twice, two instances of one log append safely.
            ProjectLog projectLog = log(key);
            projectLog.log().append(entries -> {
                ProjectTimes current = projectLog.fold(entries);
                ProjectTimes added = next(current, page, previous, at);
                return added == current ? Optional.empty() : Optional.of(delta(current, added));
            });
        } catch (IOException | RuntimeException e) {
            known.remove(key);
            LOG.error("could not record the upload times of {}: {}", key, e.getMessage());
        }
    }

    /** {@code before} with what {@code page} shows that it lacks, seen at {@code at}; {@code before} itself when nothing. */
    private static ProjectTimes next(ProjectTimes before, ProjectPage page, ProjectPage previous, Instant at) {
        Map<String, Instant> seen = new LinkedHashMap<>(before.firstSeen());
        Map<String, Instant> stated = new LinkedHashMap<>(before.stated());
        List<FileEvent> events = new ArrayList<>(before.events());
        Map<String, Optional<Yank>> yanks = yankStates(before.events());
        Set<String> unlisted = unlisted(before.events());
        boolean changed = false;
        String status = page.status().map(ProjectStatus::status).orElse("active");
        String statusBefore = recordedStatus(before.events());
        if (!status.equals(statusBefore == null ? "active" : statusBefore)) {
            // A status on the first sight of the project held, as far as anyone here knows, from the start.
            events.add(FileEvent.status(before.firstSeen().isEmpty() && statusBefore == null ? Instant.EPOCH : at,
                    status));
            changed = true;
        }
        Set<String> listed = new HashSet<>();
        for (ProjectFile f : page.files()) {
            listed.add(f.filename());
            if (unlisted.remove(f.filename())) {
                events.add(FileEvent.listed(f.filename(), at));
                changed = true;
            }
            boolean isNew = !seen.containsKey(f.filename());
            if (isNew) {
                seen.put(f.filename(), at);
                changed = true;
            }
            if (f.uploadTime().isPresent() && !stated.containsKey(f.filename())) {
                stated.put(f.filename(), f.uploadTime().get());
                changed = true;
            }
            Optional<Yank> recorded = yanks.getOrDefault(f.filename(), Optional.empty());
            if (!recorded.equals(f.yank())) {
                Instant when = isNew ? f.uploadTime().orElse(at) : at;
                events.add(f.yank().isPresent() ? FileEvent.yank(f.filename(), when, f.yank().get().reason())
                        : FileEvent.unyank(f.filename(), when));
                changed = true;
            }
        }
        if (previous != null) {
            for (ProjectFile f : previous.files()) {
                // Once per file: a page may list a name twice, and the first entry is the one served.
                if (!listed.contains(f.filename()) && !unlisted.contains(f.filename())) {
                    unlisted.add(f.filename());
                    events.add(FileEvent.unlisted(f, at));
                    changed = true;
                }
            }
        }
        return changed ? new ProjectTimes(seen, events, stated) : before;
    }

    /** The files whose latest listing event says the upstream no longer lists them. */
    private static Set<String> unlisted(List<FileEvent> events) {
        Set<String> out = new HashSet<>();
        for (FileEvent e : events) {
            if (e.kind() == FileEvent.Kind.UNLISTED) {
                out.add(e.filename());
            } else if (e.kind() == FileEvent.Kind.LISTED) {
                out.remove(e.filename());
            }
        }
        return out;
    }

    /** What {@code after} adds to {@code before}, as a log entry's payload. */
    private static byte[] delta(ProjectTimes before, ProjectTimes after) {
        Map<String, Instant> seen = new LinkedHashMap<>();
        after.firstSeen().forEach((file, at) -> {
            if (!before.firstSeen().containsKey(file)) {
                seen.put(file, at);
            }
        });
        Map<String, Instant> stated = new LinkedHashMap<>();
        after.stated().forEach((file, at) -> {
            if (!before.stated().containsKey(file)) {
                stated.put(file, at);
            }
        });
        try {
            return JSON.writeValueAsBytes(toJson(new ProjectTimes(seen,
                    after.events().subList(before.events().size(), after.events().size()), stated)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The record the log's entries make, on top of {@code start}: a file's first time is its first entry's. */
    private static ProjectTimes fold(ProjectTimes start, List<LogEntry> entries) {
        Map<String, Instant> seen = new LinkedHashMap<>(start.firstSeen());
        Map<String, Instant> stated = new LinkedHashMap<>(start.stated());
        List<FileEvent> events = new ArrayList<>(start.events());
        for (LogEntry e : entries) {
            ProjectTimes added = parse(e.payload());
            added.firstSeen().forEach(seen::putIfAbsent);
            added.stated().forEach(stated::putIfAbsent);
            events.addAll(added.events());
        }
        return new ProjectTimes(seen, events, stated);
    }

    private static String recordedStatus(List<FileEvent> events) {
        String status = null;
        for (FileEvent e : events) {
            if (e.kind() == FileEvent.Kind.STATUS) {
                status = e.reason();
            }
        }
        return status;
    }

    private static Map<String, Optional<Yank>> yankStates(List<FileEvent> events) {
        Map<String, Optional<Yank>> states = new HashMap<>();
        for (FileEvent e : events) {
            if (e.kind() == FileEvent.Kind.YANK) {
                states.put(e.filename(), Optional.of(Yank.because(e.reason())));
            } else if (e.kind() == FileEvent.Kind.UNYANK) {
                states.put(e.filename(), Optional.empty());
            }
        }
        return states;
    }

    private ProjectTimes load(String key) {
        ProjectTimes times = known.get(key);
        if (times != null) {
            return times;
        }
        try {
            ProjectLog projectLog = log(key);
            times = projectLog.fold(projectLog.log().entries());
        } catch (IOException | RuntimeException e) {
            // Not remembered: asked again next time. Said, since it matters.
            LOG.warn("cannot read the upload-time record of {}: {}", key, e.getMessage());
            return ProjectTimes.NONE;
        }
        known.put(key, times);
        return times;
    }

    /** The project's log, and the whole record kept before logs, read once. */
    private ProjectLog log(String key) throws IOException {
        ProjectLog projectLog = logs.get(key);
        if (projectLog != null) {
            return projectLog;
        }
        ProjectTimes start = ProjectTimes.NONE;
        Optional<byte[]> whole = store.readDocument(prefix + key + ".json").map(d -> d.bytes());
        if (whole.isPresent()) {
            try {
                start = parse(whole.get());
            } catch (RuntimeException e) {
                // Not fatal: the files are seen again from now, later than they were. Said, since it matters.
                LOG.warn("ignoring the unreadable upload-time record of {}: {}", key, e.getMessage());
            }
        }
        projectLog = new ProjectLog(start, new VersionLog(store, prefix + key));
        logs.put(key, projectLog);
        return projectLog;
    }

    private static ProjectTimes parse(byte[] bytes) {
        try {
            JsonNode root = JSON.readTree(bytes);
            Map<String, Instant> seen = new LinkedHashMap<>();
            root.path("first-seen").properties().forEach(e -> seen.put(e.getKey(), Instant.parse(e.getValue().asText())));
            Map<String, Instant> stated = new LinkedHashMap<>();
            root.path("upload-time").properties().forEach(e -> stated.put(e.getKey(), Instant.parse(e.getValue().asText())));
            List<FileEvent> events = new ArrayList<>();
            for (JsonNode n : root.path("events")) {
                JsonNode reason = n.get("reason");
                JsonNode entry = n.get("entry");
                events.add(new FileEvent(n.path("file").asText(), Instant.parse(n.path("at").asText()),
                        FileEvent.Kind.ofLabel(n.path("kind").asText()),
                        reason == null || reason.isNull() ? null : reason.asText(),
                        entry == null ? null : readEntry(entry)));
            }
            return new ProjectTimes(seen, events, stated);
        } catch (IOException e) {
            throw new IllegalArgumentException("not an upload-time record: " + e.getMessage(), e);
        }
    }

    private static ObjectNode toJson(ProjectTimes times) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode seen = root.putObject("first-seen");
        times.firstSeen().forEach((file, at) -> seen.put(file, at.toString()));
        if (!times.stated().isEmpty()) {
            ObjectNode stated = root.putObject("upload-time");
            times.stated().forEach((file, at) -> stated.put(file, at.toString()));
        }
        ArrayNode events = root.putArray("events");
        for (FileEvent e : times.events()) {
            ObjectNode n = events.addObject();
            n.put("file", e.filename());
            n.put("at", e.at().toString());
            n.put("kind", e.kind().label());
            if (e.reason() != null) {
                n.put("reason", e.reason());
            }
            if (e.entry() != null) {
                n.set("entry", entryTree(e.entry()));
            }
        }
        return root;
    }

    /**
     * A file's entry as the simple API's JSON writes it (one codec for pages and this record):
     * the {@code files} member of a page that lists only it.
     */
    private static JsonNode entryTree(ProjectFile file) {
        try {
            return JSON.readTree(JsonCodec.INSTANCE.writeProjectPage(ProjectPage.of(ENTRY_PAGE, List.of(file))))
                    .path("files").path(0);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ProjectFile readEntry(JsonNode entry) {
        ObjectNode page = JSON.createObjectNode();
        page.putObject("meta").put("api-version", "1.0"); // 1.0 requires no key a file lacks
        page.put("name", ENTRY_PAGE.normalized());
        page.putArray("files").add(entry);
        // URLs were written as the upstream's page gave them, absolute: no base to resolve against.
        return JsonCodec.INSTANCE.readProjectPage(page.toString(), null).files().getFirst();
    }
}
