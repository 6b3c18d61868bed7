package dev.pymirror.sync.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pymirror.upstream.RedactedUrl;
import java.util.List;

/**
 * What the manifest knows of one distribution file in the tree: its bytes, what the index said of
 * it, where it came from and which targets need it.
 *
 * @param sha256 the SHA-256 of the file, hex
 * @param size its size in bytes
 * @param requiresPython the Requires-Python the index gave, else the one its metadata has, or null
 * @param yanked the yank reason ("" for none given) when the index had it yanked, else null
 * @param uploadTime the upload time the index gave (RFC 3339), or null
 * @param metadataSha256 the SHA-256 of the {@code .metadata} file beside a wheel, or null
 * @param source {@link #SYNCED}, {@link #ADDED} or {@link #FOUND}
 * @param origin the URL it was downloaded from, or the path it was added from
 * @param targets the targets whose resolution chose it (empty for files added by hand)
 * @param provenanceSha256 the SHA-256 of the PEP 740 provenance object beside it, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FileRecord(
        String sha256,
        long size,
        @JsonProperty("requires_python") String requiresPython,
        String yanked,
        @JsonProperty("upload_time") String uploadTime,
        @JsonProperty("metadata_sha256") String metadataSha256,
        String source,
        String origin,
        List<String> targets,
        @JsonProperty("provenance_sha256") String provenanceSha256) {

    /** Downloaded by {@code pymirror sync}. */
    public static final String SYNCED = "sync";
    /** Added with {@code pymirror add}. */
    public static final String ADDED = "add";
    /** Found in the tree without a record: copied in by hand, or left by an interrupted run. */
    public static final String FOUND = "found";

    /** The origin is kept without credentials, as the manifest's URLs are (see {@link Manifest}). */
    public FileRecord {
        origin = origin == null ? null : RedactedUrl.of(origin);
        targets = targets == null ? List.of() : List.copyOf(targets);
    }

    public FileRecord withTargets(List<String> newTargets) {
        return new FileRecord(sha256, size, requiresPython, yanked, uploadTime, metadataSha256, source, origin, newTargets,
                provenanceSha256);
    }

    public FileRecord withMetadataSha256(String value) {
        return new FileRecord(sha256, size, requiresPython, yanked, uploadTime, value, source, origin, targets,
                provenanceSha256);
    }

    public FileRecord withProvenanceSha256(String value) {
        return new FileRecord(sha256, size, requiresPython, yanked, uploadTime, metadataSha256, source, origin, targets,
                value);
    }
}
