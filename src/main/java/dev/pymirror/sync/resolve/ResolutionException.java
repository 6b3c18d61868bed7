package dev.pymirror.sync.resolve;

/**
 * No consistent set of releases exists for a target (or none was found within the search's
 * patience). The message is the explanation a person reads; {@link #conflict()} has its parts.
 */
public final class ResolutionException extends Exception {

    private final InstallTarget target;
    private final transient Conflict conflict;

    public ResolutionException(InstallTarget target, String message, Conflict conflict) {
        super(message);
        this.target = target;
        this.conflict = conflict;
    }

    /** The target that could not be resolved. */
    public InstallTarget target() {
        return target;
    }

    /** The conflict that ended the search, or null when the search gave up without one. */
    public Conflict conflict() {
        return conflict;
    }
}
