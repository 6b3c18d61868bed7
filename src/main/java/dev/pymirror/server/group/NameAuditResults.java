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
import java.util.ArrayList;
import java.util.List;
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
        // The names themselves, for the web UI's audit page (the counts alone feed the metric).
        var names = root.putArray("findings");
        for (NameAudit.Finding f : report.findings()) {
            ObjectNode n = names.addObject();
            n.put("group", f.group()).put("owner", f.owner()).put("owner-kind", f.ownerKind())
                    .put("project", f.project()).put("mirror", f.mirror());
            f.newestVersion().ifPresent(v -> n.put("newest-version", v));
            f.uploaded().ifPresent(t -> n.put("uploaded", t.toString()));
        }
        byte[] bytes = JSON.writeValueAsBytes(root);
        try (StagedFile staged = StagedFile.create(file)) {
            staged.write(bytes, 0, bytes.length);
            staged.publish(null, bytes.length);
        }
    }

    /**
     * The last audit: when it ran and what it found.
     *
     * @param counts the shared names per group audited (0 for none)
     * @param findings the names; empty also when an older pymirror wrote the counts only
     */
    public record Last(Instant time, Map<String, Integer> counts, List<NameAudit.Finding> findings) {

        public Last {
            counts = Map.copyOf(counts);
            findings = List.copyOf(findings);
        }
    }

    /**
     * The last audit, read from its file; empty when none has run.
     *
     * @throws IOException when the file is there but cannot be read or is not an audit's
     */
    public Optional<Last> last() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode root = JSON.readTree(Files.readAllBytes(file));
            List<NameAudit.Finding> findings = new ArrayList<>();
            for (JsonNode n : root.path("findings")) {
                findings.add(new NameAudit.Finding(n.path("group").asText(), n.path("owner").asText(),
                        n.path("owner-kind").asText(), n.path("project").asText(), n.path("mirror").asText(),
                        Optional.ofNullable(n.path("newest-version").textValue()),
                        Optional.ofNullable(n.path("uploaded").textValue()).map(Instant::parse)));
            }
            Map<String, Integer> counts = new java.util.LinkedHashMap<>();
            root.path("groups").properties().forEach(e -> counts.put(e.getKey(), e.getValue().asInt()));
            return Optional.of(new Last(Instant.parse(root.path("time").asText()), counts, findings));
        } catch (RuntimeException e) {
            throw new IOException("the last audit's results cannot be read: " + e.getMessage(), e);
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
