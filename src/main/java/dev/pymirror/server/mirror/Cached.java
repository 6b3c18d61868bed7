package dev.pymirror.server.mirror;

import dev.pymirror.upstream.Validators;
import java.net.URI;
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
 * @param upstream the simple index URL it came from, or null when not known (a cache written before
 *     this was recorded): its file URLs point there, so a page from another upstream than the
 *     configured one is fetched again, never revalidated (the new upstream could answer 304 to
 *     the old one's validators, and the old URLs would stay)
 */
record Cached<T>(T page, Validators validators, Instant fetchedAt, URI upstream) {

    /** True when the page came from {@code current}. */
    boolean isFrom(URI current) {
        return current.equals(upstream);
    }

    boolean isFresh(Instant now, Duration ttl) {
        return fetchedAt.plus(ttl).isAfter(now);
    }

    Cached<T> confirmedAt(Instant when) {
        return new Cached<>(page, validators, when, upstream);
    }
}
