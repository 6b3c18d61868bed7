package dev.pymirror.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.store.blob.LocalBlobStore;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that follows a shared users log: what it knows it answers from memory until its next
 * read; what it does not know (a token issued, a user added through another node) it reads at once.
 * The reads are made here by hand ({@link UserLogFollower#read}), so no test waits on a clock.
 */
class UserLogFollowerTest {

    @TempDir
    Path dir;

    @Test
    void aNewTokenWorksAtOnceAndARevokedOneAtTheNextRead() throws Exception {
        try (LocalBlobStore bucket = new LocalBlobStore(dir.resolve("bucket"))) {
            UserStore nodeA = new UserStore(bucket, dir.resolve("a"));
            UserStore nodeB = new UserStore(bucket, dir.resolve("b"));
            UserLogFollower followerB = new UserLogFollower(nodeB, Duration.ofDays(1)); // never on its own here
            followerB.start();
            try {
                followerB.read();
                nodeA.add("alice", "alice-password".toCharArray());
                assertThat(nodeB.user("alice")).isPresent(); // unknown: read at once

                ApiToken token = nodeA.addToken("alice", "ci");
                assertThat(nodeB.tokenOwner(token)).contains("alice"); // unknown: read at once
                Object generation = nodeB.generation();

                nodeA.revokeToken("alice", token.id());
                // Known to B: answered from what B read, until B's next read (the bound).
                assertThat(nodeB.tokenOwner(token)).contains("alice");
                assertThat(nodeB.generation()).isEqualTo(generation);
                followerB.read();
                assertThat(nodeB.tokenOwner(token)).isEmpty();
                assertThat(nodeB.generation()).isNotEqualTo(generation);

                nodeA.remove("alice");
                assertThat(nodeB.user("alice")).isPresent();
                followerB.read();
                assertThat(nodeB.user("alice")).isEmpty();
            } finally {
                followerB.stop();
            }
        }
    }
}
