package dev.pymirror.upstream;

import java.security.GeneralSecurityException;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The TLS context pymirror's clients to an upstream use when {@link CertificateTrust} found a bundle
 * to trust beside the JDK's authorities: {@link UpstreamGet}'s connections and the clients built by
 * {@link HttpClients}. Made at the first {@code https://} connection, not at start-up: setting up
 * the JDK's TLS classes is a noticeable part of a short command's start, which a command that never
 * speaks TLS should not pay.
 */
public final class UpstreamTls {

    private static volatile UpstreamTls installed;

    private final BundleTrustManager trust;
    private volatile SSLContext context;
    private volatile SSLSocketFactory sockets;

    private UpstreamTls(BundleTrustManager trust) {
        this.trust = trust;
    }

    /** From now on, the clients to an upstream trust what {@code trust} says; nothing changes without a bundle. */
    public static void install(CertificateTrust trust) {
        installed = trust.bundle().map(b -> new UpstreamTls(new BundleTrustManager(b, trust.origin()))).orElse(null);
    }

    /** The context for a client to an upstream; empty for the JDK's default. */
    public static Optional<SSLContext> context() throws GeneralSecurityException {
        UpstreamTls tls = installed;
        return tls == null ? Optional.empty() : Optional.of(tls.made());
    }

    /**
     * The socket factory for {@link UpstreamGet}'s {@code https://} connections, always the same one:
     * the JDK keeps a TLS connection alive for reuse only with the factory that opened it.
     */
    static Optional<SSLSocketFactory> socketFactory() throws GeneralSecurityException {
        UpstreamTls tls = installed;
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
