package dev.pymirror.server.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DeferredWritesTest {

    final DeferredWrites later = DeferredWrites.onItsOwnThread("test-writes");

    @Test
    void writesRunInTheOrderHandedOverAndAFailureEndsNoOther() throws Exception {
        List<String> done = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 50; i++) {
            String name = "w" + i;
            later.submit("write " + name, () -> {
                if (name.equals("w10")) {
                    throw new IOException("disk full");
                }
                done.add(name);
            });
        }
        assertThat(later.awaitIdle(Duration.ofSeconds(30))).isTrue();
        assertThat(done).isEqualTo(IntStream.range(0, 50).filter(i -> i != 10).mapToObj(i -> "w" + i).toList());
    }

    @Test
    void aCallerBeyondTheWritesWaitingWaitsForRoom() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        later.submit("held write", () -> {
            try {
                held.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        for (int i = 1; i < DeferredWrites.MOST_WAITING; i++) {
            later.submit("write " + i, () -> {});
        }
        CountDownLatch handedOver = new CountDownLatch(1);
        Thread caller = Thread.ofVirtual().start(() -> {
            later.submit("one too many", () -> {});
            handedOver.countDown();
        });
        assertThat(handedOver.await(200, TimeUnit.MILLISECONDS)).as("no room").isFalse();
        held.countDown();
        assertThat(handedOver.await(30, TimeUnit.SECONDS)).isTrue();
        caller.join();
        assertThat(later.awaitIdle(Duration.ofSeconds(30))).isTrue();
    }

    @Test
    void inTheCallerAWriteIsDoneBeforeSubmitReturnsAndAFailureIsOnlyLogged() throws Exception {
        DeferredWrites now = DeferredWrites.inTheCaller();
        List<String> done = new CopyOnWriteArrayList<>();
        now.submit("fail", () -> {
            throw new IOException("disk full");
        });
        now.submit("write", () -> done.add("written"));
        assertThat(done).containsExactly("written");
        assertThat(now.awaitIdle(Duration.ZERO)).isTrue();
    }

    @Test
    void awaitingSaysWhetherTheWritesEndedWithinTheTime() throws Exception {
        assertThat(later.awaitIdle(Duration.ZERO)).as("nothing handed over").isTrue();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        later.submit("held write", () -> {
            started.countDown();
            try {
                held.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(later.awaitIdle(Duration.ofMillis(100))).as("a write still running").isFalse();
        held.countDown();
        assertThat(later.awaitIdle(Duration.ofSeconds(30))).isTrue();
        assertThat(later.awaitIdle(Duration.ZERO)).isTrue();
    }
}
