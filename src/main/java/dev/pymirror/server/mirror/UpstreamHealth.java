package dev.pymirror.server.mirror;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pymirror.server.index.Unavailable;
import dev.pymirror.server.metrics.UpstreamObserver;
import dev.pymirror.upstream.RedactedUrl;
import dev.pymirror.upstream.UpstreamException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a mirror knows of its upstream's health: a circuit breaker, so that a hanging upstream
 * (a firewall that drops packets, a half-dead proxy) costs one timeout, not one per request.
 *
 * <p>Up, every request may ask the upstream. Once a request times out the upstream is down: nothing
 * waits for it (cached pages are served stale, the rest gets a 504 at once), and one request per
 * probe interval is let through to find out whether it is back. Any answer from the upstream, even
 * an error status, closes the breaker. A refused connection fails fast by itself and changes
 * nothing. Between up and down there is "slow": a revalidation has gone past the wait a cached
 * page's client is given; clients of cached pages then stop waiting until the upstream answers.
 */
final class UpstreamHealth {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamHealth.class);

    /** The upstream as logged: without any credentials its URL carries. */
    private final String upstream;
    private final Duration probeInterval;
    private final Clock clock;
    private final AtomicReference<Instant> lastProbe = new AtomicReference<>(Instant.EPOCH);
    private volatile Instant downSince;
    private volatile String downReason;
    private volatile Instant slowSince;
    private volatile Instant backAt;
    private volatile long lastAnswerNanos = System.nanoTime() - (1L << 62);
    private volatile UpstreamObserver observer = UpstreamObserver.NONE;
    private final RecentFailures recent = new RecentFailures();

    UpstreamHealth(URI upstream, Duration probeInterval, Clock clock) {
        this.upstream = RedactedUrl.of(upstream);
        this.probeInterval = probeInterval;
        this.clock = clock;
    }

    boolean isDown() {
        return downSince != null;
    }

    /** True when clients of cached pages should not wait for the upstream at all. */
    boolean isSlowOrDown() {
        return downSince != null || slowSince != null;
    }

    /**
     * True when a request may go to the upstream now: it is up, or it is down and a probe is due,
     * in which case the caller is that probe (one caller per interval gets true).
     */
    boolean mayAsk() {
        if (downSince == null) {
            return true;
        }
        Instant last = lastProbe.get();
        Instant now = clock.instant();
        return !last.plus(probeInterval).isAfter(now) && lastProbe.compareAndSet(last, now);
    }

    /** A revalidation has taken longer than a client of a cached page waits. */
    void noAnswerWithin(Duration wait) {
        if (slowSince == null && downSince == null) {
            slowSince = clock.instant();
            LOG.info("the upstream {} has not answered within {}ms: cached pages are served stale until it does",
                    upstream, wait.toMillis());
        }
    }

    /**
     * Records how a request to the upstream ended: null for an answer, else its failure.
     *
     * @param askedNanos {@link System#nanoTime()} when the request was sent: a timeout of a request
     *     sent before the upstream's latest answer is old news and does not make it down again
     */
    void record(UpstreamException failure, long askedNanos) {
        observer.ended(failure == null ? null : failure.kind(), System.nanoTime() - askedNanos);
        if (failure == null) {
            lastAnswerNanos = System.nanoTime();
            answered();
            return;
        }
        recent.add(clock.instant(), failure.getMessage());
        switch (failure.kind()) {
            case TIMEOUT -> {
                if (askedNanos - lastAnswerNanos > 0) {
                    timedOut(failure.getMessage());
                }
            }
            case REFUSED, UNREACHABLE, UNTRUSTED -> { } // fails fast by itself; says nothing about a hang ending
            default -> { // an error status or a bad body is still an answer
                lastAnswerNanos = System.nanoTime();
                answered();
            }
        }
    }

    private void timedOut(String reason) {
        Instant now = clock.instant();
        lastProbe.set(now);
        downReason = reason;
        if (downSince == null) {
            downSince = now;
            slowSince = null;
            LOG.warn("the upstream {} is down ({}): cached pages are served stale, the rest answered 504 at once;"
                    + " asking it again every {}s", upstream, reason, probeInterval.toSeconds());
        }
    }

    private void answered() {
        Instant since = downSince != null ? downSince : slowSince;
        if (since != null) {
            Instant now = clock.instant();
            backAt = now;
            downSince = null;
            slowSince = null;
            LOG.info("the upstream {} answers again, after {}s", upstream, Duration.between(since, now).toSeconds());
        }
    }

    /** Who is told how each upstream request ended, besides this breaker ({@code /metrics}). */
    void observe(UpstreamObserver observer) {
        this.observer = observer;
    }

    /** A failure found in an answer (a page emptied without a reason, an index URL that is no index). */
    void failed(String message) {
        recent.add(clock.instant(), message);
    }

    /** The latest failures, newest first. */
    java.util.List<UpstreamFailure> recentFailures() {
        return recent.list();
    }

    /** The breaker's state, read once. */
    UpstreamStatus status() {
        Instant down = downSince;
        Instant slow = slowSince;
        if (down != null) {
            return new UpstreamStatus("down", down, downReason, lastProbe.get().plus(probeInterval), backAt);
        }
        return new UpstreamStatus(slow != null ? "slow" : "up", slow, null, null, backAt);
    }

    /** 0 up, 1 slow, 2 down: the breaker's state as {@code /metrics} shows it. */
    int state() {
        return downSince != null ? 2 : slowSince != null ? 1 : 0;
    }

    /** The 504 for what has no cached copy while the upstream is down. */
    Unavailable unavailable(String what) {
        Instant since = downSince;
        return new Unavailable(504, "pymirror has no copy of " + what + " and its upstream has not answered since "
                + since + " (" + downReason + "); it is asked again every " + probeInterval.toSeconds() + "s");
    }

    /** For {@code /health}: up, slow or down, since when, and when it last came back. */
    void describe(ObjectNode into) {
        Instant down = downSince;
        Instant slow = slowSince;
        into.put("upstream-state", down != null ? "down" : slow != null ? "slow" : "up");
        if (down != null) {
            into.put("upstream-down-since", down.toString());
            into.put("upstream-down-reason", downReason);
            into.put("upstream-next-probe", lastProbe.get().plus(probeInterval).toString());
        } else if (slow != null) {
            into.put("upstream-slow-since", slow.toString());
        }
        if (backAt != null) {
            into.put("upstream-back-at", backAt.toString());
        }
    }
}
