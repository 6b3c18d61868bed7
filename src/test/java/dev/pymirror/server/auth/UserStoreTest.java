package dev.pymirror.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pymirror.store.blob.LocalBlobStore;
import dev.pymirror.testing.CountingBlobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserStoreTest {

    @TempDir
    Path data;

    private List<String> entries() throws Exception {
        try (var files = Files.list(data.resolve(UserStore.LOG))) {
            List<String> all = new ArrayList<>();
            for (Path p : files.sorted().toList()) {
                all.add(Files.readString(p));
            }
            return all;
        }
    }

    @Test
    void usersAndTokensAreStoredAsHashesInAFolderOfTheOwnerOnly() throws Exception {
        UserStore store = new UserStore(data);
        store.add("alice", "alice-password".toCharArray());
        ApiToken token = store.addToken("alice", "ci");
        String log = String.join("\n", entries());
        assertThat(log).contains("\"alice\"").contains("$argon2id$").contains(token.id()).contains("\"label\":\"ci\"")
                .doesNotContain("alice-password").doesNotContain(token.secret());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(UserStore.LOG))))
                .isEqualTo("rwx------");
        // Another process (here: another store on the same folder) sees it all.
        UserStore other = new UserStore(data);
        assertThat(other.names()).containsExactly("alice");
        assertThat(other.tokenOwner(token)).contains("alice");
        assertThat(PasswordHash.verify(other.user("alice").orElseThrow().passwordHash(), "alice-password".toCharArray()))
                .isTrue();
        other.revokeToken("alice", token.id());
        assertThat(store.tokenOwner(token)).isEmpty();
        assertThat(store.user("alice").orElseThrow().tokens()).isEmpty();
    }

    @Test
    void changesByAnotherWriterAreSeenWithoutReopening() throws Exception {
        UserStore server = new UserStore(data);
        assertThat(server.users()).isEmpty();
        Object before = server.generation();
        new UserStore(data).add("bob", "bob-password".toCharArray());
        assertThat(server.names()).containsExactly("bob");
        assertThat(server.generation()).isNotEqualTo(before);
        new UserStore(data).remove("bob");
        assertThat(server.users()).isEmpty();
    }

    @Test
    void anUnchangedLogIsNotReadAtEveryQuestionAndAnotherWritersChangeIsSeenAtTheNext() throws Exception {
        new UserStore(data).add("alice", "alice-password".toCharArray());
        ApiToken token = new UserStore(data).addToken("alice", "ci");
        CountingBlobStore counting = new CountingBlobStore(new LocalBlobStore(data));
        UserStore server = new UserStore(counting, data);
        // As if the last change were long past (the file system's clock has ticked since).
        Files.setLastModifiedTime(data.resolve(UserStore.LOG), FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        assertThat(server.tokenOwner(token)).contains("alice");

        counting.reads.set(0);
        for (int i = 0; i < 50; i++) {
            assertThat(server.tokenOwner(token)).contains("alice");
            assertThat(server.user("alice")).isPresent();
            server.generation();
        }
        assertThat(counting.reads.get()).isZero();

        // A revoke by another process (a `pymirror user` command) is refused at the next question.
        new UserStore(data).revokeToken("alice", token.id());
        assertThat(server.tokenOwner(token)).isEmpty();
        Files.setLastModifiedTime(data.resolve(UserStore.LOG), FileTime.from(Instant.now().minus(Duration.ofMinutes(30))));
        assertThat(server.tokenOwner(token)).isEmpty();
        new UserStore(data).remove("alice");
        assertThat(server.user("alice")).isEmpty();
    }

    @Test
    void writersAtOnceLoseNoChange() throws Exception {
        // Each its own store, as processes on several nodes would be: no lock is shared.
        int writers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<ApiToken>> tokens = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String name = "user" + i;
                tokens.add(pool.submit(() -> {
                    UserStore mine = new UserStore(data);
                    mine.add(name, "password-of-" .concat(name).toCharArray());
                    return mine.addToken(name, "ci");
                }));
            }
            UserStore reader = new UserStore(data);
            for (int i = 0; i < writers; i++) {
                assertThat(reader.tokenOwner(tokens.get(i).get())).contains("user" + i);
            }
            assertThat(reader.names()).hasSize(writers);
            assertThat(entries()).hasSize(2 * writers);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void mistakesAreNamed() throws Exception {
        UserStore store = new UserStore(data);
        Path where = data.resolve(UserStore.LOG);
        assertThatThrownBy(() -> store.setPassword("nobody", "whatever1".toCharArray()))
                .isInstanceOf(UserStoreException.class).hasMessage("no user 'nobody' in " + where + " (there are no users yet: pymirror user add NAME)");
        store.add("alice", "alice-password".toCharArray());
        assertThatThrownBy(() -> store.add("alice", "again-password".toCharArray()))
                .hasMessageContaining("user 'alice' already exists");
        assertThatThrownBy(() -> store.addToken("bob", null)).hasMessage("no user 'bob' in " + where + "; users: alice");
        assertThatThrownBy(() -> store.revokeToken("alice", "0123456789ab"))
                .hasMessage("user 'alice' has no token '0123456789ab'; tokens: none");
        assertThatThrownBy(() -> store.add("__token__", "x-password".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a valid user name");
        assertThat(entries()).hasSize(1); // nothing refused was written
    }

    @Test
    void aDamagedUsersFileOfAnEarlierVersionIsNamedAndNothingIsLost() throws Exception {
        Files.writeString(data.resolve(UserStore.FILE), "{ not json");
        assertThatThrownBy(() -> new UserStore(data).users()).isInstanceOf(UserStoreException.class)
                .hasMessageContaining("users.json is damaged");
        assertThat(Files.readString(data.resolve(UserStore.FILE))).isEqualTo("{ not json");
        assertThatThrownBy(() -> new UserStore(data).add("alice", "alice-password".toCharArray()))
                .hasMessageContaining("users.json is damaged");
    }

    /** users.json as pymirror wrote it before the log: the format of that version, written here by hand. */
    private ApiToken earlierUsersFile() throws Exception {
        ApiToken token = ApiToken.generate();
        Files.writeString(data.resolve(UserStore.FILE), """
                {
                  "users" : {
                    "alice" : {
                      "password" : "%s",
                      "created" : "2025-01-02T03:04:05Z",
                      "tokens" : {
                        "%s" : { "label" : "ci", "sha256" : "%s", "created" : "2025-01-02T03:04:06Z" }
                      }
                    }
                  }
                }
                """.formatted(PasswordHash.hash("alice-password".toCharArray()), token.id(), token.secretHash()));
        return token;
    }

    @Test
    void anEarlierVersionsUsersFileIsImportedOnce() throws Exception {
        ApiToken token = earlierUsersFile();
        String file = Files.readString(data.resolve(UserStore.FILE));
        UserStore store = new UserStore(data);
        assertThat(store.tokenOwner(token)).contains("alice");
        assertThat(PasswordHash.verify(store.user("alice").orElseThrow().passwordHash(), "alice-password".toCharArray()))
                .isTrue();
        assertThat(data.resolve(UserStore.FILE)).doesNotExist();
        assertThat(data.resolve(UserStore.IMPORTED)).hasContent(file);
        assertThat(entries()).hasSize(1);

        // Changes go on from the imported users.
        store.addToken("alice", "second");
        store.add("bob", "bob-password".toCharArray());
        assertThat(new UserStore(data).names()).containsExactly("alice", "bob");

        // A crash between the import and the rename: the next store only renames.
        Files.move(data.resolve(UserStore.IMPORTED), data.resolve(UserStore.FILE));
        assertThat(new UserStore(data).names()).containsExactly("alice", "bob");
        assertThat(data.resolve(UserStore.FILE)).doesNotExist();
        assertThat(entries()).hasSize(3);
    }

    @Test
    void anEarlierUsersFileBesideUsersMadeElsewhereIsLeftAlone() throws Exception {
        new UserStore(data).add("bob", "bob-password".toCharArray());
        ApiToken token = earlierUsersFile();
        UserStore store = new UserStore(data);
        assertThat(store.names()).containsExactly("bob");
        assertThat(store.tokenOwner(token)).isEmpty();
        assertThat(data.resolve(UserStore.FILE)).exists();
    }

    @Test
    void theSameCodeRunsOnAnyBlobStore() throws Exception {
        // The store a server on a bucket is given; here a folder apart from the data directory.
        try (LocalBlobStore shared = new LocalBlobStore(data.resolve("shared"))) {
            UserStore a = new UserStore(shared, data.resolve("node-a"));
            UserStore b = new UserStore(shared, data.resolve("node-b"));
            a.add("alice", "alice-password".toCharArray());
            ApiToken token = b.addToken("alice", null);
            assertThat(a.tokenOwner(token)).contains("alice");
            assertThat(a.where()).isEqualTo(data.resolve("shared").toAbsolutePath() + "/" + UserStore.LOG);
        }
    }
}
