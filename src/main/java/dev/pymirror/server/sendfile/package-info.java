/**
 * Stored files leave by {@code sendfile(2)}: the kernel sends them from the page cache without the
 * server reading them first.
 *
 * <p>Jetty 12 has no sendfile path of its own, so this package adds one under it without changing
 * what Jetty knows: a file's body is handed to Jetty as a {@link java.nio.MappedByteBuffer} over
 * the file itself (so Jetty's length accounting, HEAD, ranges and errors work as for any buffer),
 * and the connector's {@link dev.pymirror.server.sendfile.SendfileEndPoint}, when it is asked to
 * write a buffer it finds registered in {@link dev.pymirror.server.sendfile.FileRegions}, sends the
 * same bytes from the file with {@link java.nio.channels.FileChannel#transferTo} instead of reading
 * the mapping. Anything that is not that end point (another protocol, a test's own connector)
 * writes the mapping as ordinary memory: the same bytes, only slower. Mappings are never touched on
 * the fast path, so they cost no page faults; they are kept per file and counted, because Java
 * releases a mapping only when the buffer is garbage collected.
 */
package dev.pymirror.server.sendfile;
