package dev.pymirror.store.blob;

/**
 * A stored immutable object.
 *
 * @param key its key
 * @param size its size in bytes
 * @param sha256 its SHA-256 in lower-case hex, as stored beside it
 */
public record ObjectInfo(String key, long size, String sha256) {

    /**
     * An object as a listing shows it: key, size and when it was stored (S3 lists no user metadata,
     * so no hash).
     *
     * @param key its key
     * @param size its size in bytes
     * @param modified when it was written (for an immutable object: created), as the store says;
     *     retention counts a file never read since from it
     */
    public record Listed(String key, long size, java.time.Instant modified) {}
}
