package dev.pymirror.server.index;

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
 */
public record FileEvent(String filename, Instant at, Kind kind, String reason) {

    /** What a change did. */
    public enum Kind {
        YANK, UNYANK, DELETE, STATUS;

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
        if (kind == Kind.YANK && reason == null) {
            reason = "";
        }
        if (kind == Kind.STATUS && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("A status event needs its marker");
        }
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
