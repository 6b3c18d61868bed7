package dev.pymirror.store;

import dev.pymirror.hash.Sha256;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The digests of bytes as they stream past, for every algorithm asked for that pymirror can
 * compute: all of {@code hashlib}'s guaranteed fixed-size ones (md5, sha1, the SHA-2 and SHA-3
 * families, BLAKE2b and BLAKE2s). An index page may state any of them, and a file is only as
 * checked as the digests that are computed: one stating md5 alone must still be checked.
 */
public final class Digesters {

    /** The simple API's algorithm names and the JDK's names for them. */
    private static final Map<String, String> JDK_NAMES = Map.of(
            "md5", "MD5", "sha1", "SHA-1", "sha224", "SHA-224", "sha256", "SHA-256", "sha384", "SHA-384",
            "sha512", "SHA-512", "sha3_224", "SHA3-224", "sha3_256", "SHA3-256", "sha3_384", "SHA3-384",
            "sha3_512", "SHA3-512");

    /** BLAKE2, which the JDK lacks, and the digest size {@code hashlib.new(name)} gives by default. */
    private static final Map<String, Integer> BLAKE2_DEFAULT_BITS = Map.of("blake2b", 512, "blake2s", 256);

    private final Map<String, MessageDigest> digests = new LinkedHashMap<>();
    private final Map<String, Blake2> blake2 = new LinkedHashMap<>();

    private Digesters() {}

    /** Digesters for these algorithms, at their default sizes; unknown ones are left out. */
    public static Digesters of(Collection<String> algorithms) {
        Digesters d = new Digesters();
        for (String algorithm : algorithms) {
            d.add(algorithm, -1);
        }
        return d;
    }

    /**
     * Digesters for every computable digest of {@code stated} (algorithm to hex), except those in
     * {@code skip}. A BLAKE2 digest is computed at the size its hex says (BLAKE2b-256 is what
     * PyPI states), since BLAKE2 of another size is another function, not a truncation.
     */
    public static Digesters forStated(Map<String, String> stated, Set<String> skip) {
        Digesters d = new Digesters();
        stated.forEach((algorithm, hex) -> {
            if (!skip.contains(algorithm)) {
                d.add(algorithm, hex.length() * 4);
            }
        });
        return d;
    }

    /** Adds these algorithms at their default sizes (those already there stay as they are). */
    public Digesters also(Collection<String> algorithms) {
        for (String algorithm : algorithms) {
            add(algorithm, -1);
        }
        return this;
    }

    /** True when pymirror can compute this algorithm's digest. */
    public static boolean computable(String algorithm) {
        return JDK_NAMES.containsKey(algorithm) || BLAKE2_DEFAULT_BITS.containsKey(algorithm);
    }

    private void add(String algorithm, int bits) {
        if (digests.containsKey(algorithm) || blake2.containsKey(algorithm)) {
            return;
        }
        String jdk = JDK_NAMES.get(algorithm);
        if (algorithm.equals("sha256")) {
            digests.put(algorithm, Sha256.newDigest());
            return;
        }
        if (jdk != null) {
            try {
                digests.put(algorithm, MessageDigest.getInstance(jdk));
            } catch (NoSuchAlgorithmException e) {
                // Not in this runtime: that algorithm cannot be checked, the others still are.
            }
            return;
        }
        Integer defaultBits = BLAKE2_DEFAULT_BITS.get(algorithm);
        if (defaultBits != null) {
            int size = bits <= 0 ? defaultBits : bits;
            // A size BLAKE2 does not have cannot match; computing the default size makes it a mismatch.
            if (size % 8 != 0 || size > defaultBits) {
                size = defaultBits;
            }
            blake2.put(algorithm, new Blake2(algorithm.equals("blake2b"), size));
        }
    }

    /** True when nothing is computed. */
    public boolean isEmpty() {
        return digests.isEmpty() && blake2.isEmpty();
    }

    public void update(byte[] bytes, int offset, int length) {
        for (MessageDigest d : digests.values()) {
            d.update(bytes, offset, length);
        }
        for (Blake2 d : blake2.values()) {
            d.update(bytes, offset, length);
        }
    }

    public void update(java.nio.ByteBuffer buffer) {
        for (MessageDigest d : digests.values()) {
            d.update(buffer.duplicate());
        }
        if (!blake2.isEmpty()) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            for (Blake2 d : blake2.values()) {
                d.update(bytes, 0, bytes.length);
            }
        }
    }

    /** Algorithm to lower-case hex digest; call once, after the last byte. */
    public Map<String, String> finish() {
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<String, MessageDigest> d : digests.entrySet()) {
            result.put(d.getKey(), HexFormat.of().formatHex(d.getValue().digest()));
        }
        // No lambda naming Blake2 where no BLAKE2 digest is asked for: a server's ahead-of-time cache
        // links at start every lambda its training run made, and Blake2 brings BouncyCastle, whose
        // signed jar the JVM verifies (0.2 s of a 0.5 s start here, BENCHMARKS.md) before it loads a class of it.
        if (!blake2.isEmpty()) {
            for (Map.Entry<String, Blake2> d : blake2.entrySet()) {
                result.put(d.getKey(), d.getValue().finish());
            }
        }
        return result;
    }

    /**
     * The algorithm of the first digest stated for {@code bytes} that they do not have; empty when
     * every stated digest pymirror can compute matches (a small file checked whole in memory).
     */
    public static Optional<String> mismatch(Map<String, String> stated, byte[] bytes) {
        Digesters digesters = forStated(stated, Set.of());
        if (digesters.isEmpty()) {
            return Optional.empty();
        }
        digesters.update(bytes, 0, bytes.length);
        return mismatch(stated, digesters.finish());
    }

    /**
     * The algorithm of the first stated digest that a computed one contradicts; empty when every
     * digest computed matches.
     */
    public static Optional<String> mismatch(Map<String, String> stated, Map<String, String> actual) {
        for (Map.Entry<String, String> s : stated.entrySet()) {
            String got = actual.get(s.getKey());
            if (got != null && !got.equalsIgnoreCase(s.getValue())) {
                return Optional.of(s.getKey());
            }
        }
        return Optional.empty();
    }
}
