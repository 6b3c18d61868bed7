package dev.pymirror.server.mirror.retention;

import java.io.IOException;
import java.util.List;

/**
 * What {@link CacheRetention} looks at and removes: a mirror's cached files and when each was last
 * read, in the data directory ({@link DiskCache}) or in a bucket that several nodes share
 * ({@link BucketCache}). The policy's choice is the same for both.
 */
public interface CacheContents {

    /**
     * The distribution files cached, with their siblings (those left without a file are not
     * counted), each with its last read as stored (the reads still in memory are not in it).
     */
    List<CachedFile> scan() throws IOException;

    /** Removes the file, then its siblings; false when it was gone already (someone else removed it). */
    boolean remove(CachedFile file) throws IOException;

    /**
     * Writes the reads noted in {@code accesses} where the next {@link #scan} (of any process) finds
     * them, and forgets them there (unless read again meanwhile).
     */
    void flush(AccessTimes accesses);
}
