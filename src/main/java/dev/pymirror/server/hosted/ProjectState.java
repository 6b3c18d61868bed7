package dev.pymirror.server.hosted;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a hosted project holds: its name as first uploaded and its files in upload order. Stored
 * as {@code projects/<project>.json}; a file is on the project's page exactly when it is here, and
 * it is written here only after its bytes and metadata are in place.
 *
 * @param displayName the project's name as its first upload's metadata wrote it
 * @param files the files, oldest first, deleted ones included
 */
record ProjectState(String displayName, List<HostedFile> files) {

    private static final ObjectMapper JSON = new ObjectMapper();

    ProjectState {
        files = List.copyOf(files);
    }

    /** A file by name, deleted or not. */
    Optional<HostedFile> anyFile(String filename) {
        return files.stream().filter(f -> f.filename().equals(filename)).findFirst();
    }

    /** A file by name, unless it was deleted. */
    Optional<HostedFile> file(String filename) {
        return anyFile(filename).filter(f -> !f.isDeleted());
    }

    /** The files served, oldest first. */
    List<HostedFile> live() {
        return files.stream().filter(f -> !f.isDeleted()).toList();
    }

    /** This state with {@code file} added, or put in place of the file of the same name. */
    ProjectState with(HostedFile file) {
        List<HostedFile> changed = new ArrayList<>();
        boolean replaced = false;
        for (HostedFile f : files) {
            if (f.filename().equals(file.filename())) {
                changed.add(file);
                replaced = true;
            } else {
                changed.add(f);
            }
        }
        if (!replaced) {
            changed.add(file);
        }
        return new ProjectState(displayName, changed);
    }

    byte[] toJson() throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("name", displayName);
        ArrayNode list = root.putArray("files");
        for (HostedFile f : files) {
            ObjectNode n = list.addObject();
            n.put("filename", f.filename());
            n.put("version", f.version());
            n.put("sha256", f.sha256());
            n.put("size", f.size());
            n.put("uploaded", f.uploaded().toString());
            n.put("uploader", f.uploader());
            n.put("requires-python", f.requiresPython());
            n.put("yanked", f.yanked());
            n.put("metadata-sha256", f.metadataSha256());
            n.put("deleted", f.deleted() == null ? null : f.deleted().toString());
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    }

    static ProjectState fromJson(byte[] bytes) throws IOException {
        JsonNode root = JSON.readTree(bytes);
        List<HostedFile> files = new ArrayList<>();
        for (JsonNode n : root.path("files")) {
            files.add(new HostedFile(n.path("filename").asText(), n.path("version").asText(),
                    n.path("sha256").asText(), n.path("size").asLong(), Instant.parse(n.path("uploaded").asText()),
                    text(n, "uploader"), text(n, "requires-python"), text(n, "yanked"), text(n, "metadata-sha256"),
                    text(n, "deleted") == null ? null : Instant.parse(text(n, "deleted"))));
        }
        return new ProjectState(root.path("name").asText(), files);
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }
}
