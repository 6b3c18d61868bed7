package dev.pymirror.server.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Creates of one snapshot name let go at the same moment, each on a thread of its own, as two
 * operators' commands (or two nodes') may run: a store keeps a name for one of them only.
 */
final class CreateRace {

    private CreateRace() {}

    /**
     * Runs {@code create} on {@code racers} threads at once and returns how many made a snapshot;
     * every other must have failed with a {@link SnapshotException} saying {@code refusal}.
     */
    static int winners(int racers, Callable<SnapshotInfo> create, String refusal) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            List<Future<SnapshotInfo>> creates = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                creates.add(pool.submit(() -> {
                    start.await();
                    return create.call();
                }));
            }
            start.countDown();
            int made = 0;
            for (Future<SnapshotInfo> f : creates) {
                try {
                    f.get();
                    made++;
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(SnapshotException.class).hasMessageContaining(refusal);
                }
            }
            return made;
        } finally {
            pool.shutdown();
        }
    }
}
