package dev.pymirror.sync.download;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** The digests of bytes as they stream past, for every algorithm asked for that the JDK knows. */
final class Digesters {

    /** The simple API's algorithm names and the JDK's names for them. */
    private static final Map<String, String> JDK_NAMES = Map.of(
            "md5", "MD5", "sha1", "SHA-1", "sha224", "SHA-224", "sha256", "SHA-256", "sha384", "SHA-384",
            "sha512", "SHA-512", "sha3_224", "SHA3-224", "sha3_256", "SHA3-256", "sha3_384", "SHA3-384",
            "sha3_512", "SHA3-512");

    private final Map<String, MessageDigest> digests = new LinkedHashMap<>();

    Digesters(Collection<String> algorithms) {
        for (String algorithm : algorithms) {
            String jdk = JDK_NAMES.get(algorithm);
            if (jdk != null && !digests.containsKey(algorithm)) {
                try {
                    digests.put(algorithm, MessageDigest.getInstance(jdk));
                } catch (NoSuchAlgorithmException e) {
                    // Not in this runtime: that algorithm cannot be checked, the others still are.
                }
            }
        }
    }

    void update(byte[] bytes, int offset, int length) {
        for (MessageDigest d : digests.values()) {
            d.update(bytes, offset, length);
        }
    }

    /** Algorithm to lower-case hex digest. */
    Map<String, String> finish() {
        Map<String, String> result = new LinkedHashMap<>();
        digests.forEach((algorithm, d) -> result.put(algorithm, HexFormat.of().formatHex(d.digest())));
        return result;
    }
}
