package dev.pymirror.server.index;

import dev.pymirror.simple.ProjectFile;
import java.time.Instant;

/**
 * A change of a served file's state after it was uploaded (or of its project's status), kept so that the index can be read as
 * it was at an earlier moment ({@code /<index>/+as-of/<moment>/simple/}): a page shows only the
 * latest state, and a yank made last week must not show on a view of last month.
 *
 * @param filename the file changed; empty for a change of the project's status
 * @param at when the change was made (a hosted index) or first seen (a mirror)
 * @param kind what changed
 * @param reason for a yank, its reason (empty when none); for a status, its PEP 792 marker; null otherwise
 * @param entry for {@link Kind#UNLISTED}, the file as the index listed it last (so that a view of an
 *     earlier moment can list it again); null otherwise
 */
public record FileEvent(String filename, Instant at, Kind kind, String reason, ProjectFile entry) {

    /**
     * What a change did. {@code UNLISTED} and {@code LISTED}: a mirror's upstream stopped listing a
     * file, or listed it again (the bytes may still be had; a hosted {@code DELETE} removes them).
     */
    public enum Kind {
        YANK, UNYANK, DELETE, STATUS, UNLISTED, LISTED;

        /** The name kept on disk. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** @throws IllegalArgumentException for a label no kind has */
        public static Kind ofLabel(String label) {
            return valueOf(label.toUpperCase(java.util.Locale.ROOT));
        }
    }

    public FileEvent {
        if (filename == null || at == null || kind == null) {
            throw new IllegalArgumentException("A file event needs a file, a time and a kind");
        }
        if ((kind == Kind.UNLISTED) != (entry != null) || entry != null && !entry.filename().equals(filename)) {
            throw new IllegalArgumentException("An unlisting, and only one, carries the file's last entry");
        }
        if (kind == Kind.YANK && reason == null) {
            reason = "";
        }
        if (kind == Kind.STATUS && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("A status event needs its marker");
        }
    }

    /** A file event that carries no entry. */
    public FileEvent(String filename, Instant at, Kind kind, String reason) {
        this(filename, at, kind, reason, null);
    }

    /** The index stopped listing the file at {@code at}; {@code last} is how it listed it until then. */
    public static FileEvent unlisted(ProjectFile last, Instant at) {
        return new FileEvent(last.filename(), at, Kind.UNLISTED, null, last);
    }

    /** The index listed again at {@code at} a file it had stopped listing. */
    public static FileEvent listed(String filename, Instant at) {
        return new FileEvent(filename, at, Kind.LISTED, null, null);
    }

    /** Whether this event changes whether the file is listed (not its yank). */
    public boolean changesListing() {
        return kind == Kind.UNLISTED || kind == Kind.LISTED;
    }

    public static FileEvent yank(String filename, Instant at, String reason) {
        return new FileEvent(filename, at, Kind.YANK, reason == null ? "" : reason);
    }

    public static FileEvent unyank(String filename, Instant at) {
        return new FileEvent(filename, at, Kind.UNYANK, null);
    }

    /** The project's PEP 792 status marker became {@code marker} at {@code at}. */
    public static FileEvent status(Instant at, String marker) {
        return new FileEvent("", at, Kind.STATUS, marker);
    }
}
