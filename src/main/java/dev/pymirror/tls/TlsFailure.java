package dev.pymirror.tls;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * A failed TLS handshake said by what a user can do about it. The JDK's own text names its internal
 * classes ("PKIX path building failed: sun.security.provider.certpath..."), which tell a user nothing.
 */
public final class TlsFailure {

    private TlsFailure() {}

    /**
     * What went wrong, when {@code failure} is a TLS one; empty otherwise.
     *
     * @param whose who presented the certificate, as the sentence begins: "the upstream"
     */
    public static Optional<String> describe(Throwable failure, String whose) {
        boolean tls = false;
        CertificateException outermost = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            tls |= t instanceof SSLException;
            if (t instanceof CertPathBuilderException) {
                // No chain to a trusted authority (the JDK wraps this in certificate exceptions of its own).
                return Optional.of(whose + "'s TLS certificate is signed by no authority pymirror trusts (the JDK's"
                        + " and the system's bundle or SSL_CERT_FILE's): add its CA to the system's bundle, or name a"
                        + " PEM file holding it in SSL_CERT_FILE");
            }
            if (outermost == null && t instanceof CertificateException c && c.getMessage() != null) {
                outermost = c;
            }
        }
        if (!tls) {
            return Optional.empty();
        }
        if (outermost != null) {
            String m = outermost.getMessage();
            return Optional.of(m.startsWith("No subject alternative") || m.startsWith("No name matching")
                    ? whose + "'s TLS certificate is not for the host it was reached at: " + m
                    : whose + "'s TLS certificate cannot be checked: " + m);
        }
        if (String.valueOf(failure.getMessage()).contains("Unsupported or unrecognized SSL message")) {
            // What the JDK says when the other end answers in plain HTTP.
            return Optional.of(whose + " did not answer in TLS: is its URL http:// rather than https://, or the port"
                    + " another one's?");
        }
        return Optional.of("the TLS handshake with " + whose + " failed: " + failure.getMessage());
    }
}
