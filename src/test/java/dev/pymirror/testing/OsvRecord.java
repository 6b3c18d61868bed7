package dev.pymirror.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * An OSV record written as OSV publishes them (https://ossf.github.io/osv-schema/), for tests:
 * {@code OsvRecord.of("MAL-2024-1", "2024-05-01T00:00:00Z").pypi("evil").introduced("0").json()}.
 */
public final class OsvRecord {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode root = JSON.createObjectNode();
    private ObjectNode affected;
    private ArrayNode events;

    private OsvRecord(String id, String modified) {
        root.put("schema_version", "1.6.0");
        root.put("id", id);
        root.put("modified", modified);
        root.put("published", modified);
        root.putArray("aliases");
        root.put("summary", "test advisory " + id);
        root.putArray("affected");
    }

    public static OsvRecord of(String id, String modified) {
        return new OsvRecord(id, modified);
    }

    /** Starts an {@code affected} entry for a PyPI project. */
    public OsvRecord pypi(String name) {
        return affected("PyPI", name);
    }

    /** Starts an {@code affected} entry for a package of any ecosystem. */
    public OsvRecord affected(String ecosystem, String name) {
        affected = ((ArrayNode) root.get("affected")).addObject();
        affected.putObject("package").put("ecosystem", ecosystem).put("name", name);
        affected.putArray("ranges");
        events = null;
        return this;
    }

    /** Starts a range of this type in the current entry. */
    public OsvRecord range(String type) {
        ObjectNode r = ((ArrayNode) affected.get("ranges")).addObject();
        r.put("type", type);
        if (type.equals("GIT")) {
            r.put("repo", "https://example.invalid/repo.git");
        }
        events = r.putArray("events");
        return this;
    }

    /** An event in the current range (an ECOSYSTEM range is started if none is). */
    public OsvRecord event(String kind, String version) {
        if (events == null) {
            range("ECOSYSTEM");
        }
        events.addObject().put(kind, version);
        return this;
    }

    public OsvRecord introduced(String version) {
        return event("introduced", version);
    }

    public OsvRecord fixed(String version) {
        return event("fixed", version);
    }

    public OsvRecord lastAffected(String version) {
        return event("last_affected", version);
    }

    /** The current entry's explicit versions. */
    public OsvRecord versions(String... versions) {
        ArrayNode list = affected.putArray("versions");
        for (String v : versions) {
            list.add(v);
        }
        return this;
    }

    public OsvRecord alias(String alias) {
        ((ArrayNode) root.get("aliases")).add(alias);
        return this;
    }

    /** GitHub's severity word, as GHSA records carry it. */
    public OsvRecord databaseSeverity(String word) {
        root.putObject("database_specific").put("severity", word);
        return this;
    }

    /** A {@code severity} entry, e.g. {@code ("CVSS_V3", "CVSS:3.1/AV:N/...")}. */
    public OsvRecord severity(String type, String score) {
        ArrayNode list = root.has("severity") ? (ArrayNode) root.get("severity") : root.putArray("severity");
        list.addObject().put("type", type).put("score", score);
        return this;
    }

    public OsvRecord withdrawn(String when) {
        root.put("withdrawn", when);
        return this;
    }

    public String id() {
        return root.get("id").asText();
    }

    public String json() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code <id>.json} into {@code dir}. */
    public Path writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve(id() + ".json"), json());
    }

    /** Writes records as OSV's {@code all.zip} holds them: one {@code <id>.json} entry each. */
    public static Path zip(Path file, List<OsvRecord> records) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (OsvRecord r : records) {
                zip.putNextEntry(new ZipEntry(r.id() + ".json"));
                zip.write(r.json().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return file;
    }
}
