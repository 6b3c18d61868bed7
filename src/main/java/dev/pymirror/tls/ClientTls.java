package dev.pymirror.tls;

import java.security.GeneralSecurityException;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The TLS trust pymirror's clients use when {@link CertificateTrust} found a bundle to trust beside
 * the JDK's authorities: the blocking connections to an upstream ({@code upstream.UpstreamGet}), the
 * clients built by {@code upstream.HttpClients}, and the storage's S3 client ({@link #trustManager}).
 * Made at the first {@code https://} connection, not at start-up: setting up the JDK's TLS classes
 * is a noticeable part of a short command's start, which a command that never speaks TLS should not
 * pay.
 */
public final class ClientTls {

    private static volatile ClientTls installed;

    private final BundleTrustManager trust;
    private volatile SSLContext context;
    private volatile SSLSocketFactory sockets;

    private ClientTls(BundleTrustManager trust) {
        this.trust = trust;
    }

    /** From now on, the clients trust what {@code trust} says; nothing changes without a bundle. */
    public static void install(CertificateTrust trust) {
        installed = trust.bundle().map(b -> new ClientTls(new BundleTrustManager(b, trust.origin()))).orElse(null);
    }

    /** The trust manager, for a client that builds its TLS context itself; empty for the JDK's default. */
    public static Optional<TrustManager> trustManager() {
        ClientTls tls = installed;
        return tls == null ? Optional.empty() : Optional.of(tls.trust);
    }

    /** The context for a client; empty for the JDK's default. */
    public static Optional<SSLContext> context() throws GeneralSecurityException {
        ClientTls tls = installed;
        return tls == null ? Optional.empty() : Optional.of(tls.made());
    }

    /**
     * The socket factory for the blocking client's {@code https://} connections, always the same one:
     * the JDK keeps a TLS connection alive for reuse only with the factory that opened it.
     */
    public static Optional<SSLSocketFactory> socketFactory() throws GeneralSecurityException {
        ClientTls tls = installed;
        if (tls == null) {
            return Optional.empty();
        }
        tls.made();
        return Optional.of(tls.sockets);
    }

    private SSLContext made() throws GeneralSecurityException {
        SSLContext c = context;
        if (c == null) {
            synchronized (this) {
                if (context == null) {
                    SSLContext made = SSLContext.getInstance("TLS");
                    made.init(null, new TrustManager[] {trust}, null);
                    sockets = made.getSocketFactory();
                    context = made;
                }
                c = context;
            }
        }
        return c;
    }
}
