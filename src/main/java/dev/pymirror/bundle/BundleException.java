package dev.pymirror.bundle;

import java.io.IOException;

/**
 * A bundle that cannot be made, trusted or imported: damaged, truncated, signed by a key not
 * trusted, holding a path that would leave the tree, or a base that is not there. The message is
 * one line that names the file, entry or key at fault; nothing was changed when it is thrown.
 */
public class BundleException extends IOException {

    public BundleException(String message) {
        super(message);
    }

    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
