/**
 * Retention of a mirror index's file cache: which cached files a {@link
 * dev.pymirror.server.config.RetentionPolicy} evicts, and when each was last read.
 *
 * <p>Last access is kept in memory by the serving path ({@link AccessTimes}: one map write, no disk
 * write per request) and written to each file's access time (atime) when the server applies the
 * policy and when it stops; {@code pymirror cache} run beside or without a server reads the atime.
 * The kernel's own relatime updates only make a file look more recently used, never less. In a
 * bucket several nodes share, each node writes its reads to a document of its own there instead
 * ({@link dev.pymirror.server.mirror.retention.BucketCache}).
 */
package dev.pymirror.server.mirror.retention;
