package dev.pymirror.server.hosted;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pymirror.server.index.FileEvent;
import dev.pymirror.store.blob.StorageException;
import java.io.IOException;
import java.util.List;

/**
 * One entry of a hosted project's log ({@link ProjectLog}): what one write did. The project's state
 * is the replay of its entries in order, so a writer on another node that read fewer entries decides
 * again from the ones it missed, and no acknowledged change is lost.
 */
sealed interface ProjectChange {

    ObjectMapper JSON = new ObjectMapper();

    /** The state this change makes of {@code state} (null before the project's first entry). */
    ProjectState applyTo(ProjectState state);

    /** What the log keeps. */
    ObjectNode toTree();

    /**
     * The bundle import that wrote this change, or null: such a change is seen only once the
     * import's commit object exists ({@link ImportCommits}), so that an import shows whole or not at all.
     */
    default String importId() {
        return null;
    }

    /**
     * A whole state, as an older version kept it in {@code projects/<project>.json}: the first entry
     * of a log migrated from that file.
     */
    record Snapshot(ProjectState state) implements ProjectChange {
        @Override
        public ProjectState applyTo(ProjectState before) {
            return state;
        }

        @Override
        public ObjectNode toTree() {
            ObjectNode n = JSON.createObjectNode();
            n.put("change", "snapshot");
            n.set("state", state.toTree());
            return n;
        }
    }

    /**
     * A file stored, new or the same bytes again after a deletion.
     *
     * @param displayName the project's name as this upload's metadata writes it (kept from the first)
     * @param importId the bundle import that carried it, or null for an upload
     */
    record Uploaded(String displayName, HostedFile file, String importId) implements ProjectChange {
        Uploaded(String displayName, HostedFile file) {
            this(displayName, file, null);
        }

        @Override
        public ProjectState applyTo(ProjectState before) {
            ProjectState base = before != null ? before : new ProjectState(displayName, List.of());
            return base.with(file);
        }

        @Override
        public ObjectNode toTree() {
            ObjectNode n = JSON.createObjectNode();
            n.put("change", "upload");
            n.put("name", displayName);
            n.set("file", ProjectState.fileTree(file));
            if (importId != null) {
                n.put("import", importId);
            }
            return n;
        }
    }

    /** A yank, unyank or deletion of a listed file. */
    record Event(FileEvent event) implements ProjectChange {
        @Override
        public ProjectState applyTo(ProjectState before) {
            if (before == null || before.file(event.filename()).isEmpty()) {
                return before; // decided against a state that listed it: never written otherwise
            }
            HostedFile file = before.file(event.filename()).orElseThrow();
            HostedFile changed = switch (event.kind()) {
                case YANK -> file.withYanked(event.reason());
                case UNYANK -> file.withYanked(null);
                case DELETE -> file.withDeleted(event.at());
                case STATUS, UNLISTED, LISTED -> file; // a hosted index records neither listing change
            };
            return before.with(changed).logged(event);
        }

        @Override
        public ObjectNode toTree() {
            ObjectNode n = ProjectState.eventTree(event);
            n.put("change", "event");
            return n;
        }
    }

    static byte[] toBytes(ProjectChange change) {
        try {
            return JSON.writeValueAsBytes(change.toTree());
        } catch (IOException e) {
            throw new IllegalStateException("a tree of strings always serializes", e);
        }
    }

    /** @throws StorageException when the entry is not one this version wrote */
    static ProjectChange parse(String log, long version, byte[] bytes) throws StorageException {
        try {
            JsonNode n = JSON.readTree(bytes);
            return switch (n.path("change").asText()) {
                case "snapshot" -> new Snapshot(ProjectState.fromTree(n.path("state")));
                case "upload" -> new Uploaded(n.path("name").asText(), ProjectState.fileOf(n.path("file")),
                        n.hasNonNull("import") ? n.get("import").asText() : null);
                case "event" -> new Event(ProjectState.eventOf(n));
                default -> throw new StorageException("log " + log + ": entry " + version + " is a change of an"
                        + " unknown kind '" + n.path("change").asText() + "' (written by a newer pymirror?)");
            };
        } catch (StorageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new StorageException("log " + log + ": entry " + version + " is not a project change: " + e.getMessage(), e);
        }
    }
}
