package dev.pymirror.server.config;

import dev.pymirror.store.blob.S3Settings;

/**
 * Where the server keeps what its indexes store: the data directory (the default), or an
 * S3-compatible bucket ({@code storage = "s3://bucket/prefix"} with an {@code [s3]} table), which
 * several nodes may share.
 *
 * @param s3 the bucket, or null for the data directory
 * @param cacheSize the most bytes this node keeps on its own disk of the bucket's immutable files
 */
public record StorageConfig(S3Settings s3, long cacheSize) {

    public static final StorageConfig DATA_DIRECTORY = new StorageConfig(null, 0);

    /** 10 GB: a CI farm's working set of wheels, well within a node's disk. */
    public static final long DEFAULT_CACHE_SIZE = 10_000_000_000L;

    public StorageConfig {
        if (s3 != null && cacheSize <= 0) {
            throw new ConfigException("s3.cache-size must be more than 0 bytes");
        }
    }

    /** True for the data directory. */
    public boolean local() {
        return s3 == null;
    }

    /** For start-up lines; never shows a secret. */
    public String describe() {
        return s3 == null ? "the data directory" : s3.toString();
    }
}
