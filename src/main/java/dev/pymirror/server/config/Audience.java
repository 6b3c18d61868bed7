package dev.pymirror.server.config;

import java.util.Set;
import java.util.TreeSet;

/**
 * Who may do something to an index: anyone (no credentials), any user of this server, or the
 * users named.
 *
 * <p>In the configuration: {@code "anyone"}, {@code "users"}, or a list of user names.
 *
 * @param kind which of the three
 * @param users the users named, for {@link Kind#LISTED}; empty otherwise
 */
public record Audience(Kind kind, Set<String> users) {

    /** The three kinds of audience. */
    public enum Kind { ANYONE, USERS, LISTED }

    public static final Audience ANYONE = new Audience(Kind.ANYONE, Set.of());
    public static final Audience USERS = new Audience(Kind.USERS, Set.of());

    public Audience {
        users = Set.copyOf(new TreeSet<>(users));
        if (kind == Kind.LISTED && users.isEmpty()) {
            throw new ConfigException("a list of users must name at least one user");
        }
        if (kind != Kind.LISTED && !users.isEmpty()) {
            throw new IllegalArgumentException("only a LISTED audience names users");
        }
    }

    /** Exactly these users. */
    public static Audience only(Set<String> users) {
        return new Audience(Kind.LISTED, users);
    }

    /** True when an anonymous request is not enough. */
    public boolean needsLogin() {
        return kind != Kind.ANYONE;
    }

    /** True when this user (null for no one logged in) belongs. */
    public boolean allows(String user) {
        return switch (kind) {
            case ANYONE -> true;
            case USERS -> user != null;
            case LISTED -> user != null && users.contains(user);
        };
    }

    /** As the configuration writes it. */
    @Override
    public String toString() {
        return switch (kind) {
            case ANYONE -> "anyone";
            case USERS -> "users";
            case LISTED -> String.join(", ", new TreeSet<>(users));
        };
    }
}
