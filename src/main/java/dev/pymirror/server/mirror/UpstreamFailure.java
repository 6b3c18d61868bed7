package dev.pymirror.server.mirror;

import java.time.Instant;

/**
 * One failed request to a mirror's upstream, as the server's page shows it.
 *
 * @param at when it failed
 * @param message why, in {@link dev.pymirror.upstream.UpstreamException}'s words (the upstream's URL redacted)
 */
public record UpstreamFailure(Instant at, String message) {}
