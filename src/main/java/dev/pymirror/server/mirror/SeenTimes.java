package dev.pymirror.server.mirror;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pymirror.packaging.ProjectName;
import dev.pymirror.server.index.FileEvent;
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
 *
 * <p>Kept per project as a {@link VersionLog} in the index's storage ({@code times/<project>/<n>}),
 * each entry what one observation added: nodes sharing a bucket race to record the same new file,
 * and a document (last writer wins) would let the later node replace the earlier one's time. With
 * the log the loser of a race re-reads the winner's entry, finds the file recorded, and adds
 * nothing: a first-seen time is never changed, and no node's observation is lost. A record kept
 * whole in {@code times/<project>.json} (before the log) is read as the log's start.
 */
final class SeenTimes {

    private static final Logger LOG = LoggerFactory.getLogger(SeenTimes.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A project's record. */
    record ProjectTimes(Map<String, Instant> firstSeen, List<FileEvent> events) {
        static final ProjectTimes NONE = new ProjectTimes(Map.of(), List.of());

        ProjectTimes {
            firstSeen = Map.copyOf(firstSeen);
            events = List.copyOf(events);
        }
    }

    /** A project's log, with the whole record it starts from (empty for a project first seen with logs). */
    private record ProjectLog(ProjectTimes start, VersionLog log) {}

    private final BlobStore store;
    private final String prefix;
    private final Map<String, ProjectTimes> known = new ConcurrentHashMap<>();
    private final Map<String, ProjectLog> logs = new ConcurrentHashMap<>();
    /** One project's record is changed by one thread at a time; others' go on meanwhile. */
    private final Object[] locks = new Object[64];

    /** @param prefix the keys' beginning: {@code times/} under the index's own */
    SeenTimes(BlobStore store, String prefix) {
        this.store = store;
        this.prefix = prefix;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
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
        String key = project.normalized();
        synchronized (locks[Math.floorMod(key.hashCode(), locks.length)]) {
            ProjectTimes before = load(key);
            Instant at = now.truncatedTo(ChronoUnit.MICROS);
            ProjectTimes after = next(before, page, at);
            if (after == before) {
                return before;
            }
            try {
                ProjectLog projectLog = log(key);
                // Decided again from the log as it is when written: another node's entry may have
                // recorded some of these files first, and its times stand.
                projectLog.log().append(entries -> {
                    ProjectTimes current = fold(projectLog.start(), entries);
                    ProjectTimes added = next(current, page, at);
                    return added == current ? Optional.empty() : Optional.of(delta(current, added));
                });
                after = fold(projectLog.start(), projectLog.log().entries());
                known.put(key, after);
            } catch (IOException | RuntimeException e) {
                // Served from memory, not remembered: the storage is asked again next time, and
                // what it holds (another node's earlier times) then wins.
                LOG.error("could not record the upload times of {}: {}", key, e.getMessage());
            }
            return after;
        }
    }

    /** {@code before} with what {@code page} shows that it lacks, seen at {@code at}; {@code before} itself when nothing. */
    private static ProjectTimes next(ProjectTimes before, ProjectPage page, Instant at) {
        Map<String, Instant> seen = new LinkedHashMap<>(before.firstSeen());
        List<FileEvent> events = new ArrayList<>(before.events());
        Map<String, Optional<Yank>> yanks = yankStates(before.events());
        boolean changed = false;
        String status = page.status().map(ProjectStatus::status).orElse("active");
        String statusBefore = recordedStatus(before.events());
        if (!status.equals(statusBefore == null ? "active" : statusBefore)) {
            // A status on the first sight of the project held, as far as anyone here knows, from the start.
            events.add(FileEvent.status(before.firstSeen().isEmpty() && statusBefore == null ? Instant.EPOCH : at,
                    status));
            changed = true;
        }
        for (ProjectFile f : page.files()) {
            boolean isNew = !seen.containsKey(f.filename());
            if (isNew) {
                seen.put(f.filename(), at);
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
        return changed ? new ProjectTimes(seen, events) : before;
    }

    /** What {@code after} adds to {@code before}, as a log entry's payload. */
    private static byte[] delta(ProjectTimes before, ProjectTimes after) {
        Map<String, Instant> seen = new LinkedHashMap<>();
        after.firstSeen().forEach((file, at) -> {
            if (!before.firstSeen().containsKey(file)) {
                seen.put(file, at);
            }
        });
        try {
            return JSON.writeValueAsBytes(toJson(new ProjectTimes(seen,
                    after.events().subList(before.events().size(), after.events().size()))));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The record the log's entries make, on top of {@code start}: a file's first time is its first entry's. */
    private static ProjectTimes fold(ProjectTimes start, List<LogEntry> entries) {
        Map<String, Instant> seen = new LinkedHashMap<>(start.firstSeen());
        List<FileEvent> events = new ArrayList<>(start.events());
        for (LogEntry e : entries) {
            ProjectTimes added = parse(e.payload());
            added.firstSeen().forEach(seen::putIfAbsent);
            events.addAll(added.events());
        }
        return new ProjectTimes(seen, events);
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
            times = fold(projectLog.start(), projectLog.log().entries());
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
            List<FileEvent> events = new ArrayList<>();
            for (JsonNode n : root.path("events")) {
                JsonNode reason = n.get("reason");
                events.add(new FileEvent(n.path("file").asText(), Instant.parse(n.path("at").asText()),
                        FileEvent.Kind.ofLabel(n.path("kind").asText()),
                        reason == null || reason.isNull() ? null : reason.asText()));
            }
            return new ProjectTimes(seen, events);
        } catch (IOException e) {
            throw new IllegalArgumentException("not an upload-time record: " + e.getMessage(), e);
        }
    }

    private static ObjectNode toJson(ProjectTimes times) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode seen = root.putObject("first-seen");
        times.firstSeen().forEach((file, at) -> seen.put(file, at.toString()));
        ArrayNode events = root.putArray("events");
        for (FileEvent e : times.events()) {
            ObjectNode n = events.addObject();
            n.put("file", e.filename());
            n.put("at", e.at().toString());
            n.put("kind", e.kind().label());
            if (e.reason() != null) {
                n.put("reason", e.reason());
            }
        }
        return root;
    }
}
