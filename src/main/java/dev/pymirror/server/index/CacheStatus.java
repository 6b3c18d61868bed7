package dev.pymirror.server.index;

/** How an answer relates to the upstream; sent as the {@code X-Pymirror-Cache} header and logged. */
public enum CacheStatus {
    /** From the cache, within its time to live. */
    HIT,
    /** From the cache, after the upstream confirmed it unchanged. */
    REVALIDATED,
    /** Fetched from the upstream now. */
    MISS,
    /** From the cache, past its time to live, because the upstream failed. */
    STALE,
    /** From the cache, because the server runs offline. */
    OFFLINE,
    /** Refused by the index's supply-chain guard (an advisory, an upstream's quarantine). */
    BLOCKED
}
