package dev.pymirror.server.web;

import dev.pymirror.server.mirror.CacheUse;
import dev.pymirror.server.mirror.UpstreamFailure;
import dev.pymirror.server.mirror.UpstreamStatus;
import java.time.Instant;
import java.util.List;

/**
 * A mirror as the server page shows it: its upstream, the circuit, the cache and recent failures.
 *
 * @param name the index name
 * @param upstream the upstream URL, redacted
 * @param offline whether it serves its cache only
 * @param status the upstream circuit
 * @param lastSuccess when the upstream last answered; null if never since start
 * @param cache the cache's size and retention
 * @param failures recent upstream failures, newest first
 */
record MirrorView(String name, String upstream, boolean offline, UpstreamStatus status, Instant lastSuccess,
        CacheUse cache, List<UpstreamFailure> failures) {

    MirrorView {
        failures = List.copyOf(failures);
    }
}
