package dev.pymirror.simple;

import java.util.Map;

/**
 * Whether a file's core metadata (its {@code METADATA}) is served on its own at
 * {@code <file url>.metadata} (PEP 658, renamed by PEP 714), and the hashes of that metadata file.
 *
 * <p>HTML carries it as {@code data-core-metadata} (the legacy {@code data-dist-info-metadata} is
 * read, never written) with the value {@code true} or {@code sha256=HEX}; JSON as
 * {@code core-metadata} (legacy {@code dist-info-metadata}, likewise read only),
 * {@code true}/{@code false} or a hash object. A file whose page says
 * nothing has no {@code CoreMetadata} at all (see {@link ProjectFile#coreMetadata()}).
 *
 * @param available whether the metadata file exists
 * @param hashes its hashes ({@code algorithm -> lower-case hex}); empty when unknown or when not
 *     available
 */
public record CoreMetadata(boolean available, Map<String, String> hashes) {

    /** The index says the metadata file is not served. */
    public static final CoreMetadata NOT_AVAILABLE = new CoreMetadata(false, Map.of());

    /** The metadata file is served, its hash not given. */
    public static final CoreMetadata AVAILABLE = new CoreMetadata(true, Map.of());

    /**
     * @throws IllegalArgumentException if hashes are given for metadata that is not available, or a
     *     hash is not a valid algorithm name and hex digest
     */
    public CoreMetadata {
        hashes = Digests.canonical(hashes);
        if (!available && !hashes.isEmpty()) {
            throw new IllegalArgumentException("Core metadata that is not available has no hashes");
        }
    }

    /** Available, with these hashes ({@link #AVAILABLE} when {@code hashes} is empty). */
    public static CoreMetadata withHashes(Map<String, String> hashes) {
        return hashes == null || hashes.isEmpty() ? AVAILABLE : new CoreMetadata(true, hashes);
    }
}
