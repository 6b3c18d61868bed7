package dev.pymirror.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthenticatorTest {

    @TempDir
    Path data;

    UserStore users;
    Authenticator auth;

    @BeforeEach
    void users() throws Exception {
        users = new UserStore(data);
        users.add("alice", "alice-password".toCharArray());
        auth = new Authenticator(users, Clock.systemUTC());
    }

    static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void basicCredentialsOfAUserOrATokenIdentifyTheUser() throws Exception {
        assertThat(auth.identify(null)).isEqualTo(Identity.ANONYMOUS);
        assertThat(auth.identify(basic("alice:alice-password"))).isEqualTo(new Identity.User("alice"));
        assertThat(auth.identify("basic   " + Base64.getEncoder().encodeToString("alice:alice-password".getBytes())))
                .isEqualTo(new Identity.User("alice"));
        ApiToken token = users.addToken("alice", "ci");
        assertThat(auth.identify(basic("__token__:" + token.text()))).isEqualTo(new Identity.User("alice"));
        assertThat(auth.identify(basic("alice:" + token.text()))).isEqualTo(new Identity.User("alice"));
        // A password holding a colon is split at the first one only, as RFC 7617 says.
        users.setPassword("alice", "pass:with:colons".toCharArray());
        assertThat(auth.identify(basic("alice:pass:with:colons"))).isEqualTo(new Identity.User("alice"));
    }

    @Test
    void wrongOrMalformedCredentialsSayWhy() {
        assertThat(auth.identify(basic("alice:nope"))).isEqualTo(new Identity.Invalid("wrong user name or password"));
        assertThat(auth.identify(basic("mallory:alice-password"))).isEqualTo(new Identity.Invalid("wrong user name or password"));
        assertThat(auth.identify(basic("__token__:alice-password"))).isEqualTo(new Identity.Invalid("the API token is not valid"));
        assertThat(auth.identify(basic("__token__:" + ApiToken.generate().text())))
                .isEqualTo(new Identity.Invalid("the API token is not valid"));
        assertThat(auth.identify("Bearer abc")).isEqualTo(new Identity.Invalid("only HTTP Basic credentials are accepted"));
        assertThat(auth.identify("Basic ***")).isEqualTo(new Identity.Invalid("the Basic credentials are not valid base64"));
        assertThat(auth.identify(basic("no-colon"))).isEqualTo(
                new Identity.Invalid("the Basic credentials hold no ':' between user and password"));
    }

    @Test
    void aRememberedLoginIsForgottenWhenTheUsersChange() throws Exception {
        assertThat(auth.identify(basic("alice:alice-password")).userName()).isEqualTo("alice");
        users.setPassword("alice", "changed-password".toCharArray());
        assertThat(auth.identify(basic("alice:alice-password"))).isInstanceOf(Identity.Invalid.class);
        users.remove("alice");
        assertThat(auth.identify(basic("alice:changed-password"))).isInstanceOf(Identity.Invalid.class);
    }
}
