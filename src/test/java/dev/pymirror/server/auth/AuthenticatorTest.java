package dev.pymirror.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.store.blob.BlobStore;
import dev.pymirror.store.blob.LocalBlobStore;
import dev.pymirror.store.blob.ObjectInfo;
import dev.pymirror.store.blob.StorageUnreachableException;
import dev.pymirror.testing.ForwardingBlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthenticatorTest {

    @TempDir
    Path data;

    static final String HERE = "192.0.2.1";

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
        assertThat(auth.identify(null, HERE)).isEqualTo(Identity.ANONYMOUS);
        assertThat(auth.identify(basic("alice:alice-password"), HERE)).isEqualTo(new Identity.User("alice"));
        assertThat(auth.identify("basic   " + Base64.getEncoder().encodeToString("alice:alice-password".getBytes()), HERE))
                .isEqualTo(new Identity.User("alice"));
        ApiToken token = users.addToken("alice", "ci");
        assertThat(auth.identify(basic("__token__:" + token.text()), HERE)).isEqualTo(new Identity.User("alice"));
        assertThat(auth.identify(basic("alice:" + token.text()), HERE)).isEqualTo(new Identity.User("alice"));
        // A password holding a colon is split at the first one only, as RFC 7617 says.
        users.setPassword("alice", "pass:with:colons".toCharArray());
        assertThat(auth.identify(basic("alice:pass:with:colons"), HERE)).isEqualTo(new Identity.User("alice"));
    }

    @Test
    void credentialsTheServerCannotCheckAreNeitherWrongNorChargedAndWorkOnceTheUsersReadAgain() throws Exception {
        AtomicBoolean down = new AtomicBoolean();
        BlobStore silent = new ForwardingBlobStore(new LocalBlobStore(data.resolve("bucket"))) {
            @Override
            public Optional<InputStream> read(String key) throws IOException {
                if (down.get()) {
                    throw new StorageUnreachableException("the storage did not answer");
                }
                return inner.read(key);
            }

            @Override
            public List<ObjectInfo.Listed> list(String prefix) throws IOException {
                if (down.get()) {
                    throw new StorageUnreachableException("the storage did not answer");
                }
                return inner.list(prefix);
            }
        };
        UserStore shared = new UserStore(silent, data);
        shared.add("bob", "bob-password".toCharArray());
        Authenticator checking = new Authenticator(shared, Clock.systemUTC());

        down.set(true);
        for (int i = 0; i < 30; i++) { // far past the throttle's allowance of failures
            assertThat(checking.identify(basic("bob:bob-password"), HERE)).isEqualTo(new Identity.Unchecked(Authenticator.UNCHECKED));
        }
        down.set(false);
        assertThat(checking.identify(basic("bob:bob-password"), HERE)).isEqualTo(new Identity.User("bob"));
    }

    @Test
    void wrongOrMalformedCredentialsSayWhy() {
        assertThat(auth.identify(basic("alice:nope"), HERE)).isEqualTo(new Identity.Invalid("wrong user name or password"));
        assertThat(auth.identify(basic("mallory:alice-password"), HERE)).isEqualTo(new Identity.Invalid("wrong user name or password"));
        assertThat(auth.identify(basic("__token__:alice-password"), HERE)).isEqualTo(new Identity.Invalid("the API token is not valid"));
        assertThat(auth.identify(basic("__token__:" + ApiToken.generate().text()), HERE))
                .isEqualTo(new Identity.Invalid("the API token is not valid"));
        assertThat(auth.identify("Bearer abc", HERE)).isEqualTo(new Identity.Invalid("only HTTP Basic credentials are accepted"));
        assertThat(auth.identify("Basic ***", HERE)).isEqualTo(new Identity.Invalid("the Basic credentials are not valid base64"));
        assertThat(auth.identify(basic("no-colon"), HERE)).isEqualTo(
                new Identity.Invalid("the Basic credentials hold no ':' between user and password"));
    }

    @Test
    void aRememberedLoginIsForgottenWhenTheUsersChange() throws Exception {
        assertThat(auth.identify(basic("alice:alice-password"), HERE).userName()).isEqualTo("alice");
        users.setPassword("alice", "changed-password".toCharArray());
        assertThat(auth.identify(basic("alice:alice-password"), HERE)).isInstanceOf(Identity.Invalid.class);
        users.remove("alice");
        assertThat(auth.identify(basic("alice:changed-password"), HERE)).isInstanceOf(Identity.Invalid.class);
    }

    @Test
    void anUnknownUserCostsTheSameHashAsAWrongPasswordAndGetsTheSameAnswer() {
        long before = auth.passwordChecks();
        Identity wrongPassword = auth.identify(basic("alice:nope"), HERE);
        assertThat(auth.passwordChecks()).isEqualTo(before + 1);
        Identity unknownUser = auth.identify(basic("mallory:nope"), HERE);
        // The same work (an Argon2 hash against a hash no password matches), so time cannot tell them apart.
        assertThat(auth.passwordChecks()).isEqualTo(before + 2);
        assertThat(unknownUser).isEqualTo(wrongPassword);
        // Even the password of another user does not open a name that does not exist.
        assertThat(auth.identify(basic("mallory:alice-password"), "192.0.2.9")).isInstanceOf(Identity.Invalid.class);
    }

    @Test
    void aFloodOfWrongPasswordsIsCutOffBeforeItsHashesWhileValidLoginsGetIn() throws Exception {
        users.add("bob", "bob-password".toCharArray());
        users.add("carol", "carol-password".toCharArray());
        TestClock clock = new TestClock();
        auth = new Authenticator(users, clock);
        // bob logged in before the flood: remembered, he never waits for a hash or a throttle.
        assertThat(auth.identify(basic("bob:bob-password"), HERE)).isEqualTo(new Identity.User("bob"));
        long before = auth.passwordChecks();
        int invalid = 0;
        int throttled = 0;
        for (int i = 0; i < 60; i++) {
            switch (auth.identify(basic("alice:guess-" + i), HERE)) {
                case Identity.Invalid x -> invalid++;
                case Identity.Throttled t -> {
                    throttled++;
                    assertThat(t.reason()).isEqualTo("too many failed logins from this address");
                    assertThat(t.retryAfter()).isPositive();
                }
                default -> throw new AssertionError("a wrong password let in");
            }
        }
        assertThat(invalid).isEqualTo(Authenticator.ADDRESS_BURST);
        assertThat(throttled).isEqualTo(60 - Authenticator.ADDRESS_BURST);
        // Only the attempts let through cost a hash.
        assertThat(auth.passwordChecks() - before).isEqualTo(Authenticator.ADDRESS_BURST);
        assertThat(auth.identify(basic("bob:bob-password"), HERE)).isEqualTo(new Identity.User("bob"));
        // Another address is not held back by this one, and alice herself still gets in from there.
        assertThat(auth.identify(basic("carol:carol-password"), "192.0.2.2")).isEqualTo(new Identity.User("carol"));
        assertThat(auth.identify(basic("alice:alice-password"), "192.0.2.2")).isEqualTo(new Identity.User("alice"));
        // The allowance comes back with time, one attempt per interval.
        clock.advance(Authenticator.ADDRESS_WINDOW.dividedBy(Authenticator.ADDRESS_BURST));
        assertThat(auth.identify(basic("alice:one-more"), HERE)).isInstanceOf(Identity.Invalid.class);
        assertThat(auth.identify(basic("alice:and-another"), HERE)).isInstanceOf(Identity.Throttled.class);
    }

    @Test
    void oneUserNameGuessedFromManyAddressesIsThrottledButNotItsTokens() throws Exception {
        TestClock clock = new TestClock();
        auth = new Authenticator(users, clock);
        ApiToken token = users.addToken("alice", "ci");
        int address = 0;
        for (int i = 0; i < Authenticator.USER_BURST; i++) {
            address = i / 5; // five guesses an address: no address reaches its own limit
            assertThat(auth.identify(basic("alice:guess-" + i), "198.51.100." + address)).isInstanceOf(Identity.Invalid.class);
        }
        Identity next = auth.identify(basic("alice:guess-next"), "198.51.100." + (address + 1));
        assertThat(next).isInstanceOf(Identity.Throttled.class);
        assertThat(((Identity.Throttled) next).reason()).isEqualTo("too many failed logins for user 'alice'");
        assertThat(auth.identify(basic("alice:alice-password"), "203.0.113.1")).isInstanceOf(Identity.Throttled.class);
        // A token is no password guess: its user name (__token__) is everyone's, and its check is cheap.
        assertThat(auth.identify(basic("__token__:" + token.text()), "198.51.100.77")).isEqualTo(new Identity.User("alice"));
    }

    @Test
    void guessesAtAUserNameDoNotLockItsOwnerOutOfAnAddressTheOwnerUses() {
        TestClock clock = new TestClock();
        auth = new Authenticator(users, clock);
        assertThat(auth.identify(basic("alice:alice-password"), "203.0.113.5")).isEqualTo(new Identity.User("alice"));
        clock.advance(Duration.ofHours(1)); // long after the login stopped being remembered
        for (int i = 0; i < Authenticator.USER_BURST; i++) {
            auth.identify(basic("alice:guess-" + i), "198.51.100." + (i / 5));
        }
        assertThat(auth.identify(basic("alice:alice-password"), "198.51.100.99")).isInstanceOf(Identity.Throttled.class);
        long before = auth.passwordChecks();
        assertThat(auth.identify(basic("alice:alice-password"), "203.0.113.5")).isEqualTo(new Identity.User("alice"));
        assertThat(auth.passwordChecks()).isEqualTo(before + 1);
        // Only her name's throttle is waived there, and only for her: guesses from that address still count.
        assertThat(auth.identify(basic("alice:guess-from-home"), "203.0.113.5")).isEqualTo(
                new Identity.Invalid("wrong user name or password"));
    }

    @Test
    void theSameWrongPasswordAgainIsAnsweredFromMemoryAndIsNoNewGuess() {
        long before = auth.passwordChecks();
        for (int i = 0; i < 3 * Authenticator.ADDRESS_BURST; i++) {
            // A build with a stale password retrying: always the same answer, one hash, never throttled.
            assertThat(auth.identify(basic("alice:stale-password"), HERE))
                    .isEqualTo(new Identity.Invalid("wrong user name or password"));
        }
        assertThat(auth.passwordChecks() - before).isEqualTo(1);
        assertThat(auth.identify(basic("alice:alice-password"), HERE)).isEqualTo(new Identity.User("alice"));
    }

    @Test
    void ipv6ClientsAreCountedByTheirNetwork() {
        assertThat(Authenticator.addressKey("2001:db8:1:2::5")).isEqualTo(Authenticator.addressKey("2001:db8:1:2:ffff::9"));
        assertThat(Authenticator.addressKey("[2001:db8:1:2::5]")).isEqualTo(Authenticator.addressKey("2001:db8:1:2::5"));
        assertThat(Authenticator.addressKey("2001:db8:1:3::5")).isNotEqualTo(Authenticator.addressKey("2001:db8:1:2::5"));
        assertThat(Authenticator.addressKey("192.0.2.1")).isEqualTo("192.0.2.1");
    }

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
