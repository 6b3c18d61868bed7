package dev.pymirror.server.auth;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pymirror.hash.Sha256;
import dev.pymirror.store.blob.BlobStore;
import dev.pymirror.store.blob.LocalBlobStore;
import dev.pymirror.store.blob.LogEntry;
import dev.pymirror.store.blob.VersionLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's users: each user's Argon2id password hash and the SHA-256 of each API token's
 * secret; never a password or a token. They are kept as a {@link VersionLog} of changes
 * ({@value #LOG}: user added, password set, user removed, token issued, token revoked) in the
 * server's storage: the data directory ({@code <data>/.users/}, a folder only its owner may
 * enter), or the bucket that several nodes share. Every change is decided against the whole log
 * and appended create-only, so changes made at once through several nodes (or a node and a
 * {@code pymirror user} command) are never lost; the users are the log's entries applied in order.
 *
 * <p>When to read the log again: by default at every question whose log has a new mark
 * ({@link VersionLog#mark}: one stat of its folder on the data directory, which any process's entry
 * changes), so a change is seen at once and an unchanged log is not read. A server on a bucket rather
 * {@linkplain #follow follows} the log from a {@link UserLogFollower} (every {@link
 * UserLogFollower#BOUND}) and answers from what it read; it reads at once only for a token or a
 * user name it does not know, so a token issued through another node works at its first use. A
 * revoked token, a removed user or a changed password is thus refused by every node within the
 * bound.
 *
 * <p>A data directory of an earlier pymirror keeps its users in {@code users.json}: the first
 * store to read the log while it is empty imports the file as the log's first entry (one
 * create-only write: two importers cannot both succeed) and renames it {@code users.json.imported}.
 */
public final class UserStore {

    /** The file earlier versions kept the users in, in the data directory; imported once. */
    public static final String FILE = "users.json";
    /** What {@link #FILE} is renamed to once imported. */
    public static final String IMPORTED = FILE + ".imported";
    /** The log's name in the storage. */
    public static final String LOG = ".users";

    private static final Logger LOGGER = LoggerFactory.getLogger(UserStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlobStore store;
    private final VersionLog log;
    private final Path legacyFile;
    private final String where;
    private volatile Loaded loaded = new Loaded(0, Map.of());
    /** What was read after the log's mark was taken: answered again while the mark stays. */
    private volatile Marked marked;
    /** True once a follower reads the log for this store: questions then take what it read. */
    private volatile boolean followed;
    /** When the last read of the log began ({@link System#nanoTime}), for reads asked for at once. */
    private long lastReadStarted = Long.MIN_VALUE;
    private boolean legacyChecked;

    /** What the log held when last read: how many entries, and the users they make. */
    private record Loaded(long entries, Map<String, User> users) {}

    /** A read of the log and the log's mark taken before it. */
    private record Marked(String mark, Loaded loaded) {}

    /**
     * A user.
     *
     * @param name the user name
     * @param passwordHash the PHC string of the Argon2id hash
     * @param created when the user was added
     * @param tokens the user's API tokens by id
     */
    public record User(String name, String passwordHash, Instant created, Map<String, Token> tokens) {
        public User {
            tokens = Collections.unmodifiableMap(new TreeMap<>(tokens));
        }
    }

    /**
     * An API token's record.
     *
     * @param id the token's public id
     * @param label what the user called it
     * @param sha256 the hex SHA-256 of its secret
     * @param created when it was made
     */
    public record Token(String id, String label, String sha256, Instant created) {}

    /** The users of the data directory {@code dataDir}, kept in it. */
    public UserStore(Path dataDir) throws UserStoreException {
        this(local(dataDir), dataDir);
    }

    /**
     * The users kept in {@code store} (which the caller closes), for the node whose data directory
     * is {@code dataDir} (where an earlier version's {@code users.json} may wait to be imported).
     */
    public UserStore(BlobStore store, Path dataDir) {
        this.store = store;
        this.log = new VersionLog(store, LOG);
        this.legacyFile = dataDir.resolve(FILE);
        String d = store.describe();
        this.where = d + (d.endsWith("/") ? "" : "/") + LOG;
    }

    private static BlobStore local(Path dataDir) throws UserStoreException {
        try {
            BlobStore store = new LocalBlobStore(dataDir);
            // The log's folder, made before its first entry, is for the owner only: the entries
            // hold password hashes, and a folder others cannot enter hides whatever files are in it.
            Path folder = Files.createDirectories(dataDir.toAbsolutePath().normalize().resolve(LOG));
            try {
                Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException ignored) {
                // Not a POSIX file system: its own permissions apply.
            }
            return store;
        } catch (IOException e) {
            throw new UserStoreException("cannot use " + dataDir + " for the users: " + e.getMessage(), e);
        }
    }

    /** Where the users are, for messages: the log's folder or its place in the bucket. */
    public String where() {
        return where;
    }

    /** Every user by name, as the log holds them now. */
    public Map<String, User> users() throws UserStoreException {
        return current().users();
    }

    public Optional<User> user(String name) throws UserStoreException {
        long asked = System.nanoTime();
        User u = current().users().get(name);
        if (u == null && followed) {
            // Perhaps added through another node since the follower last read.
            u = readSince(asked).users().get(name);
        }
        return Optional.ofNullable(u);
    }

    /** The name of the user who owns this token, when it is a valid token. */
    public Optional<String> tokenOwner(ApiToken token) throws UserStoreException {
        long asked = System.nanoTime();
        Optional<Optional<String>> known = owner(current(), token);
        if (known.isEmpty() && followed) {
            // Perhaps issued through another node since the follower last read.
            known = owner(readSince(asked), token);
        }
        return known.orElse(Optional.empty());
    }

    /** Empty when no user has a token of this id; else its owner when the secret matches. */
    private static Optional<Optional<String>> owner(Loaded l, ApiToken token) {
        for (User user : l.users().values()) {
            Token t = user.tokens().get(token.id());
            if (t != null) {
                return Optional.of(token.matches(t.sha256()) ? Optional.of(user.name()) : Optional.empty());
            }
        }
        return Optional.empty();
    }

    /** An identity of the users as read: it changes whenever the users change. */
    public Object generation() throws UserStoreException {
        return current().entries();
    }

    /** Adds a user. @throws UserStoreException when the user exists */
    public void add(String name, char[] password) throws UserStoreException {
        UserName.check(name);
        String hash = PasswordHash.hash(password);
        Instant now = Instant.now();
        change(users -> {
            if (users.containsKey(name)) {
                throw new UserStoreException("user '" + name + "' already exists (to change the password: pymirror user passwd)");
            }
            ObjectNode e = entry("add", name);
            e.put("password", hash);
            e.put("created", now.toString());
            return e;
        });
    }

    /** Sets a user's password. @throws UserStoreException when there is no such user */
    public void setPassword(String name, char[] password) throws UserStoreException {
        String hash = PasswordHash.hash(password);
        change(users -> {
            existing(users, name);
            return entry("passwd", name).put("password", hash);
        });
    }

    /** Removes a user and the user's tokens. */
    public void remove(String name) throws UserStoreException {
        change(users -> {
            existing(users, name);
            return entry("remove", name);
        });
    }

    /** Makes an API token for a user; the returned token is the only copy of its secret. */
    public ApiToken addToken(String name, String label) throws UserStoreException {
        ApiToken token = ApiToken.generate();
        Instant now = Instant.now();
        change(users -> {
            existing(users, name);
            ObjectNode e = entry("token", name);
            e.put("id", token.id());
            e.put("label", label == null ? "" : label);
            e.put("sha256", token.secretHash());
            e.put("created", now.toString());
            return e;
        });
        return token;
    }

    /** Revokes one of a user's tokens by its id (the 12 hex digits after {@code pymirror_}). */
    public void revokeToken(String name, String id) throws UserStoreException {
        change(users -> {
            User u = existing(users, name);
            if (!u.tokens().containsKey(id)) {
                throw new UserStoreException("user '" + name + "' has no token '" + id + "'; tokens: "
                        + (u.tokens().isEmpty() ? "none" : String.join(", ", u.tokens().keySet())));
            }
            return entry("revoke", name).put("id", id);
        });
    }

    /** User names, sorted. */
    public List<String> names() throws UserStoreException {
        return new ArrayList<>(users().keySet());
    }

    /**
     * From now on questions are answered from what was last read, and the caller reads the log
     * with {@link #read} at its bound (see {@link UserLogFollower}).
     */
    void follow() {
        followed = true;
    }

    /** Reads the entries appended since the last read. */
    void read() throws UserStoreException {
        readSince(Long.MIN_VALUE);
    }

    private interface Change {
        /** The entry that makes the change to {@code users}, or an exception saying why it cannot be made. */
        ObjectNode decide(Map<String, User> users) throws UserStoreException;
    }

    private static ObjectNode entry(String op, String user) {
        ObjectNode e = JSON.createObjectNode();
        e.put("op", op);
        e.put("user", user);
        return e;
    }

    /** Named with where the users are: a user added under another data directory is not in this one. */
    private User existing(Map<String, User> users, String name) throws UserStoreException {
        User u = users.get(name);
        if (u == null) {
            throw new UserStoreException("no user '" + name + "' in " + where + (users.isEmpty() ? " (there are no users yet:"
                    + " pymirror user add NAME)" : "; users: " + String.join(", ", users.keySet())));
        }
        return u;
    }

    /** Thrown through {@link VersionLog#append}'s function, which may not throw checked exceptions. */
    private static final class Refused extends RuntimeException {
        final UserStoreException reason;

        Refused(UserStoreException reason) {
            super(reason.getMessage(), null, false, false);
            this.reason = reason;
        }
    }

    private void change(Change change) throws UserStoreException {
        importLegacy();
        Function<List<LogEntry>, Optional<byte[]>> decide = entries -> {
            try {
                // Decided anew on each try: after a lost race, against what the winner wrote.
                return Optional.of(bytes(change.decide(apply(entries).users())));
            } catch (UserStoreException e) {
                throw new Refused(e);
            }
        };
        try {
            log.append(decide);
        } catch (Refused e) {
            throw e.reason;
        } catch (IOException e) {
            throw new UserStoreException("cannot change the users in " + where + ": " + e.getMessage(), e);
        }
        readSince(Long.MIN_VALUE);
    }

    private Loaded current() throws UserStoreException {
        if (followed) {
            return loaded;
        }
        // Without the lock readSince takes: every authenticated request asks.
        Marked known = marked;
        if (known != null) {
            try {
                if (known.mark().equals(log.mark())) {
                    return known.loaded();
                }
            } catch (IOException e) {
                // readSince reads and says what is wrong
            }
        }
        return readSince(Long.MIN_VALUE);
    }

    /**
     * Reads the log to its end unless a read that began after {@code asked} has done it already
     * (many requests with the same new token make one read).
     */
    private synchronized Loaded readSince(long asked) throws UserStoreException {
        if (lastReadStarted != Long.MIN_VALUE && lastReadStarted - asked >= 0 && asked != Long.MIN_VALUE) {
            return loaded;
        }
        lastReadStarted = System.nanoTime();
        importLegacy();
        try {
            String mark = log.mark();
            Loaded l = apply(log.entries());
            loaded = l;
            marked = mark == null ? null : new Marked(mark, l);
            return l;
        } catch (IOException e) {
            throw new UserStoreException("cannot read the users in " + where + ": " + e.getMessage(), e);
        } catch (Refused e) {
            throw e.reason;
        }
    }

    /** The users {@code entries} make, continuing from what was read before when it is a prefix of them. */
    private Loaded apply(List<LogEntry> entries) {
        Loaded from = loaded;
        if (from.entries() > entries.size()) {
            from = new Loaded(0, Map.of());
        }
        if (from.entries() == entries.size()) {
            return from;
        }
        Map<String, User> users = new TreeMap<>(from.users());
        for (int i = (int) from.entries(); i < entries.size(); i++) {
            try {
                applyEntry(users, JSON.readTree(entries.get(i).payload()));
            } catch (Refused e) {
                throw e;
            } catch (IOException | RuntimeException | UserStoreException e) {
                throw new Refused(new UserStoreException("entry " + entries.get(i).version() + " of " + where
                        + " is damaged (" + e.getMessage() + ")", e));
            }
        }
        return new Loaded(entries.size(), Collections.unmodifiableMap(users));
    }

    /**
     * One change. Each was decided against the users before it, so it applies; one that no longer
     * would (a log written by hand) changes nothing rather than stop every login.
     */
    private static void applyEntry(Map<String, User> users, JsonNode e) throws UserStoreException {
        String op = e.path("op").asText();
        String name = e.path("user").asText();
        User u = users.get(name);
        switch (op) {
            case "import" -> users.putAll(parseUsers(e.path("users"), "the imported " + FILE));
            case "add" -> users.put(name, new User(name, e.path("password").asText(),
                    Instant.parse(e.path("created").asText()), Map.of()));
            case "passwd" -> {
                if (u != null) {
                    users.put(name, new User(name, e.path("password").asText(), u.created(), u.tokens()));
                }
            }
            case "remove" -> users.remove(name);
            case "token" -> {
                if (u != null) {
                    Map<String, Token> tokens = new LinkedHashMap<>(u.tokens());
                    String id = e.path("id").asText();
                    tokens.put(id, new Token(id, e.path("label").asText(""), e.path("sha256").asText(),
                            Instant.parse(e.path("created").asText())));
                    users.put(name, new User(name, u.passwordHash(), u.created(), tokens));
                }
            }
            case "revoke" -> {
                if (u != null) {
                    Map<String, Token> tokens = new LinkedHashMap<>(u.tokens());
                    tokens.remove(e.path("id").asText());
                    users.put(name, new User(name, u.passwordHash(), u.created(), tokens));
                }
            }
            default -> throw new UserStoreException("unknown change '" + op + "' (written by a newer pymirror?)");
        }
    }

    /** The {@code users} object of {@code users.json}, which an import entry holds as it was. */
    private static Map<String, User> parseUsers(JsonNode all, String what) throws UserStoreException {
        Map<String, User> users = new TreeMap<>();
        try {
            for (var e : all.properties()) {
                JsonNode u = e.getValue();
                Map<String, Token> tokens = new LinkedHashMap<>();
                for (var t : u.path("tokens").properties()) {
                    JsonNode tn = t.getValue();
                    tokens.put(t.getKey(), new Token(t.getKey(), tn.path("label").asText(""),
                            tn.path("sha256").asText(), Instant.parse(tn.path("created").asText())));
                }
                users.put(e.getKey(), new User(e.getKey(), u.path("password").asText(),
                        Instant.parse(u.path("created").asText()), tokens));
            }
        } catch (DateTimeParseException e) {
            throw new UserStoreException(what + " is damaged (" + e.getMessage() + ")", e);
        }
        return users;
    }

    /**
     * Imports an earlier version's {@code users.json} into an empty log as its first entry, then
     * renames the file. A crash between the two leaves a log whose first entry is this file's
     * import: the next start only renames. A file beside a log that began otherwise (users made
     * through another node first) is left alone and said so: merging two sets of users by guess
     * could revive a removed one.
     */
    private synchronized void importLegacy() throws UserStoreException {
        if (legacyChecked) {
            return;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(legacyFile);
        } catch (NoSuchFileException e) {
            legacyChecked = true;
            return;
        } catch (IOException e) {
            throw new UserStoreException("cannot read " + legacyFile + ": " + e.getMessage(), e);
        }
        String sha256 = Sha256.hex(bytes);
        JsonNode users;
        try {
            users = JSON.readTree(bytes).path("users");
            parseUsers(users, legacyFile.toString());
        } catch (IOException e) {
            throw new UserStoreException(legacyFile + " is damaged (" + e.getMessage() + "); fix or remove it", e);
        }
        ObjectNode entry = JSON.createObjectNode();
        entry.put("op", "import");
        entry.put("sha256", sha256);
        entry.set("users", users);
        byte[] payload = bytes(entry);
        try {
            log.append(entries -> entries.isEmpty() ? Optional.of(payload) : Optional.empty());
            List<LogEntry> entries = log.entries();
            JsonNode first = JSON.readTree(entries.getFirst().payload());
            if (first.path("op").asText().equals("import") && first.path("sha256").asText().equals(sha256)) {
                move(legacyFile, legacyFile.resolveSibling(IMPORTED));
                LOGGER.info("imported the users of {} into {}; the file is now {}", legacyFile, where, IMPORTED);
            } else {
                LOGGER.warn("{} is not used: the users in {} were made elsewhere first (add its users with"
                        + " pymirror user add, then remove the file)", legacyFile, where);
            }
        } catch (IOException e) {
            throw new UserStoreException("cannot import " + legacyFile + " into " + where + ": " + e.getMessage(), e);
        }
        legacyChecked = true;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchFileException e) {
            // Another store on the same directory (a server beside a command) renamed it first.
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
        } catch (JacksonException e) {
            throw new IllegalStateException("a JSON tree always writes", e);
        }
    }


    /** The storage, for a follower's log lines. */
    BlobStore store() {
        return store;
    }
}
