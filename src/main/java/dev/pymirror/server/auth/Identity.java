package dev.pymirror.server.auth;

/** Who a request comes from, as its credentials say. */
public sealed interface Identity {

    /** No credentials were sent. */
    record Anonymous() implements Identity {}

    /** Valid credentials of this user. */
    record User(String name) implements Identity {}

    /** Credentials were sent and are wrong (the reason is for the log and the client). */
    record Invalid(String reason) implements Identity {}

    /**
     * Credentials were sent, but too many wrong ones came from the same address or for the same
     * user name lately; they were not checked. The client may try again after {@code retryAfter}.
     */
    record Throttled(String reason, java.time.Duration retryAfter) implements Identity {}

    /**
     * Credentials were sent, but the server could not check them: its users could not be read (a
     * bucket that does not answer). Not the client's fault, so not a refusal of its credentials.
     */
    record Unchecked(String reason) implements Identity {}

    Identity ANONYMOUS = new Anonymous();

    /** The user name, or null unless these are valid credentials. */
    default String userName() {
        return this instanceof User u ? u.name() : null;
    }
}
