package dev.pymirror.upstream;

/**
 * The answer to a request for part of a file.
 *
 * @param file the bytes sent; read {@link UpstreamFile#body()} to the end and close it
 * @param partial true when the server sent the range asked for (206), false when it ignored the
 *     range and sent the whole file (200)
 * @param offset where in the file the bytes sent start (0 for a whole file)
 * @param totalLength the length of the whole file, or -1 when the server did not say
 */
public record RangedFile(UpstreamFile file, boolean partial, long offset, long totalLength) {}
