package dev.pymirror.bundle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;

/** {@code bundle verify}: the signature against trusted keys and every byte of the file, writing nothing. */
public final class BundleVerifier {

    private BundleVerifier() {}

    /** The signer's fingerprint and the manifest, when everything is right; else the first problem. */
    public static Verified verify(Path bundle, TrustedKeys trusted) throws IOException {
        try (BundleReader reader = BundleReader.open(bundle)) {
            PublicKeyText signer = reader.signature().check(reader.manifestBytes(), trusted, bundle.toString());
            reader.readObjects(new BundleReader.ObjectSink() {
                @Override
                public WritableByteChannel open(String sha256, long size) {
                    return new Discard();
                }

                @Override
                public void verified(String sha256) {}

                @Override
                public void failed(String sha256) {}
            });
            return new Verified(signer.fingerprint(), reader.manifestId(), reader.manifest());
        }
    }

    /** A verified bundle: who signed it, its manifest's id, and what it describes. */
    public record Verified(String signedBy, String manifestId, Manifest manifest) {}

    private static final class Discard implements WritableByteChannel {
        private boolean open = true;

        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            src.position(src.limit());
            return n;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }
}
