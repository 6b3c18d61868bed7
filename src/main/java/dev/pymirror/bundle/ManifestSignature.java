package dev.pymirror.bundle;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Base64;

/**
 * The {@code manifest.sig} entry: {@code pymirror-ed25519-signature <key fingerprint> <base64>}.
 * The fingerprint only says which trusted key to try (it is not signed); the signature, over the
 * manifest's exact bytes, is what is checked.
 */
public record ManifestSignature(String fingerprint, byte[] signature) {

    static final String PREFIX = "pymirror-ed25519-signature";

    public static ManifestSignature sign(SigningKey key, byte[] manifest) {
        return new ManifestSignature(key.publicKey().fingerprint(), key.sign(manifest));
    }

    public byte[] toBytes() {
        return (PREFIX + " " + fingerprint + " " + Base64.getEncoder().encodeToString(signature) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    static ManifestSignature parse(byte[] bytes, String source) throws BundleException {
        String[] parts = new String(bytes, StandardCharsets.US_ASCII).strip().split(" ");
        if (parts.length != 3 || !parts[0].equals(PREFIX) || !parts[1].startsWith("SHA256:")) {
            throw new BundleException(source + ": manifest.sig is not a signature line");
        }
        try {
            byte[] sig = Base64.getDecoder().decode(parts[2]);
            if (sig.length != 64) {
                throw new BundleException(source + ": manifest.sig is not an Ed25519 signature (64 bytes)");
            }
            ManifestSignature parsed = new ManifestSignature(parts[1], sig);
            // Only the one form a writer gives: no other spacing, no other base64 of the same bytes.
            if (!java.util.Arrays.equals(parsed.toBytes(), bytes)) {
                throw new BundleException(source + ": manifest.sig is not in the form a bundle has");
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            throw new BundleException(source + ": manifest.sig is not base64");
        }
    }

    /**
     * Checks the signature with the trusted key it names: refused, naming the fingerprints, when
     * no trusted key has it, and naming the manifest when the bytes are not what was signed.
     */
    public PublicKeyText check(byte[] manifest, TrustedKeys trusted, String source) throws BundleException {
        PublicKeyText key = trusted.byFingerprint(fingerprint);
        if (key == null) {
            throw new BundleException(source + " is signed by key " + fingerprint + ", which is not trusted (trusted: "
                    + trusted.describe() + ")");
        }
        boolean ok;
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key.key());
            s.update(manifest);
            ok = s.verify(signature);
        } catch (GeneralSecurityException e) {
            ok = false;
        }
        if (!ok) {
            throw new BundleException(source + ": manifest.json does not match its signature by " + fingerprint
                    + " (the manifest or manifest.sig was altered)");
        }
        return key;
    }
}
