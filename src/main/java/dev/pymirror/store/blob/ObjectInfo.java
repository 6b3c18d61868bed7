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
     * An object as a listing shows it: key and size (S3 lists no user metadata, so no hash).
     *
     * @param key its key
     * @param size its size in bytes
     */
    public record Listed(String key, long size) {}
}
