package dev.pymirror.server.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;

/**
 * What a snapshot is, as {@code snapshot.json} records it beside its tree.
 *
 * @param name the snapshot's name
 * @param index the index it was made of
 * @param kind that index's kind then (mirror, hosted, static, group)
 * @param created when it was made
 * @param restricted the index needed a login to be read: so does the snapshot
 * @param projects the projects it holds
 * @param files the distribution files it holds
 * @param bytes their total size
 * @param leftOut files the index's pages listed that the snapshot does not hold (a mirror's files
 *     not in its cache), which its pages do not list
 */
public record SnapshotInfo(String name, String index, String kind, Instant created, boolean restricted, int projects,
        int files, long bytes, int leftOut) {

    private static final ObjectMapper JSON = new ObjectMapper();

    byte[] toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(toNode());
        } catch (IOException e) {
            throw new IllegalStateException(e); // a tree of plain values always serializes
        }
    }

    /** The record as a JSON object (a bucket's snapshot carries it in its manifest). */
    ObjectNode toNode() {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", "pymirror-snapshot/1");
        o.put("name", name);
        o.put("index", index);
        o.put("kind", kind);
        o.put("created", created.toString());
        o.put("restricted", restricted);
        o.put("projects", projects);
        o.put("files", files);
        o.put("bytes", bytes);
        o.put("left-out", leftOut);
        return o;
    }

    static SnapshotInfo fromJson(byte[] bytes) throws IOException {
        return fromNode(JSON.readTree(bytes));
    }

    static SnapshotInfo fromNode(JsonNode o) throws IOException {
        if (o == null || !o.path("format").asText().equals("pymirror-snapshot/1")) {
            throw new IOException("not a pymirror snapshot record");
        }
        try {
            return new SnapshotInfo(o.path("name").asText(), o.path("index").asText(), o.path("kind").asText(),
                    Instant.parse(o.path("created").asText()), o.path("restricted").asBoolean(true),
                    o.path("projects").asInt(), o.path("files").asInt(), o.path("bytes").asLong(),
                    o.path("left-out").asInt());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IOException("a snapshot record with no creation time", e);
        }
    }
}
