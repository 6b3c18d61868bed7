/**
 * Air-gapped bundles: a synced tree carried as one signed file to a site without the network.
 *
 * <p>A bundle is a tar ({@link dev.pymirror.bundle.TarHeader}: fixed ustar headers, so the same
 * input gives the same bytes) of {@code manifest.json} ({@link dev.pymirror.bundle.Manifest}: every
 * path of the tree with its size and SHA-256, the objects carried, the base of an incremental
 * bundle), {@code manifest.sig} ({@link dev.pymirror.bundle.ManifestSignature}: Ed25519 over the
 * manifest's bytes) and {@code objects/<sha256>}, each content once. {@link
 * dev.pymirror.bundle.BundleWriter} makes one, {@link dev.pymirror.bundle.BundleReader} reads one
 * strictly (every byte is checked), {@link dev.pymirror.bundle.BundleImport} builds the new tree
 * beside the old and swaps it in. Keys: {@link dev.pymirror.bundle.SigningKey} (the private key
 * file) and {@link dev.pymirror.bundle.PublicKeyText} (the one-line public key).
 *
 * <p>Every refusal is a {@link dev.pymirror.bundle.BundleException} whose message names the file,
 * entry or key at fault; none changes the target.
 */
package dev.pymirror.bundle;
