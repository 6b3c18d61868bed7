package dev.pymirror.server.mirror;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last few upstream failures of a mirror, newest first, for the server's web page: a person
 * asking why pages are stale wants the recent story, not only the latest line. Bounded, in memory.
 */
final class RecentFailures {

    static final int KEPT = 20;

    private final Deque<UpstreamFailure> failures = new ArrayDeque<>();

    synchronized void add(Instant at, String message) {
        failures.addFirst(new UpstreamFailure(at, message));
        while (failures.size() > KEPT) {
            failures.removeLast();
        }
    }

    /** Newest first. */
    synchronized List<UpstreamFailure> list() {
        return new ArrayList<>(failures);
    }
}
