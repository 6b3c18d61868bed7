package dev.pymirror.server.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PendingWorkTest {

    final PendingWork work = new PendingWork();

    @Test
    void nothingCountedInIsIdleAtOnce() throws Exception {
        assertThat(work.awaitIdle(Duration.ZERO)).isTrue();
    }

    @Test
    void workCountedInBeforeItsThreadRunsIsWaitedFor() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        work.begin();
        Thread thread = Thread.ofVirtual().start(() -> {
            try {
                go.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                work.end();
            }
        });
        assertThat(work.awaitIdle(Duration.ofMillis(50))).as("its thread is held").isFalse();
        go.countDown();
        assertThat(work.awaitIdle(Duration.ofSeconds(10))).isTrue();
        thread.join();
    }

    @Test
    void idleOnlyWhenEveryPieceHasEnded() throws Exception {
        work.begin();
        work.begin();
        work.end();
        assertThat(work.awaitIdle(Duration.ZERO)).isFalse();
        work.end();
        assertThat(work.awaitIdle(Duration.ZERO)).isTrue();
    }

    @Test
    void anEndWithoutABeginIsABug() {
        assertThatThrownBy(work::end).isInstanceOf(IllegalStateException.class);
    }
}
