package dev.pymirror.packaging.dist;

import dev.pymirror.packaging.dist.InvalidFilenameException.Problem;
import dev.pymirror.packaging.version.InvalidVersionException;
import dev.pymirror.packaging.version.Version;

/** The version part of a distribution file name, with errors placed in the whole name. */
final class VersionPart {

    private VersionPart() {}

    /**
     * Parses {@code filename[start, end)} as a PEP 440 version.
     *
     * @param kind the kind of file name for the message, e.g. {@code "a wheel"}
     * @throws InvalidFilenameException with the version's own error as the cause
     */
    static Version parse(String filename, int start, int end, String kind) {
        String text = filename.substring(start, end);
        try {
            return Version.parse(text);
        } catch (InvalidVersionException e) {
            InvalidFilenameException error = new InvalidFilenameException(Problem.VERSION,
                    "Invalid version '" + text + "' in " + kind + " file name (" + e.reason() + ")", filename,
                    start + Math.max(0, e.position()));
            error.initCause(e);
            throw error;
        }
    }
}
