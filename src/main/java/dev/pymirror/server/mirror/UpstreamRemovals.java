package dev.pymirror.server.mirror;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pymirror.simple.ProjectStatus;
import dev.pymirror.store.blob.BlobStore;
import java.io.IOException;
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

    private final BlobStore store;
    private final String prefix;
    /** Read once per project; an empty value is "none recorded". */
    private final Map<String, Optional<Removal>> known = new ConcurrentHashMap<>();

    /** @param prefix the keys' beginning: {@code removed/} under the index's own */
    UpstreamRemovals(BlobStore store, String prefix) {
        this.store = store;
        this.prefix = prefix;
    }

    /** What was recorded for a project (by its normalized name). */
    Optional<Removal> of(String project) {
        return known.computeIfAbsent(project, this::read);
    }

    /** Adds files removed with a status change to what was recorded before. */
    void record(String project, ProjectStatus status, Set<String> removed) {
        Set<String> files = new TreeSet<>(removed);
        of(project).ifPresent(r -> files.addAll(r.files()));
        known.remove(project);
        read(project).ifPresent(r -> files.addAll(r.files())); // another node's, meanwhile
        Removal next = new Removal(status, Set.copyOf(files));
        known.put(project, Optional.of(next));
        ObjectNode root = JSON.createObjectNode();
        root.put("status", status.status());
        status.reason().ifPresent(r -> root.put("reason", r));
        files.forEach(root.putArray("files")::add);
        try {
            store.writeDocument(prefix + project + ".json", JSON.writeValueAsBytes(root));
        } catch (IOException e) {
            // Kept in memory still: refused until the restart, when the status alone decides.
            LOG.error("could not record the files the upstream removed from {}: {}", project, e.getMessage());
        }
    }

    private Optional<Removal> read(String project) {
        try {
            Optional<byte[]> bytes = store.readDocument(prefix + project + ".json").map(d -> d.bytes());
            if (bytes.isEmpty()) {
                return Optional.empty();
            }
            JsonNode root = JSON.readTree(bytes.get());
            Set<String> files = new TreeSet<>();
            root.path("files").forEach(f -> files.add(f.asText()));
            return Optional.of(new Removal(ProjectStatus.of(root.path("status").asText("active"),
                    root.path("reason").asText(null)), Set.copyOf(files)));
        } catch (IOException | RuntimeException e) {
            LOG.warn("ignoring the unreadable record of files the upstream removed from {}: {}", project, e.getMessage());
            return Optional.empty();
        }
    }
}
