package dev.pymirror.server.hosted;

import java.time.Instant;

/**
 * One uploaded file as its project's state records it.
 *
 * @param filename the file name
 * @param version the version its name gives, as written there
 * @param sha256 the hex SHA-256 of its bytes, computed here
 * @param size its size in bytes
 * @param uploaded when it was stored
 * @param uploader who uploaded it
 * @param requiresPython its metadata's Requires-Python, or null
 * @param yanked null when not yanked, else the reason (empty when none was given)
 * @param metadataSha256 the hex SHA-256 of its served PEP 658 metadata file, or null when none is served
 * @param deleted when it was deleted, or null while it is served; a deleted file's record stays, so
 *     that its name is never given to other bytes (clients and caches keep files by URL, for good)
 * @param generation which stored copy of the bytes this record serves: 0 for the first upload, n for
 *     the upload of the same bytes after the name's n-th deletion. Each copy has its own object key,
 *     so a deletion's removal of the old copy, made after its log entry, never removes a later one.
 */
public record HostedFile(String filename, String version, String sha256, long size, Instant uploaded, String uploader,
        String requiresPython, String yanked, String metadataSha256, Instant deleted, int generation) {

    public HostedFile withYanked(String reason) {
        return new HostedFile(filename, version, sha256, size, uploaded, uploader, requiresPython, reason,
                metadataSha256, deleted, generation);
    }

    public HostedFile withDeleted(Instant when) {
        return new HostedFile(filename, version, sha256, size, uploaded, uploader, requiresPython, yanked,
                metadataSha256, when, generation);
    }

    public boolean isDeleted() {
        return deleted != null;
    }
}
