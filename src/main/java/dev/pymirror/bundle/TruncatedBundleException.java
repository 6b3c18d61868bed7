package dev.pymirror.bundle;

/**
 * A bundle that ends early: an interrupted copy, most likely. An import keeps the objects it
 * verified before the end, so the import of the whole file goes on from them.
 */
public final class TruncatedBundleException extends BundleException {

    public TruncatedBundleException(String message) {
        super(message);
    }
}
