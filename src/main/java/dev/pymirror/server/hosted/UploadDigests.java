package dev.pymirror.server.hosted;

import dev.pymirror.hash.Sha256;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * The three digests twine sends with an upload (SHA-256, MD5, BLAKE2b-256), computed over the
 * bytes as they arrive so that each claimed one can be checked. MD5 is only compared, never trusted.
 */
final class UploadDigests {

    private final MessageDigest sha256 = Sha256.newDigest();
    private final MessageDigest md5 = digest("MD5");
    private final Blake2bDigest blake2 = new Blake2bDigest(256);
    private String sha256Hex;
    private String md5Hex;
    private String blake2Hex;

    void update(byte[] bytes, int offset, int length) {
        sha256.update(bytes, offset, length);
        md5.update(bytes, offset, length);
        blake2.update(bytes, offset, length);
    }

    /** Ends the digests; call once, after the last byte. */
    void finish() {
        sha256Hex = HexFormat.of().formatHex(sha256.digest());
        md5Hex = HexFormat.of().formatHex(md5.digest());
        byte[] b = new byte[32];
        blake2.doFinal(b, 0);
        blake2Hex = HexFormat.of().formatHex(b);
    }

    String sha256() {
        return sha256Hex;
    }

    String md5() {
        return md5Hex;
    }

    String blake2_256() {
        return blake2Hex;
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has " + algorithm, e);
        }
    }
}
