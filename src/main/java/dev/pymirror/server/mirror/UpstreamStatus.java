package dev.pymirror.server.mirror;

import java.time.Instant;

/**
 * The state of a mirror's upstream circuit, as {@code /health} and the web UI show it.
 *
 * @param state {@code up}, {@code slow} or {@code down}
 * @param since when it became slow or down; null while up
 * @param reason why it is down (the timeout's message); null otherwise
 * @param nextProbe when a down upstream is asked again; null otherwise
 * @param backAt when it last came back; null if it never went
 */
public record UpstreamStatus(String state, Instant since, String reason, Instant nextProbe, Instant backAt) {}
