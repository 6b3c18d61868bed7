package dev.pymirror.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathBuilderException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import java.util.stream.Stream;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's own trust (its checks of a chain, of a certificate's host name and use), first over the
 * JDK's authorities and, only when they vouch for no chain, over a PEM bundle's. A public upstream
 * never costs the bundle's reading (a system's bundle holds well over a hundred certificates, which a
 * JVM just started takes longer to read than the handshake itself); a private one reads it once, at
 * its first handshake.
 */
final class BundleTrustManager extends X509ExtendedTrustManager {

    /** One check, by one of the two trust managers. */
    @FunctionalInterface
    private interface Check {
        void by(X509ExtendedTrustManager manager) throws CertificateException;
    }

    private final Path bundle;
    private final String origin;
    private volatile X509ExtendedTrustManager jdk;
    private volatile X509ExtendedTrustManager bundled;

    BundleTrustManager(Path bundle, String origin) {
        this.bundle = bundle;
        this.origin = origin;
    }

    private void check(Check check) throws CertificateException {
        try {
            check.by(jdk());
        } catch (CertificateException jdkRefusal) {
            try {
                check.by(bundled());
            } catch (CertificateException bundleRefusal) {
                // The bundle knows no authority for it either: the JDK's refusal says why best (it may
                // be the host name). Else the bundle's does: its authority, and the host name or the
                // bundle itself wrong.
                throw noPath(bundleRefusal) ? jdkRefusal : bundleRefusal;
            }
        }
    }

    private static boolean noPath(Throwable refusal) {
        for (Throwable t = refusal; t != null; t = t.getCause()) {
            if (t instanceof CertPathBuilderException) {
                return true;
            }
        }
        return false;
    }

    private X509ExtendedTrustManager jdk() throws CertificateException {
        X509ExtendedTrustManager m = jdk;
        if (m == null) {
            try {
                m = over(null);
            } catch (GeneralSecurityException e) {
                throw new CertificateException("the JDK's authorities cannot be read: " + e.getMessage(), e);
            }
            jdk = m;
        }
        return m;
    }

    private synchronized X509ExtendedTrustManager bundled() throws CertificateException {
        if (bundled == null) {
            // Not kept on failure: a bundle mended meanwhile is read at the next handshake.
            bundled = read();
        }
        return bundled;
    }

    private X509ExtendedTrustManager read() throws CertificateException {
        Collection<? extends Certificate> read;
        try (InputStream in = Files.newInputStream(bundle)) {
            read = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException | CertificateException e) {
            throw new CertificateException(origin + " " + bundle + " cannot be read as PEM certificates: "
                    + e.getMessage(), e);
        }
        if (read.isEmpty()) {
            throw new CertificateException(origin + " " + bundle + " holds no certificate (-----BEGIN CERTIFICATE-----)");
        }
        try {
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            int n = 0;
            for (Certificate c : read) {
                anchors.setCertificateEntry("bundle-" + n++, c);
            }
            return over(anchors);
        } catch (IOException | GeneralSecurityException e) {
            throw new CertificateException("the authorities of " + origin + " " + bundle + " cannot be trusted: "
                    + e.getMessage(), e);
        }
    }

    /** The JDK's trust manager over {@code anchors}, or over its own store when null. */
    private static X509ExtendedTrustManager over(KeyStore anchors) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(anchors);
        for (TrustManager m : factory.getTrustManagers()) {
            if (m instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("the JDK has no X.509 trust manager");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(m -> m.checkServerTrusted(chain, authType, socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(m -> m.checkServerTrusted(chain, authType, engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(m -> m.checkServerTrusted(chain, authType));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(m -> m.checkClientTrusted(chain, authType, socket));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(m -> m.checkClientTrusted(chain, authType, engine));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(m -> m.checkClientTrusted(chain, authType));
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        try {
            return Stream.concat(Arrays.stream(jdk().getAcceptedIssuers()), Arrays.stream(bundled().getAcceptedIssuers()))
                    .toArray(X509Certificate[]::new);
        } catch (CertificateException e) {
            return new X509Certificate[0];
        }
    }
}
