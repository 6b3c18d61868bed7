package dev.pymirror.server.metrics;

import dev.pymirror.upstream.UpstreamException;

/**
 * Told how each request of a mirror to its upstream ended. The seam between a mirror's circuit
 * breaker, which sees every upstream request, and the meters of {@code /metrics}.
 */
public interface UpstreamObserver {

    /** Observes nothing: a mirror nobody measures. */
    UpstreamObserver NONE = (failure, nanos) -> { };

    /**
     * @param failure null for an answer, else how it failed
     * @param nanos how long the request took
     */
    void ended(UpstreamException.Kind failure, long nanos);
}
