package dev.pymirror.server.background;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackgroundJobsTest {

    @Test
    void aJobCutShortByTheStopIsToldSoAndAFailureBeforeItIsNot() throws Exception {
        BackgroundJobs jobs = new BackgroundJobs("test", 1);
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        CountDownLatch waiting = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        jobs.every(Duration.ZERO, Duration.ofMillis(1), () -> {
            if (runs.incrementAndGet() == 1) {
                seen.add("first run fails, stopping=" + jobs.stopping());
                return;
            }
            waiting.countDown();
            try {
                Thread.sleep(Duration.ofMinutes(1)); // a long prune, a stalled download
                seen.add("slept through");
            } catch (InterruptedException e) {
                seen.add("interrupted, stopping=" + jobs.stopping());
            }
        });
        assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
        jobs.stop();

        assertThat(seen).containsExactly("first run fails, stopping=false", "interrupted, stopping=true");
        int after = runs.get();
        Thread.sleep(50); // every 1 ms before the stop: none after it
        assertThat(runs.get()).isEqualTo(after).isEqualTo(2);
    }

    @Test
    void aStopWithNothingUnderWayReturnsAtOnceAndRunsNothingMore() throws Exception {
        BackgroundJobs jobs = new BackgroundJobs("test", 2);
        AtomicInteger runs = new AtomicInteger();
        jobs.every(Duration.ofHours(1), Duration.ofHours(1), runs::incrementAndGet);
        jobs.stop();
        assertThat(jobs.stopping()).isTrue();
        assertThat(runs.get()).isZero();
    }
}
