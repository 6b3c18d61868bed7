package dev.pymirror.inject;

/**
 * A setting given to inject, eject or run is wrong: a malformed index URL, retries that are not a
 * number, a root that is not a directory. The caller's mistake, reported before anything changes;
 * the message names the setting and what is wrong with it.
 */
public final class InvalidSettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidSettingException(String message) {
        super(message);
    }
}
