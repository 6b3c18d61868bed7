package dev.pymirror.hash;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SHA-256 for everything pymirror hashes: the files it downloads, stores, syncs and bundles, and the
 * small values it names by their hash.
 *
 * <p>Where it can, the digest runs in the system's OpenSSL ({@code libcrypto}, through the foreign
 * function API of Java 22 and later: {@code OpenSslSha256}), which uses the CPU's SHA instructions
 * from the first byte. The JDK's own SHA-256 uses them only once C2 has compiled it, and the short
 * commands run on C1 alone (the launcher's choice for start-up), so a sync or a bundle hashed at a
 * tenth of the CPU's speed, and a server just started hashed its first files under C1 too
 * (BENCHMARKS.md, "SHA-256 from the system's OpenSSL", "SHA-256 in a fresh JVM"). Elsewhere (Java
 * 21, no libcrypto, native access denied, or {@code -Dpymirror.sha256=jdk}) it is the JDK's; both
 * give the same digests.
 */
public final class Sha256 {

    /** The system property that chooses: {@code jdk} for the JDK's, anything else or unset for the best. */
    public static final String PROPERTY = "pymirror.sha256";
    /** Compiled from src/main/java22 only: named, never referenced, so that Java 21 never loads it. */
    static final String OPENSSL_SOURCE = "dev.pymirror.hash.OpenSslSha256$Source";

    private static final Logger LOG = LoggerFactory.getLogger(Sha256.class);

    private Sha256() {}

    /** Where the digests come from, and what makes them. */
    record Source(String name, Supplier<MessageDigest> digests) {}

    /** A new SHA-256 digest. */
    public static MessageDigest newDigest() {
        return Chosen.SOURCE.digests().get();
    }

    /** What computes the digests: {@code OpenSSL} or {@code JDK}. */
    public static String implementation() {
        return Chosen.SOURCE.name();
    }

    /** The lower-case hex SHA-256 of these bytes. */
    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }

    /** The lower-case hex SHA-256 of a whole file, read once, opened with {@code options}. */
    public static String hexOf(Path file, OpenOption... options) throws IOException {
        try (InputStream in = Files.newInputStream(file, options)) {
            return hexOf(in);
        }
    }

    /** The lower-case hex SHA-256 of what is left in {@code in}, read to its end (not closed). */
    public static String hexOf(InputStream in) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[256 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Makes the choice now, on a daemon thread of its own, so that the first file hashed does not
     * wait for it (linking libcrypto takes 50 to 80 ms in a JVM just started, bench/sha256.sh);
     * returns at once.
     */
    public static Thread prepareInBackground() {
        return Thread.ofPlatform().daemon().name("pymirror-sha256").start(Sha256::implementation);
    }

    /** The JDK's SHA-256, which every Java runtime has. */
    static Source jdk() {
        return new Source("JDK", () -> {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("Every Java runtime has SHA-256", e);
            }
        });
    }

    /**
     * OpenSSL's when {@code setting} allows it and {@code className} loads (it checks itself against
     * known answers as it does), the JDK's otherwise.
     */
    static Source choose(String setting, String className) {
        if ("jdk".equals(setting)) {
            return jdk();
        }
        if (Runtime.version().feature() < 22) {
            return jdk();
        }
        try {
            @SuppressWarnings("unchecked")
            Supplier<MessageDigest> openssl = (Supplier<MessageDigest>) Class.forName(className)
                    .asSubclass(Supplier.class).getConstructor().newInstance();
            return new Source("OpenSSL", openssl);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            // No libcrypto, another ABI, native access denied: the JDK's digest is as correct.
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            LOG.debug("SHA-256 from the JDK: OpenSSL's is not usable here ({})", cause.toString());
            return jdk();
        }
    }

    /** The choice, made once, the first time a digest is asked for. */
    private static final class Chosen {
        static final Source SOURCE = choose(System.getProperty(PROPERTY), OPENSSL_SOURCE);
    }
}
