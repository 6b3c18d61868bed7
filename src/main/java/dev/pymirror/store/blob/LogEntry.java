package dev.pymirror.store.blob;

/**
 * One entry of a {@link VersionLog}.
 *
 * @param version its number, from 1, with no gaps
 * @param payload what its writer put in it
 */
public record LogEntry(long version, byte[] payload) {}
