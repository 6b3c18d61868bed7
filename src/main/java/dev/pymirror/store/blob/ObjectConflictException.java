package dev.pymirror.store.blob;

import java.io.IOException;

/**
 * A create-only write found other bytes under the key: what a hosted index answers 409 for. Nothing
 * was changed.
 */
public final class ObjectConflictException extends IOException {

    private final String key;
    private final String storedSha256;

    public ObjectConflictException(String key, String storedSha256, String offeredSha256) {
        super(key + " already holds other bytes (sha256 " + storedSha256 + ", not " + offeredSha256 + ")");
        this.key = key;
        this.storedSha256 = storedSha256;
    }

    public String key() {
        return key;
    }

    /** The hash of what is stored, which stays. */
    public String storedSha256() {
        return storedSha256;
    }
}
