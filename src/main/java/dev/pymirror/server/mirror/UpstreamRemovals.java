package dev.pymirror.server.mirror;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pymirror.simple.ProjectStatus;
import dev.pymirror.store.StagedFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files an upstream stopped listing in the same answer that changed the project's PEP 792 status
 * (to quarantined, archived, deprecated...): what it removed as a matter of policy, not a
 * routine clean-up. Kept in {@code <index>/removed/<project>.json}, so that a restart does not
 * forget them; the mirror refuses them while the upstream does not list them again.
 */
final class UpstreamRemovals {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamRemovals.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What was removed, and the status the project had after the change. */
    record Removal(ProjectStatus status, Set<String> files) {}

    private final Path dir;
    /** Read once per project; an empty value is "none recorded". */
    private final Map<String, Optional<Removal>> known = new ConcurrentHashMap<>();

    UpstreamRemovals(Path dir) {
        this.dir = dir;
    }

    /** What was recorded for a project (by its normalized name). */
    Optional<Removal> of(String project) {
        return known.computeIfAbsent(project, this::read);
    }

    /** Adds files removed with a status change to what was recorded before. */
    void record(String project, ProjectStatus status, Set<String> removed) {
        Set<String> files = new TreeSet<>(removed);
        of(project).ifPresent(r -> files.addAll(r.files()));
        Removal next = new Removal(status, Set.copyOf(files));
        known.put(project, Optional.of(next));
        ObjectNode root = JSON.createObjectNode();
        root.put("status", status.status());
        status.reason().ifPresent(r -> root.put("reason", r));
        files.forEach(root.putArray("files")::add);
        try {
            Files.createDirectories(dir);
            byte[] bytes = JSON.writeValueAsBytes(root);
            try (StagedFile f = StagedFile.create(dir.resolve(project + ".json"))) {
                f.write(bytes, 0, bytes.length);
                f.publish(null, bytes.length);
            }
        } catch (IOException e) {
            // Kept in memory still: refused until the restart, when the status alone decides.
            LOG.error("could not record the files the upstream removed from {}: {}", project, e.getMessage());
        }
    }

    private Optional<Removal> read(String project) {
        try {
            JsonNode root = JSON.readTree(Files.readString(dir.resolve(project + ".json"), StandardCharsets.UTF_8));
            Set<String> files = new TreeSet<>();
            root.path("files").forEach(f -> files.add(f.asText()));
            return Optional.of(new Removal(ProjectStatus.of(root.path("status").asText("active"),
                    root.path("reason").asText(null)), Set.copyOf(files)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.warn("ignoring the unreadable record of files the upstream removed from {}: {}", project, e.getMessage());
            return Optional.empty();
        }
    }
}
