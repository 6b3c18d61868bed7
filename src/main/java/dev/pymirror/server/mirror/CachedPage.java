package dev.pymirror.server.mirror;

import dev.pymirror.simple.ProjectPage;
import dev.pymirror.upstream.Validators;
import java.time.Duration;
import java.time.Instant;

/**
 * A project page as the upstream last gave it, with file URLs as the upstream wrote them (made
 * absolute), and what is needed to ask whether it changed.
 *
 * @param page the upstream's page
 * @param validators the upstream's ETag and Last-Modified for it
 * @param fetchedAt when the upstream last confirmed it (a 200 or a 304)
 */
record CachedPage(ProjectPage page, Validators validators, Instant fetchedAt) {

    boolean isFresh(Instant now, Duration ttl) {
        return fetchedAt.plus(ttl).isAfter(now);
    }

    CachedPage confirmedAt(Instant when) {
        return new CachedPage(page, validators, when);
    }
}
