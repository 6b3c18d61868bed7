package dev.pymirror.server.auth;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pymirror.store.FileLock;
import dev.pymirror.store.FileVersion;
import dev.pymirror.store.StagedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The server's users, in {@code <data>/users.json}: each user's Argon2id password hash and the
 * SHA-256 of each API token's secret; never a password or a token.
 *
 * <pre>
 * {"users": {"alice": {"password": "$argon2id$v=19$...", "created": "2025-...",
 *                      "tokens": {"3f9a0c1d2e4b": {"label": "ci", "sha256": "...", "created": "..."}}}}}
 * </pre>
 *
 * <p>The {@code pymirror user} commands change it; a running server reads it again when it
 * changes (one {@code stat} per check), so a new user or token works without a restart. Every
 * change holds a lock file, reads the current file, and publishes a new one atomically, readable
 * by its owner only.
 */
public final class UserStore {

    /** The users file, in the data directory. */
    public static final String FILE = "users.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Path lockFile;
    private volatile Loaded loaded = new Loaded(null, Map.of());

    /** What the file held when last read, and which version of it that was. */
    private record Loaded(FileVersion version, Map<String, User> users) {}

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

    public UserStore(Path dataDir) {
        this.file = dataDir.resolve(FILE);
        this.lockFile = dataDir.resolve(FILE + ".lock");
    }

    public Path file() {
        return file;
    }

    /** Every user by name, as the file holds them now. */
    public Map<String, User> users() throws UserStoreException {
        return current().users();
    }

    public Optional<User> user(String name) throws UserStoreException {
        return Optional.ofNullable(current().users().get(name));
    }

    /** The name of the user who owns this token, when it is a valid token. */
    public Optional<String> tokenOwner(ApiToken token) throws UserStoreException {
        for (User user : current().users().values()) {
            Token t = user.tokens().get(token.id());
            if (t != null) {
                return token.matches(t.sha256()) ? Optional.of(user.name()) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** An identity of the file's current content: it changes whenever the users change. */
    public Object generation() throws UserStoreException {
        Loaded l = current();
        return l.version() == null ? "none" : l.version();
    }

    /** Adds a user. @throws UserStoreException when the user exists */
    public void add(String name, char[] password) throws UserStoreException {
        UserName.check(name);
        String hash = PasswordHash.hash(password);
        change(users -> {
            if (users.containsKey(name)) {
                throw new UserStoreException("user '" + name + "' already exists (to change the password: pymirror user passwd)");
            }
            users.put(name, new User(name, hash, Instant.now(), Map.of()));
        });
    }

    /** Sets a user's password. @throws UserStoreException when there is no such user */
    public void setPassword(String name, char[] password) throws UserStoreException {
        String hash = PasswordHash.hash(password);
        change(users -> {
            User u = existing(users, name);
            users.put(name, new User(name, hash, u.created(), u.tokens()));
        });
    }

    /** Removes a user and the user's tokens. */
    public void remove(String name) throws UserStoreException {
        change(users -> {
            existing(users, name);
            users.remove(name);
        });
    }

    /** Makes an API token for a user; the returned token is the only copy of its secret. */
    public ApiToken addToken(String name, String label) throws UserStoreException {
        ApiToken token = ApiToken.generate();
        change(users -> {
            User u = existing(users, name);
            Map<String, Token> tokens = new LinkedHashMap<>(u.tokens());
            tokens.put(token.id(), new Token(token.id(), label == null ? "" : label, token.secretHash(), Instant.now()));
            users.put(name, new User(name, u.passwordHash(), u.created(), tokens));
        });
        return token;
    }

    /** Revokes one of a user's tokens by its id (the 12 hex digits after {@code pymirror_}). */
    public void revokeToken(String name, String id) throws UserStoreException {
        change(users -> {
            User u = existing(users, name);
            Map<String, Token> tokens = new LinkedHashMap<>(u.tokens());
            if (tokens.remove(id) == null) {
                throw new UserStoreException("user '" + name + "' has no token '" + id + "'; tokens: "
                        + (u.tokens().isEmpty() ? "none" : String.join(", ", u.tokens().keySet())));
            }
            users.put(name, new User(name, u.passwordHash(), u.created(), tokens));
        });
    }

    private interface Change {
        void apply(Map<String, User> users) throws UserStoreException;
    }

    /** Named with the file read: a user added under another data directory is not in this one. */
    private User existing(Map<String, User> users, String name) throws UserStoreException {
        User u = users.get(name);
        if (u == null) {
            throw new UserStoreException("no user '" + name + "' in " + file + (users.isEmpty() ? " (there are no users yet:"
                    + " pymirror user add NAME)" : "; users: " + String.join(", ", users.keySet())));
        }
        return u;
    }

    @SuppressWarnings("try") // the lock is held by being open
    private void change(Change change) throws UserStoreException {
        try (FileLock lock = FileLock.acquire(lockFile)) {
            Map<String, User> users = new TreeMap<>(read().users());
            change.apply(users);
            write(users);
            loaded = read();
        } catch (IOException e) {
            throw new UserStoreException("cannot update " + file + ": " + e.getMessage(), e);
        }
    }

    private Loaded current() throws UserStoreException {
        Loaded l = loaded;
        try {
            FileVersion now = FileVersion.of(file).orElse(null);
            if (now == null ? l.version() == null : now.equals(l.version())) {
                return l;
            }
            l = read();
            loaded = l;
            return l;
        } catch (IOException e) {
            throw new UserStoreException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private Loaded read() throws IOException, UserStoreException {
        FileVersion version = FileVersion.of(file).orElse(null);
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return new Loaded(null, Map.of());
        }
        Map<String, User> users = new TreeMap<>();
        try {
            JsonNode root = JSON.readTree(text);
            for (var e : root.path("users").properties()) {
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
        } catch (JacksonException | java.time.format.DateTimeParseException e) {
            throw new UserStoreException(file + " is damaged (" + e.getMessage() + "); fix or remove it", e);
        }
        return new Loaded(version, Collections.unmodifiableMap(users));
    }

    private void write(Map<String, User> users) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode all = root.putObject("users");
        for (User u : users.values()) {
            ObjectNode node = all.putObject(u.name());
            node.put("password", u.passwordHash());
            node.put("created", u.created().toString());
            ObjectNode tokens = node.putObject("tokens");
            for (Token t : u.tokens().values()) {
                ObjectNode tn = tokens.putObject(t.id());
                tn.put("label", t.label());
                tn.put("sha256", t.sha256());
                tn.put("created", t.created().toString());
            }
        }
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        try (StagedFile staged = StagedFile.create(file)) {
            staged.write(bytes, 0, bytes.length);
            ownerOnly(staged.stagingPath());
            staged.publish(null, bytes.length);
        }
    }

    private static void ownerOnly(Path path) {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException ignored) {
            // Not a POSIX file system: its own permissions apply.
        }
    }

    /** User names, sorted. */
    public List<String> names() throws UserStoreException {
        return new ArrayList<>(users().keySet());
    }
}
