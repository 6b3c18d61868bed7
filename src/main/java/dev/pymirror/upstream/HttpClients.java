package dev.pymirror.upstream;

import dev.pymirror.proxy.ProxyAuthenticator;
import dev.pymirror.tls.ClientTls;
import java.net.Authenticator;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;

/**
 * Where pymirror's {@code java.net.http} clients are built (the advisories' download, {@code inject}'s
 * probe; a mirror asks its upstream through {@code UpstreamGet}), so that every one of them reads
 * the network in 256 KB rather than the JDK's 16 KB.
 *
 * <p>The JDK's client hands a body on one read buffer at a time, each through its selector
 * thread and a queue to the reader; with 16 KB buffers a large file is hundreds of hand-offs per
 * MB. A fresh 8 MB file through the mirror, when it used this client, took 60 to 64 ms against nginx's 10 ms straight, and
 * 26 to 40 ms with 256 KB (warm JVM, {@code bench/cold-cache.sh 30 40 8000}; BENCHMARKS.md). 256 KB is also the largest
 * temporary direct buffer the launchers let NIO cache ({@code jdk.nio.maxCachedBufferSize}), which
 * a read into a heap buffer goes through.
 *
 * <p>The JDK reads {@value #BUFFER_SIZE_PROPERTY} once, when its first client is built in the
 * process, which is why every client is built here. A value the user set is left alone.
 */
public final class HttpClients {

    static final String BUFFER_SIZE_PROPERTY = "jdk.httpclient.bufsize";
    static final int BUFFER_SIZE = 256 * 1024;

    static {
        if (System.getProperty(BUFFER_SIZE_PROPERTY) == null) {
            System.setProperty(BUFFER_SIZE_PROPERTY, Integer.toString(BUFFER_SIZE));
        }
    }

    private HttpClients() {}

    /**
     * A builder for a client that reads in {@value #BUFFER_SIZE} bytes (unless the user chose
     * otherwise), answers the environment's proxies with their credentials ({@link ProxyAuthenticator}:
     * unlike the blocking client, this one has no authenticator unless given one) and trusts what
     * {@link ClientTls} trusts.
     */
    public static HttpClient.Builder newBuilder() {
        HttpClient.Builder builder = HttpClient.newBuilder();
        if (Authenticator.getDefault() instanceof ProxyAuthenticator proxies) {
            builder.authenticator(proxies);
        }
        try {
            ClientTls.context().ifPresent(builder::sslContext);
        } catch (GeneralSecurityException e) {
            // The JDK's TLS is broken in this runtime: the client's own attempt at it will say so.
        }
        return builder;
    }
}
