/**
 * Which certificate authorities pymirror's clients trust for {@code https://} (an upstream, the
 * advisories' URL, an S3 endpoint): the JDK's, and a PEM bundle's as the tools beside it read one
 * ({@code SSL_CERT_FILE}, the system's bundle), and how a failed handshake is said to a user.
 */
package dev.pymirror.tls;
