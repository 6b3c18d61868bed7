package dev.pymirror.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Password attempts allowed per client address and per user name: a burst of {@code burst}
 * attempts, then one every {@code window / burst}, like a bucket of {@code burst} tokens that
 * refills over {@code window}.
 *
 * <p>An attempt is charged before its hash is computed and given back when it succeeds, so a flood
 * of concurrent guesses is cut off at the burst rather than after all of them have queued for a
 * hash, and only failures use up the allowance. Charging both the address and the user name stops
 * one address guessing many names and many addresses guessing one name.
 */
public final class LoginThrottle {

    /** Most keys kept; past it, keys whose allowance has refilled are dropped, and if that is not enough, all. */
    private static final int MAX_KEYS = 100_000;

    private final Clock clock;
    private final int burst;
    private final Duration interval;
    private final Duration tolerance;
    /** Per key, the time at which its allowance is full again (the "theoretical arrival time" of GCRA). */
    private final Map<String, Instant> full = new ConcurrentHashMap<>();

    /**
     * @param burst attempts a key may make at once
     * @param window how long a spent burst takes to refill
     */
    public LoginThrottle(Clock clock, int burst, Duration window) {
        if (burst < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a throttle needs a burst of at least 1 and a positive window");
        }
        this.clock = clock;
        this.burst = burst;
        // In nanoseconds, not Duration.dividedBy: that divides BigDecimals, whose first use costs
        // a server's start 7 ms of class initialization (JFR). A window beyond 292 years is not a window.
        this.interval = Duration.ofNanos(window.toNanos() / burst);
        this.tolerance = window.minus(interval);
    }

    /**
     * Charges one attempt to {@code key}: empty when allowed, else how long until the next one is.
     * A refused attempt is not charged.
     */
    public Optional<Duration> charge(String key) {
        Instant now = clock.instant();
        Duration[] wait = new Duration[1];
        if (full.size() > MAX_KEYS) {
            full.values().removeIf(t -> !t.isAfter(now));
            if (full.size() > MAX_KEYS) {
                full.clear();
            }
        }
        full.compute(key, (k, t) -> {
            Instant from = t == null || t.isBefore(now) ? now : t;
            Duration over = Duration.between(now, from).minus(tolerance);
            if (over.isPositive()) {
                wait[0] = over;
                return t;
            }
            return from.plus(interval);
        });
        return Optional.ofNullable(wait[0]);
    }

    /** Gives back an attempt charged to {@code key}: it succeeded. */
    public void refund(String key) {
        Instant now = clock.instant();
        full.computeIfPresent(key, (k, t) -> {
            Instant back = t.minus(interval);
            return back.isAfter(now) ? back : null;
        });
    }

    /** How many attempts a key may make at once. */
    public int burst() {
        return burst;
    }
}
