package dev.pymirror.sync.reqfile;

/**
 * A requirements file that cannot be used: unreadable, malformed, or asking for something a mirror
 * cannot hold (an editable or VCS requirement, another index). The message starts with the file
 * and line and says why, in words a user can act on.
 */
public final class RequirementsFileException extends Exception {

    private final Origin origin;
    private final String reason;

    public RequirementsFileException(Origin origin, String reason) {
        super(origin + ": " + reason);
        this.origin = origin;
        this.reason = reason;
    }

    public RequirementsFileException(Origin origin, String reason, Throwable cause) {
        this(origin, reason);
        initCause(cause);
    }

    /** The file and line at fault. */
    public Origin origin() {
        return origin;
    }

    /** Why, without the origin. */
    public String reason() {
        return reason;
    }
}
