package dev.pymirror.server.group;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pymirror.store.FileVersion;
import dev.pymirror.store.StagedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The counts of the last {@code pymirror audit names}, kept in {@code <data>/audit/names.json} for
 * the server's {@code pymirror_shared_names} gauge. The server never asks the upstreams itself:
 * asking a public index about private names tells it those names, which the operator does by
 * running the audit, not the server behind their back.
 */
public final class NameAuditResults {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private volatile Optional<FileVersion> readVersion = Optional.empty();
    private volatile Map<String, Double> counts = Map.of();

    public NameAuditResults(Path data) {
        this.file = data.resolve("audit").resolve("names.json");
    }

    /** Writes a report's count per group (0 for the groups it audited and found nothing in). */
    public void save(NameAudit.Report report, Set<String> groups, Instant when) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("time", when.toString());
        ObjectNode byGroup = root.putObject("groups");
        groups.forEach(g -> byGroup.put(g, 0));
        report.findings().forEach(f -> byGroup.put(f.group(), byGroup.path(f.group()).asInt() + 1));
        byte[] bytes = JSON.writeValueAsBytes(root);
        try (StagedFile staged = StagedFile.create(file)) {
            staged.write(bytes, 0, bytes.length);
            staged.publish(null, bytes.length);
        }
    }

    /** The group's count at the last audit; NaN when none was run (or the file cannot be read). */
    public double count(String group) {
        try {
            Optional<FileVersion> now = FileVersion.of(file);
            if (!now.equals(readVersion)) {
                Map<String, Double> next = new java.util.HashMap<>();
                if (now.isPresent()) {
                    JsonNode root = JSON.readTree(Files.readAllBytes(file));
                    root.path("groups").properties().forEach(e -> next.put(e.getKey(), e.getValue().asDouble()));
                }
                counts = Map.copyOf(next);
                readVersion = now;
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return counts.getOrDefault(group, Double.NaN);
    }
}
