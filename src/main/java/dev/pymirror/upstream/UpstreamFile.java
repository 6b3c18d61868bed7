package dev.pymirror.upstream;

import java.io.InputStream;
import java.net.URI;

/**
 * A file the upstream is sending. Read {@link #body()} to the end and close it.
 *
 * @param url where it comes from
 * @param length its Content-Length, or -1 when the upstream did not say
 * @param body the bytes; fails with {@link UpstreamException} on a stall or a short body
 */
public record UpstreamFile(URI url, long length, InputStream body) {}
