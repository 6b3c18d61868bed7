/**
 * The Python simple repository API as data, and its two serializations.
 *
 * <p>The data: a repository's {@link dev.pymirror.simple.ProjectList} (its {@code /simple/} root)
 * and a project's {@link dev.pymirror.simple.ProjectPage} of {@link dev.pymirror.simple.ProjectFile}s,
 * with what the standards let an index say about them: hashes, {@code Requires-Python}, yanks
 * (PEP 592), the API version and serial (PEP 629), core metadata files (PEP 658/714), sizes, upload
 * times and version lists (PEP 700), tracked and alternate locations (PEP 708), provenance (PEP 740)
 * and project status (PEP 792). All are immutable records, safe to share between threads.
 *
 * <p>The serializations: {@link dev.pymirror.simple.JsonCodec} (PEP 691) and
 * {@link dev.pymirror.simple.HtmlCodec} (PEP 503), both a {@link dev.pymirror.simple.PageCodec}.
 * Writers produce what clients such as pip and uv read; readers take pages from any index:
 * strictly for JSON (a wrong page is an {@link dev.pymirror.simple.InvalidPageException} that says
 * where), forgivingly for HTML (whatever an index or a directory listing serves).
 *
 * <p>For a server: {@link dev.pymirror.simple.ContentNegotiation#select} turns a request's
 * {@code Accept} header into a {@link dev.pymirror.simple.SimpleFormat} (or "406"), whose
 * {@link dev.pymirror.simple.SimpleFormat#codec() codec} writes the body and
 * {@link dev.pymirror.simple.ResponseHeaders#forPage} gives the headers. For a client:
 * send {@link dev.pymirror.simple.ContentNegotiation#CLIENT_ACCEPT}, and read the body with the
 * codec of {@link dev.pymirror.simple.SimpleFormat#fromMediaType} applied to the response's
 * {@code Content-Type}, passing the URL the page came from so relative links resolve.
 *
 * <p>This package does no network or file I/O: it reads and writes the strings, bytes and streams
 * it is given.
 */
package dev.pymirror.simple;
