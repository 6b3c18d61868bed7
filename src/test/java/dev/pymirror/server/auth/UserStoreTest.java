package dev.pymirror.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserStoreTest {

    @TempDir
    Path data;

    @Test
    void usersAndTokensAreStoredAsHashesReadableByTheOwnerOnly() throws Exception {
        UserStore store = new UserStore(data);
        store.add("alice", "alice-password".toCharArray());
        ApiToken token = store.addToken("alice", "ci");
        String file = Files.readString(data.resolve("users.json"));
        assertThat(file).contains("\"alice\"").contains("$argon2id$").contains(token.id()).contains("\"label\" : \"ci\"")
                .doesNotContain("alice-password").doesNotContain(token.secret());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("users.json"))))
                .isEqualTo("rw-------");
        // Another process (here: another store on the same folder) sees it all.
        UserStore other = new UserStore(data);
        assertThat(other.names()).containsExactly("alice");
        assertThat(other.tokenOwner(token)).contains("alice");
        assertThat(PasswordHash.verify(other.user("alice").orElseThrow().passwordHash(), "alice-password".toCharArray()))
                .isTrue();
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
    void mistakesAreNamed() throws Exception {
        UserStore store = new UserStore(data);
        assertThatThrownBy(() -> store.setPassword("nobody", "whatever1".toCharArray()))
                .isInstanceOf(UserStoreException.class).hasMessage("no user 'nobody' in " + data.resolve("users.json") + " (there are no users yet: pymirror user add NAME)");
        store.add("alice", "alice-password".toCharArray());
        assertThatThrownBy(() -> store.add("alice", "again-password".toCharArray()))
                .hasMessageContaining("user 'alice' already exists");
        assertThatThrownBy(() -> store.addToken("bob", null)).hasMessage("no user 'bob' in " + data.resolve("users.json") + "; users: alice");
        assertThatThrownBy(() -> store.revokeToken("alice", "0123456789ab"))
                .hasMessage("user 'alice' has no token '0123456789ab'; tokens: none");
        assertThatThrownBy(() -> store.add("__token__", "x-password".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a valid user name");
        Files.writeString(data.resolve("users.json"), "{ not json");
        assertThatThrownBy(() -> new UserStore(data).users()).isInstanceOf(UserStoreException.class)
                .hasMessageContaining("users.json is damaged");
    }
}
