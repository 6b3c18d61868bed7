package dev.pymirror.server.index;

/**
 * A project page to send, and how fresh it is.
 *
 * @param page the page
 * @param status how the page relates to the upstream
 * @param warning for a stale page, what went wrong upstream; null otherwise
 */
public record PageAnswer(RenderablePage page, CacheStatus status, String warning) {}
