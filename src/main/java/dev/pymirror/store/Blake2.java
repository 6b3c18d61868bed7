package dev.pymirror.store;

import java.util.HexFormat;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.bouncycastle.crypto.digests.Blake2sDigest;

/**
 * A BLAKE2b or BLAKE2s digest in progress (the JDK has neither; Bouncy Castle computes them).
 *
 * <p>Its own class so that Bouncy Castle is loaded only when a BLAKE2 digest is asked for: its jar
 * is signed, and the first class loaded from it costs the verification of that signature (some
 * 0.1 s), which a server whose files state SHA-256 alone never needs to pay.
 */
final class Blake2 {

    private final Digest digest;

    /** {@code b} for BLAKE2b, else BLAKE2s; {@code bits} a size that function has. */
    Blake2(boolean b, int bits) {
        this.digest = b ? new Blake2bDigest(bits) : new Blake2sDigest(bits);
    }

    void update(byte[] bytes, int offset, int length) {
        digest.update(bytes, offset, length);
    }

    /** The lower-case hex digest; call once, after the last byte. */
    String finish() {
        byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return HexFormat.of().formatHex(out);
    }
}
