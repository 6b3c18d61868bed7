package dev.pymirror.store.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;

/** The storage's breaker, with a probe that answers when told and probing run by hand. */
class StorageHealthTest {

    final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    final Deque<Runnable> probing = new ArrayDeque<>();
    int probes;
    boolean answers;

    final StorageHealth health = new StorageHealth("s3://b/p", Duration.ofSeconds(1), clock, () -> {
        probes++;
        if (!answers) {
            throw new StorageUnreachableException("no answer");
        }
    }, probing::add, d -> {
        if (probes >= 3 && !answers) {
            answers = true; // the bucket comes back after the third probe
        }
    });

    @Test
    void reachableCallsGoThrough() {
        assertThatCode(() -> health.check("store files/a")).doesNotThrowAnyException();
        assertThat(health.status().reachable()).isTrue();
        assertThat(probing).isEmpty();
    }

    @Test
    void aTimeoutRefusesEveryLaterCallAtOnceUntilAProbeIsAnswered() {
        health.unreachable("did not answer within 4000 ms", System.nanoTime());

        assertThatThrownBy(() -> health.check("store files/a")).isInstanceOf(StorageUnreachableException.class)
                .hasMessageContaining("has not answered since 2026-01-01T00:00:00Z")
                .hasMessageContaining("did not answer within 4000 ms").hasMessageContaining("store files/a");
        assertThat(health.status()).isEqualTo(new StorageStatus(false, clock.instant(), "did not answer within 4000 ms", null));
        assertThat(health.status().state()).isEqualTo(2);
        assertThat(probing).hasSize(1); // one probing task, however many calls fail
        health.unreachable("again", System.nanoTime());
        assertThat(probing).hasSize(1);

        probing.poll().run(); // probes until one is answered: the fourth here
        assertThat(probes).isEqualTo(4);
        assertThatCode(() -> health.check("store files/a")).doesNotThrowAnyException();
        assertThat(health.status()).isEqualTo(new StorageStatus(true, null, null, clock.instant()));
    }

    @Test
    void aFailureOfACallSentBeforeTheLatestAnswerDoesNotOpenIt() {
        long sentEarlier = System.nanoTime();
        health.answered(System.nanoTime());

        health.unreachable("a slow call's timeout", sentEarlier);

        assertThat(health.status().reachable()).isTrue();
        assertThat(probing).isEmpty();
    }

    @Test
    void aClosedBreakerNeitherOpensNorProbes() throws IOException {
        health.close();
        health.unreachable("shutting down", System.nanoTime());

        assertThat(health.status().reachable()).isTrue();
        assertThat(probing).isEmpty();
    }
}
