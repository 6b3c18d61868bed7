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
import dev.pymirror.store.StagedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
 * first time a page showed it. Recorded once and never changed, in {@code times/<project>.json}
 * beside the page cache, so that it survives a restart and an upstream that later changes its mind.
 * A file already yanked when first seen is recorded as yanked from its upload on: the mirror
 * cannot know when it was yanked, and a yank is the safe side.
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

    private final Path dir;
    private final Map<String, ProjectTimes> known = new ConcurrentHashMap<>();
    /** One project's record is changed by one thread at a time; others' go on meanwhile (each write is synced). */
    private final Object[] locks = new Object[64];

    SeenTimes(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
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
     * and returns the project's record. Written to disk only when something was new.
     */
    ProjectTimes observe(ProjectName project, ProjectPage page, Instant now) {
        String key = project.normalized();
        synchronized (locks[Math.floorMod(key.hashCode(), locks.length)]) {
            ProjectTimes before = load(key);
            Instant at = now.truncatedTo(ChronoUnit.MICROS);
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
            if (!changed) {
                return before;
            }
            ProjectTimes after = new ProjectTimes(seen, events);
            try {
                save(key, after);
            } catch (IOException e) {
                // Kept in memory: served the same until a restart, when the files are seen again.
                LOG.error("could not record the upload times of {} on disk: {}", key, e.getMessage());
            }
            known.put(key, after);
            return after;
        }
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
        Path file = dir.resolve(key + ".json");
        try {
            JsonNode root = JSON.readTree(Files.readAllBytes(file));
            Map<String, Instant> seen = new LinkedHashMap<>();
            root.path("first-seen").properties().forEach(e -> seen.put(e.getKey(), Instant.parse(e.getValue().asText())));
            List<FileEvent> events = new ArrayList<>();
            for (JsonNode n : root.path("events")) {
                JsonNode reason = n.get("reason");
                events.add(new FileEvent(n.path("file").asText(), Instant.parse(n.path("at").asText()),
                        FileEvent.Kind.ofLabel(n.path("kind").asText()),
                        reason == null || reason.isNull() ? null : reason.asText()));
            }
            times = new ProjectTimes(seen, events);
        } catch (NoSuchFileException e) {
            times = ProjectTimes.NONE;
        } catch (IOException | RuntimeException e) {
            // Not fatal: the files are seen again from now, later than they were. Said, since it matters.
            LOG.warn("ignoring the unreadable upload-time record of {}: {}", key, e.getMessage());
            times = ProjectTimes.NONE;
        }
        known.put(key, times);
        return times;
    }

    private void save(String key, ProjectTimes times) throws IOException {
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
        byte[] bytes = JSON.writeValueAsBytes(root);
        // Not forced to disk: written with every page a fresh mirror meets, where two forces were
        // milliseconds each for the client waiting. A record a crash loses or leaves damaged is read
        // as none (above), and its files are seen again from then on: later, the safe side for
        // min-age and as-of views.
        try (StagedFile f = StagedFile.create(dir.resolve(key + ".json"))
                .durability(StagedFile.Durability.CHECKED_ON_READ)) {
            f.write(bytes, 0, bytes.length);
            f.publish(null, bytes.length);
        }
    }
}
