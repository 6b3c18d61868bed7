package dev.pymirror.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A private certificate authority made by the real openssl for tests of {@code https://}
 * upstreams, as a company's own CA or a TLS-inspecting proxy's is: its certificate
 * ({@link #certificate()}, a PEM file to trust) and server certificates it signs.
 */
public final class TestAuthority {

    public static final String OPENSSL = "/usr/bin/openssl";

    /** A server's certificate and key, PEM files for nginx's {@code ssl_certificate} and {@code ssl_certificate_key}. */
    public record ServerCertificate(Path certificate, Path key) {}

    private final Path dir;

    private TestAuthority(Path dir) {
        this.dir = dir;
    }

    /** Makes a new authority in {@code dir} (a key and a self-signed CA certificate, valid two days). */
    public static TestAuthority create(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=pymirror test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                "-keyout", "ca.key", "-out", "ca.pem");
        return new TestAuthority(dir);
    }

    /** The authority's certificate: what a client must trust. */
    public Path certificate() {
        return dir.resolve("ca.pem");
    }

    /**
     * Signs a server certificate named {@code name} for {@code subjectAltName} (as openssl writes it:
     * {@code IP:127.0.0.1}, {@code DNS:index.example}).
     */
    public ServerCertificate sign(String name, String subjectAltName) throws IOException, InterruptedException {
        Files.writeString(dir.resolve(name + ".ext"), "subjectAltName=" + subjectAltName + "\n");
        openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + name, "-keyout", name + ".key",
                "-out", name + ".csr");
        openssl(dir, "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-out", name + ".pem", "-extfile", name + ".ext");
        return new ServerCertificate(dir.resolve(name + ".pem"), dir.resolve(name + ".key"));
    }

    private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(OPENSSL));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed:\n" + output);
        }
    }
}
