package dev.pymirror.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateTrustTest {

    @TempDir
    Path dir;

    @Test
    void sslCertFileIsTrustedBesideTheJdksAuthorities() throws Exception {
        Path bundle = Files.writeString(dir.resolve("corp.pem"), "");
        Path system = Files.writeString(dir.resolve("system.pem"), "");
        CertificateTrust trust = CertificateTrust.of(Map.of("SSL_CERT_FILE", " " + bundle + " "), new Properties(),
                List.of(system));
        assertThat(trust).isEqualTo(new CertificateTrust(Optional.of(bundle), "SSL_CERT_FILE"));
    }

    @Test
    void withoutSslCertFileTheFirstSystemBundleFoundIsTrusted() throws Exception {
        Path absent = dir.resolve("absent.pem");
        Path unreadableDir = Files.createDirectories(dir.resolve("a-directory.pem"));
        Path second = Files.writeString(dir.resolve("second.pem"), "");
        Path third = Files.writeString(dir.resolve("third.pem"), "");
        assertThat(CertificateTrust.of(Map.of("SSL_CERT_FILE", "  "), new Properties(), List.of(absent, unreadableDir, second, third)))
                .isEqualTo(new CertificateTrust(Optional.of(second), "the system's bundle"));
        assertThat(CertificateTrust.of(Map.of(), new Properties(), List.of(absent)))
                .isEqualTo(new CertificateTrust(Optional.empty(), "the JDK's own"));
    }

    @Test
    void aTrustStoreGivenWithDashDIsTheOnlyTrustAsForTheJdk() throws Exception {
        Properties given = new Properties();
        given.setProperty("javax.net.ssl.trustStore", "/etc/ssl/certs/java/cacerts");
        Path bundle = Files.writeString(dir.resolve("corp.pem"), "");
        assertThat(CertificateTrust.of(Map.of("SSL_CERT_FILE", bundle.toString()), given, List.of(bundle)).bundle())
                .isEmpty();
    }

    @Test
    void anSslCertFileThatIsNoReadableFileIsRefusedAtOnce() throws Exception {
        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(() -> CertificateTrust.of(Map.of("SSL_CERT_FILE", missing.toString()), new Properties(), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SSL_CERT_FILE names " + missing + ", which is not a readable file");
        assertThatThrownBy(() -> CertificateTrust.of(Map.of("SSL_CERT_FILE", dir.toString()), new Properties(), List.of()))
                .hasMessage("SSL_CERT_FILE names " + dir + ", which is not a readable file");
    }
}
