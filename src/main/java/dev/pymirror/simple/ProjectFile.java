package dev.pymirror.simple;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One file of a project page: a distribution's name, where to fetch it, and what the index says
 * about it.
 *
 * <p>Optional facts are {@code Optional}s, empty when the page does not state them; a page that
 * states "no" ({@code gpg-sig: false}, {@code core-metadata: false}) is kept apart from one that
 * says nothing, so that a proxy passes on exactly what it was told.
 *
 * @param filename the distribution's file name, for example {@code foo-1.0-py3-none-any.whl}
 * @param url where it is fetched, absolute or relative to the page, without a fragment
 * @param hashes {@code algorithm -> lower-case hex digest}, in algorithm order; may be empty
 * @param requiresPython the {@code Requires-Python} specifier, as written (not validated here)
 * @param yank present when the file is yanked (PEP 592)
 * @param coreMetadata whether {@code url + ".metadata"} is served, and its hashes (PEP 658/714)
 * @param size the file's size in bytes (PEP 700)
 * @param uploadTime when it was uploaded, to the microsecond (PEP 700)
 * @param gpgSig whether {@code url + ".asc"} holds a GPG signature
 * @param provenance the URL of the file's provenance object (PEP 740)
 */
public record ProjectFile(
        String filename,
        String url,
        Map<String, String> hashes,
        Optional<String> requiresPython,
        Optional<Yank> yank,
        Optional<CoreMetadata> coreMetadata,
        OptionalLong size,
        Optional<Instant> uploadTime,
        Optional<Boolean> gpgSig,
        Optional<String> provenance) {

    /**
     * @throws IllegalArgumentException if the file name or URL is blank, the URL holds a fragment,
     *     a hash is invalid or the size is negative
     */
    public ProjectFile {
        if (filename == null || filename.isBlank()) {
            throw new IllegalArgumentException("A file needs a file name");
        }
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("The file " + filename + " needs a URL");
        }
        if (url.indexOf('#') >= 0) {
            throw new IllegalArgumentException("The URL of " + filename
                    + " must not hold a fragment: hashes belong in hashes(), found " + url);
        }
        hashes = Digests.canonical(hashes);
        requiresPython = requiresPython == null ? Optional.empty() : requiresPython.filter(text -> !text.isBlank());
        yank = yank == null ? Optional.empty() : yank;
        coreMetadata = coreMetadata == null ? Optional.empty() : coreMetadata;
        size = size == null ? OptionalLong.empty() : size;
        if (size.isPresent() && size.getAsLong() < 0) {
            throw new IllegalArgumentException("The size of " + filename + " must not be negative: "
                    + size.getAsLong());
        }
        // PEP 700 times carry at most microseconds; keeping no more makes every page round-trip.
        if (uploadTime == null) {
            uploadTime = Optional.empty();
        } else if (uploadTime.isPresent() && uploadTime.get().getNano() % 1000 != 0) {
            uploadTime = Optional.of(uploadTime.get().truncatedTo(ChronoUnit.MICROS));
        }
        gpgSig = gpgSig == null ? Optional.empty() : gpgSig;
        provenance = provenance == null ? Optional.empty() : provenance.filter(text -> !text.isBlank());
    }

    /** A builder for a file with this name and URL and nothing else known. */
    public static Builder builder(String filename, String url) {
        return new Builder(filename, url);
    }

    /** A builder holding everything this file holds. */
    public Builder toBuilder() {
        Builder builder = new Builder(filename, url);
        builder.hashes.putAll(hashes);
        builder.requiresPython = requiresPython.orElse(null);
        builder.yank = yank.orElse(null);
        builder.coreMetadata = coreMetadata.orElse(null);
        builder.size = size;
        builder.uploadTime = uploadTime.orElse(null);
        builder.gpgSig = gpgSig.orElse(null);
        builder.provenance = provenance.orElse(null);
        return builder;
    }

    /** This file served from another URL, everything else kept. */
    public ProjectFile withUrl(String newUrl) {
        return new ProjectFile(filename, newUrl, hashes, requiresPython, yank, coreMetadata, size, uploadTime,
                gpgSig, provenance);
    }

    /** True when the file is yanked. */
    public boolean isYanked() {
        return yank.isPresent();
    }

    /** The digest for {@code algorithm} (lower-case name), when the page gives it. */
    public Optional<String> hash(String algorithm) {
        return Optional.ofNullable(hashes.get(algorithm));
    }

    /** True when the page says the core metadata file is served. */
    public boolean hasCoreMetadata() {
        return coreMetadata.map(CoreMetadata::available).orElse(false);
    }

    /** Where the core metadata is served ({@code url + ".metadata"}), when the page says it is. */
    public Optional<String> coreMetadataUrl() {
        return hasCoreMetadata() ? Optional.of(url + ".metadata") : Optional.empty();
    }

    /** Where the GPG signature is served ({@code url + ".asc"}), when the page says there is one. */
    public Optional<String> gpgSignatureUrl() {
        return gpgSig.orElse(false) ? Optional.of(url + ".asc") : Optional.empty();
    }

    /** Builds a {@link ProjectFile}; every setter replaces what was set before. */
    public static final class Builder {
        private String filename;
        private String url;
        private final Map<String, String> hashes = new LinkedHashMap<>();
        private String requiresPython;
        private Yank yank;
        private CoreMetadata coreMetadata;
        private OptionalLong size = OptionalLong.empty();
        private Instant uploadTime;
        private Boolean gpgSig;
        private String provenance;

        private Builder(String filename, String url) {
            this.filename = filename;
            this.url = url;
        }

        public Builder filename(String value) {
            this.filename = value;
            return this;
        }

        public Builder url(String value) {
            this.url = value;
            return this;
        }

        /** Replaces all hashes. */
        public Builder hashes(Map<String, String> value) {
            hashes.clear();
            if (value != null) {
                hashes.putAll(value);
            }
            return this;
        }

        /** Adds or replaces one hash. */
        public Builder hash(String algorithm, String hexDigest) {
            hashes.put(algorithm, hexDigest);
            return this;
        }

        /** The {@code Requires-Python} specifier; null or blank for none. */
        public Builder requiresPython(String value) {
            this.requiresPython = value;
            return this;
        }

        /** Yanked without a reason. */
        public Builder yanked() {
            this.yank = Yank.WITHOUT_REASON;
            return this;
        }

        /** Yanked for {@code reason} (none when null or empty). */
        public Builder yanked(String reason) {
            this.yank = Yank.because(reason);
            return this;
        }

        /** The yank, or null for a file that is not yanked. */
        public Builder yank(Yank value) {
            this.yank = value;
            return this;
        }

        /** The core metadata statement, or null when the page says nothing. */
        public Builder coreMetadata(CoreMetadata value) {
            this.coreMetadata = value;
            return this;
        }

        public Builder size(long bytes) {
            this.size = OptionalLong.of(bytes);
            return this;
        }

        /** No size known. */
        public Builder noSize() {
            this.size = OptionalLong.empty();
            return this;
        }

        /** The upload time, or null when unknown. */
        public Builder uploadTime(Instant value) {
            this.uploadTime = value;
            return this;
        }

        /** Whether there is a GPG signature, or null when the page says nothing. */
        public Builder gpgSig(Boolean value) {
            this.gpgSig = value;
            return this;
        }

        /** The provenance URL, or null for none. */
        public Builder provenance(String value) {
            this.provenance = value;
            return this;
        }

        /** @throws IllegalArgumentException as {@link ProjectFile#ProjectFile} does */
        public ProjectFile build() {
            return new ProjectFile(filename, url, hashes, Optional.ofNullable(requiresPython),
                    Optional.ofNullable(yank), Optional.ofNullable(coreMetadata), size,
                    Optional.ofNullable(uploadTime), Optional.ofNullable(gpgSig), Optional.ofNullable(provenance));
        }
    }
}
