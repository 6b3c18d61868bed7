package dev.pymirror.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** The shapes the JDK gives a failed handshake (UpstreamTlsTest meets them from a real server). */
class TlsFailureTest {

    private static <T extends Throwable> T causedBy(T failure, Throwable cause) {
        failure.initCause(cause);
        return failure;
    }

    @Test
    void noChainToATrustedAuthorityNamesWhatToDoAndNoJdkClass() {
        Throwable pkix = causedBy(new SSLHandshakeException("(certificate_unknown) PKIX path building failed: "
                + "sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path"),
                causedBy(new CertificateException("PKIX path building failed"),
                        new CertPathBuilderException("unable to find valid certification path to requested target")));
        assertThat(TlsFailure.describe(pkix, "the upstream")).hasValueSatisfying(m -> assertThat(m)
                .startsWith("the upstream's TLS certificate is signed by no authority pymirror trusts")
                .contains("SSL_CERT_FILE").doesNotContain("sun.security").doesNotContain("PKIX"));
    }

    @Test
    void anotherHostsCertificateAndAnUnreadableBundleSayTheirOwnReason() {
        Throwable elsewhere = causedBy(new SSLHandshakeException("(certificate_unknown) No subject alternative names"),
                new CertificateException("No subject alternative names matching IP address 127.0.0.1 found"));
        assertThat(TlsFailure.describe(elsewhere, "the advisories URL")).contains("the advisories URL's TLS certificate"
                + " is not for the host it was reached at: No subject alternative names matching IP address 127.0.0.1 found");

        // Our own refusal wraps the parser's: the outermost says it.
        Throwable bundle = causedBy(new SSLHandshakeException("(certificate_unknown)"), causedBy(
                new CertificateException("SSL_CERT_FILE /x.pem cannot be read as PEM certificates: No certificate data found"),
                new CertificateException("No certificate data found")));
        assertThat(TlsFailure.describe(bundle, "the upstream")).contains("the upstream's TLS certificate cannot be"
                + " checked: SSL_CERT_FILE /x.pem cannot be read as PEM certificates: No certificate data found");
    }

    @Test
    void aHandshakeFailureWithoutACertificateIsSaidAsOneAndOtherFailuresAreNotTls() {
        assertThat(TlsFailure.describe(new SSLException("Connection reset"), "the upstream"))
                .contains("the TLS handshake with the upstream failed: Connection reset");
        assertThat(TlsFailure.describe(new SSLException("Unsupported or unrecognized SSL message"), "the upstream"))
                .contains("the upstream did not answer in TLS: is its URL http:// rather than https://, or the port"
                        + " another one's?");
        assertThat(TlsFailure.describe(new ConnectException("Connection refused"), "the upstream")).isEmpty();
        assertThat(TlsFailure.describe(new IOException("closed", new CertificateException("x")), "the upstream")).isEmpty();
    }
}
