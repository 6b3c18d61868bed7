package dev.pymirror.server.hosted;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pymirror.server.index.FileEvent;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a hosted project holds: its name as first uploaded and its files in upload order. It is
 * the replay of the project's log ({@link ProjectLog}); a file is on the project's page exactly when
 * it is here, and its log entry is written only after its bytes and metadata are stored. Its JSON
 * form is what older versions kept as {@code projects/<project>.json}, and the first entry of a log
 * migrated from such a file.
 *
 * @param displayName the project's name as its first upload's metadata wrote it
 * @param files the files, oldest first, deleted ones included
 * @param events every yank, unyank and deletion, oldest first: appended to, never rewritten, so
 *     that the index can be shown as it was at an earlier moment
 */
record ProjectState(String displayName, List<HostedFile> files, List<FileEvent> events) {

    private static final ObjectMapper JSON = new ObjectMapper();

    ProjectState {
        files = List.copyOf(files);
        events = List.copyOf(events);
    }

    /** A project with no history yet. */
    ProjectState(String displayName, List<HostedFile> files) {
        this(displayName, files, List.of());
    }

    /** This state with {@code event} appended to its history. */
    ProjectState logged(FileEvent event) {
        List<FileEvent> more = new ArrayList<>(events);
        more.add(event);
        return new ProjectState(displayName, files, more);
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
        return new ProjectState(displayName, changed, events);
    }

    byte[] toJson() throws IOException {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(toTree());
    }

    ObjectNode toTree() {
        ObjectNode root = JSON.createObjectNode();
        root.put("name", displayName);
        ArrayNode list = root.putArray("files");
        for (HostedFile f : files) {
            list.add(fileTree(f));
        }
        ArrayNode history = root.putArray("events");
        for (FileEvent e : events) {
            history.add(eventTree(e));
        }
        return root;
    }

    static ObjectNode fileTree(HostedFile f) {
        ObjectNode n = JSON.createObjectNode();
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
        if (f.generation() != 0) {
            n.put("generation", f.generation());
        }
        return n;
    }

    static HostedFile fileOf(JsonNode n) {
        return new HostedFile(n.path("filename").asText(), n.path("version").asText(),
                n.path("sha256").asText(), n.path("size").asLong(), Instant.parse(n.path("uploaded").asText()),
                text(n, "uploader"), text(n, "requires-python"), text(n, "yanked"), text(n, "metadata-sha256"),
                text(n, "deleted") == null ? null : Instant.parse(text(n, "deleted")), n.path("generation").asInt(0));
    }

    static ObjectNode eventTree(FileEvent e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("file", e.filename());
        n.put("at", e.at().toString());
        n.put("kind", e.kind().label());
        if (e.reason() != null) {
            n.put("reason", e.reason());
        }
        return n;
    }

    static FileEvent eventOf(JsonNode n) {
        return new FileEvent(n.path("file").asText(), Instant.parse(n.path("at").asText()),
                FileEvent.Kind.ofLabel(n.path("kind").asText()), text(n, "reason"));
    }

    static ProjectState fromJson(byte[] bytes) throws IOException {
        return fromTree(JSON.readTree(bytes));
    }

    static ProjectState fromTree(JsonNode root) {
        List<HostedFile> files = new ArrayList<>();
        for (JsonNode n : root.path("files")) {
            files.add(fileOf(n));
        }
        List<FileEvent> events = new ArrayList<>();
        for (JsonNode n : root.path("events")) {
            events.add(eventOf(n));
        }
        return new ProjectState(root.path("name").asText(), files, events);
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }
}
