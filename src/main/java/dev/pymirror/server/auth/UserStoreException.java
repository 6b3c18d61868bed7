package dev.pymirror.server.auth;

/** A change to the users that cannot be made (no such user, already exists, a damaged file), with why. */
public final class UserStoreException extends Exception {

    public UserStoreException(String message) {
        super(message);
    }

    public UserStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
