/**
 * Jetty's HTTP/1.1 connection with a quicker way through long request header lines.
 *
 * <p>Jetty's parser reads a header value one byte at a time through its state machine and a
 * {@code StringBuilder}; pip's User-Agent alone is some 300 bytes (a JSON object), and reading it
 * cost about a sixth of the CPU of serving a warm page or a small file. {@link
 * dev.pymirror.server.http1.SkimmingHttpParser} hands well-formed lines of headers the parser
 * itself does not act on straight to Jetty's handler, as the parser would have, and leaves every
 * other line, and anything unusual, to the parser.
 */
package dev.pymirror.server.http1;
