package dev.pymirror.inject;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What one injection changed in an image root, kept inside the root (see {@link RecordFile}) so that
 * eject can undo it from any process, after a crash, or after the root was copied elsewhere.
 *
 * <p>It is written before the first change is made, and every step of eject is idempotent whether
 * or not the matching inject step happened, so a crash at any moment of inject or eject leaves a
 * root that {@code eject} brings back.
 *
 * @param format the record format, {@value #FORMAT}
 * @param state whether eject has already put everything back
 * @param root the root's host path at inject time (for messages only: a build may move the root)
 * @param injectedAt when, as an ISO-8601 instant
 * @param indexes the indexes the clients were pointed at
 * @param ownDirectories the directories made to hold the record and backups, outermost first
 * @param changes the changes to the root's files, in the order they were made
 * @param mounts the mounts made inside the root, in the order they were made
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChangeRecord(
        int format,
        State state,
        String root,
        String injectedAt,
        List<String> indexes,
        List<String> ownDirectories,
        List<Change> changes,
        List<Mount> mounts) {

    /** The record format this version writes and reads. */
    public static final int FORMAT = 1;

    public ChangeRecord {
        indexes = indexes == null ? List.of() : List.copyOf(indexes);
        ownDirectories = ownDirectories == null ? List.of() : List.copyOf(ownDirectories);
        changes = changes == null ? List.of() : List.copyOf(changes);
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
    }

    /** The same record in another state. */
    public ChangeRecord withState(State newState) {
        return new ChangeRecord(format, newState, root, injectedAt, indexes, ownDirectories, changes, mounts);
    }

    /** Where an injection stands. */
    public enum State {
        /** The changes may be in place (inject started or finished). */
        @JsonProperty("injected")
        INJECTED,
        /** Eject put every file back and unmounted; only its own backups and record remain. */
        @JsonProperty("restored")
        RESTORED
    }

    /** What was done at a path. */
    public enum Action {
        /** A directory that did not exist was made. */
        @JsonProperty("mkdir")
        MKDIR,
        /** A file that did not exist was written. */
        @JsonProperty("create")
        CREATE,
        /** A file or link that existed was backed up and replaced. */
        @JsonProperty("replace")
        REPLACE
    }

    /**
     * One change to the root's files.
     *
     * @param action what was done
     * @param path the path inside the root
     * @param sha256 the hex SHA-256 of what was written ({@code create} and {@code replace})
     * @param original what was there before ({@code replace} only)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Change(Action action, String path, String sha256, Original original) {}

    /**
     * A file or link as it was before inject replaced it.
     *
     * @param type {@code file} or {@code symlink}
     * @param backup where its copy is kept, inside the root
     * @param sha256 the hex SHA-256 of its bytes (files)
     * @param size its size in bytes (files)
     * @param mode its permission bits in octal, such as {@code 0644} (files)
     * @param uid its owner
     * @param gid its group
     * @param modified its modification time, ISO-8601
     * @param target where it points (links)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Original(String type, String backup, String sha256, Long size, String mode, int uid, int gid,
            String modified, String target) {

        public static final String FILE = "file";
        public static final String SYMLINK = "symlink";
    }

    /**
     * A mount made inside the root.
     *
     * @param path the mount point inside the root
     * @param kind {@code bind}, {@code proc} or {@code sysfs}
     * @param source the host directory of a bind mount
     * @param readOnly whether it was made read-only
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Mount(String path, String kind, String source, boolean readOnly) {}
}
