package dev.pymirror.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Which certificate authorities pymirror trusts for {@code https://} (an upstream, the storage): the
 * JDK's own, and those of a PEM bundle as OpenSSL, curl and Debian's pip read them:
 * {@code SSL_CERT_FILE} when set, else the system's bundle (where {@code update-ca-certificates} and
 * its kin put a private CA).
 * A build farm behind a TLS-inspecting proxy, or with an internal index signed by its own CA, adds
 * that CA to the system once; pymirror then trusts what the tools beside it trust, although its
 * release carries a Java runtime with a certificate store of its own.
 *
 * <p>{@code -Djavax.net.ssl.trustStore} in {@code PYMIRROR_JAVA_OPTS} wins: that store alone is
 * trusted, as the JDK does. {@link ClientTls} puts this to use; the bundle is read only when the
 * JDK's authorities do not vouch for a certificate.
 *
 * @param bundle the PEM bundle trusted beside the JDK's authorities; empty when there is none
 * @param origin where the bundle was named, for messages ({@code SSL_CERT_FILE} or "the system's bundle")
 */
public record CertificateTrust(Optional<Path> bundle, String origin) {

    /** Where Linux distributions keep their bundle, first found wins (Debian and Ubuntu, Fedora and RHEL, SUSE, Alpine). */
    static final List<Path> SYSTEM_BUNDLES = List.of(Path.of("/etc/ssl/certs/ca-certificates.crt"),
            Path.of("/etc/pki/tls/certs/ca-bundle.crt"), Path.of("/etc/ssl/ca-bundle.pem"), Path.of("/etc/ssl/cert.pem"));

    static final String VARIABLE = "SSL_CERT_FILE";

    /**
     * Reads {@code SSL_CERT_FILE} from {@code environment}, else looks for the first of
     * {@code systemBundles} that is a readable file.
     *
     * @throws IllegalArgumentException when {@code SSL_CERT_FILE} names no readable file
     */
    public static CertificateTrust of(Map<String, String> environment, Properties system, List<Path> systemBundles) {
        if (system.getProperty("javax.net.ssl.trustStore") != null) {
            return new CertificateTrust(Optional.empty(), "-Djavax.net.ssl.trustStore");
        }
        String named = environment.get(VARIABLE);
        if (named != null && !named.isBlank()) {
            Path file = Path.of(named.strip());
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new IllegalArgumentException(VARIABLE + " names " + file + ", which is not a readable file");
            }
            return new CertificateTrust(Optional.of(file), VARIABLE);
        }
        return systemBundles.stream().filter(f -> Files.isRegularFile(f) && Files.isReadable(f)).findFirst()
                .map(f -> new CertificateTrust(Optional.of(f), "the system's bundle"))
                .orElseGet(() -> new CertificateTrust(Optional.empty(), "the JDK's own"));
    }

    /** As {@link #of(Map, Properties, List)} with this process's properties and the usual places. */
    public static CertificateTrust of(Map<String, String> environment) {
        return of(environment, System.getProperties(), SYSTEM_BUNDLES);
    }
}
