package dev.pymirror.bundle;

import dev.pymirror.hash.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * An Ed25519 public key as one line a person pastes into configuration:
 * {@code pymirror-ed25519 <base64 of the 32 key bytes> [comment]}, and its fingerprint
 * {@code SHA256:<base64>} (the SHA-256 of those 32 bytes, as ssh shows keys).
 */
public record PublicKeyText(byte[] raw, String comment) {

    public static final String PREFIX = "pymirror-ed25519";

    /** The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the raw key follows it. */
    private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    public PublicKeyText {
        if (raw.length != 32) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, not " + raw.length);
        }
        raw = raw.clone();
        comment = comment == null ? "" : comment.strip();
    }

    @Override
    public byte[] raw() {
        return raw.clone();
    }

    /** The JDK's key, for the JDK's {@code Ed25519} signature. */
    public static PublicKeyText of(PublicKey key) {
        byte[] encoded = key.getEncoded();
        if (encoded.length != 44 || !Arrays.equals(encoded, 0, 12, X509_PREFIX, 0, 12)) {
            throw new IllegalArgumentException("not an Ed25519 public key");
        }
        return new PublicKeyText(Arrays.copyOfRange(encoded, 12, 44), "");
    }

    public PublicKey key() {
        byte[] encoded = Arrays.copyOf(X509_PREFIX, 44);
        System.arraycopy(raw, 0, encoded, 12, 32);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key", e);
        }
    }

    public String fingerprint() {
        byte[] digest = Sha256.newDigest().digest(raw);
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    }

    public PublicKeyText withComment(String text) {
        return new PublicKeyText(raw, text);
    }

    /** The line, with its comment if any. */
    public String line() {
        String key = PREFIX + " " + Base64.getEncoder().encodeToString(raw);
        return comment.isEmpty() ? key : key + " " + comment;
    }

    /** Reads one line in the form {@link #line()} writes; the message says what is wrong with it. */
    public static PublicKeyText parse(String line) {
        String[] parts = line.strip().split("\\s+", 3);
        if (parts.length < 2 || !parts[0].equals(PREFIX)) {
            throw new IllegalArgumentException("not a public key line (it should read '" + PREFIX + " <base64 key>')");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(parts[1].getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key is not base64");
        }
        if (raw.length != 32) {
            throw new IllegalArgumentException("the key has " + raw.length + " bytes; an Ed25519 key has 32");
        }
        return new PublicKeyText(raw, parts.length > 2 ? parts[2] : "");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PublicKeyText other && Arrays.equals(raw, other.raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return fingerprint();
    }
}
