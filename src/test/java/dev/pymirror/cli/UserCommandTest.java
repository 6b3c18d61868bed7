package dev.pymirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.server.auth.ApiToken;
import dev.pymirror.server.auth.PasswordHash;
import dev.pymirror.server.auth.UserStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserCommandTest {

    @TempDir
    Path dir;

    String config;
    String data;

    @BeforeEach
    void files() throws Exception {
        config = Files.writeString(dir.resolve("empty.toml"), "").toString();
        data = dir.resolve("data").toString();
    }

    CliRun user(String stdin, String... args) {
        return CliRun.withInput(stdin, CliRun.onData("user", config, data, args));
    }

    @Test
    void addPasswdListAndDelete() throws Exception {
        CliRun add = user("alice-password\n", "add", "alice", "--password-stdin");
        assertThat(add.exitCode()).as(add.err()).isZero();
        assertThat(add.out()).isEqualTo("added user 'alice'\n");
        UserStore store = new UserStore(Path.of(data));
        assertThat(PasswordHash.verify(store.user("alice").orElseThrow().passwordHash(), "alice-password".toCharArray())).isTrue();

        assertThat(user("new-password\n", "passwd", "alice", "--password-stdin").exitCode()).isZero();
        assertThat(PasswordHash.verify(store.user("alice").orElseThrow().passwordHash(), "new-password".toCharArray())).isTrue();

        assertThat(user("bob-password\n", "add", "bob", "--password-stdin").exitCode()).isZero();
        CliRun list = user(null, "list");
        assertThat(list.out()).containsPattern("(?m)^alice  0 tokens  added ").containsPattern("(?m)^bob  0 tokens");
        assertThat(user(null, "delete", "bob").out()).isEqualTo("removed user 'bob'\n");
        assertThat(store.names()).containsExactly("alice");
    }

    @Test
    void tokensAreShownOnceListedAndRevoked() throws Exception {
        user("alice-password\n", "add", "alice", "--password-stdin");
        CliRun made = user(null, "token", "alice", "--label", "ci runner");
        assertThat(made.exitCode()).isZero();
        ApiToken token = ApiToken.parse(made.out().strip()).orElseThrow();
        assertThat(made.err()).contains("only time the token is shown").contains("__token__");
        assertThat(new UserStore(Path.of(data)).tokenOwner(token)).contains("alice");

        CliRun list = user(null, "token", "alice", "--list");
        assertThat(list.out()).contains(token.id()).contains("ci runner").doesNotContain(token.secret());
        assertThat(user(null, "token", "alice", "--revoke", token.id()).out()).contains("revoked token " + token.id());
        assertThat(new UserStore(Path.of(data)).tokenOwner(token)).isEmpty();
        assertThat(user(null, "token", "alice", "--list").out()).isEqualTo("user 'alice' has no tokens\n");
    }

    @Test
    void mistakesAreUsageErrorsOrFailuresThatSayWhat() throws Exception {
        CliRun shortPassword = user("short\n", "add", "alice", "--password-stdin");
        assertThat(shortPassword.exitCode()).isEqualTo(2);
        assertThat(shortPassword.err()).contains("the password must have at least 8 characters");
        CliRun empty = user("", "add", "alice", "--password-stdin");
        assertThat(empty.exitCode()).isEqualTo(2);
        CliRun badName = user("alice-password\n", "add", "al ice", "--password-stdin");
        assertThat(badName.exitCode()).isEqualTo(2);
        assertThat(badName.err()).contains("'al ice' is not a valid user name");
        assertThat(user("x\n", "add", "__token__", "--password-stdin").exitCode()).isEqualTo(2);
        // The tests run without a terminal: there is nowhere to ask.
        CliRun noTerminal = user(null, "add", "alice");
        assertThat(noTerminal.exitCode()).isEqualTo(2);
        assertThat(noTerminal.err()).contains("no terminal to ask for the password on; pipe it in with --password-stdin");

        assertThat(user("alice-password\n", "add", "alice", "--password-stdin").exitCode()).isZero();
        CliRun again = user("alice-password\n", "add", "alice", "--password-stdin");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("pymirror user add: user 'alice' already exists");
        CliRun nobody = user("some-password\n", "passwd", "nobody", "--password-stdin");
        assertThat(nobody.exitCode()).isEqualTo(1);
        // Which users were read: a user added under another data directory is not here.
        assertThat(nobody.err()).contains("no user 'nobody' in " + Path.of(data, ".users") + "; users: alice");
        CliRun listNobody = user(null, "token", "nobody", "--list");
        assertThat(listNobody.exitCode()).isEqualTo(1);
        assertThat(listNobody.err()).contains("no user 'nobody' in " + Path.of(data, ".users"));
        assertThat(user(null, "token", "alice", "--revoke", "0123456789ab").exitCode()).isEqualTo(1);
        CliRun both = user(null, "token", "alice", "--list", "--revoke", "x");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("--list and --revoke exclude each other");
        assertThat(CliRun.run("user").exitCode()).isEqualTo(2);
        assertThat(CliRun.run("user", "frobnicate").exitCode()).isEqualTo(2);

        Files.writeString(Path.of(config), "prot = 1");
        CliRun badConfig = user(null, "list");
        assertThat(badConfig.exitCode()).isEqualTo(2);
        assertThat(badConfig.err()).contains("unknown key 'prot'");
    }
}
