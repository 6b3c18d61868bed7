package dev.pymirror.server.mirror;

import dev.pymirror.upstream.Validators;
import java.time.Duration;
import java.time.Instant;

/**
 * A page as the upstream last gave it (file URLs made absolute, as the upstream wrote them), and
 * what is needed to ask whether it changed.
 *
 * @param <T> the page: a project page or the project list
 * @param page the upstream's page
 * @param validators the upstream's ETag and Last-Modified for it
 * @param fetchedAt when the upstream last confirmed it (a 200 or a 304)
 */
record Cached<T>(T page, Validators validators, Instant fetchedAt) {

    boolean isFresh(Instant now, Duration ttl) {
        return fetchedAt.plus(ttl).isAfter(now);
    }

    Cached<T> confirmedAt(Instant when) {
        return new Cached<>(page, validators, when);
    }
}
