package dev.pymirror.advisories;

/**
 * Advisory data that cannot be used: a record that breaks OSV's schema, an archive that cannot be
 * read, a store that cannot be written. The message names the entry (file or zip entry, record id)
 * and what was wrong, for the operator who ran the import.
 */
public final class AdvisoryException extends Exception {

    public AdvisoryException(String message) {
        super(message);
    }

    public AdvisoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
