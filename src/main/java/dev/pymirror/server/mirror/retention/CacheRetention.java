package dev.pymirror.server.mirror.retention;

import dev.pymirror.packaging.dist.DistributionFilename;
import dev.pymirror.packaging.version.Version;
import dev.pymirror.server.config.RetentionPolicy;
import dev.pymirror.simple.ProvenanceObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Applies a {@link RetentionPolicy} to a mirror's file cache ({@code <project>/<file>} under its
 * files folder): first the files of versions older than the newest {@code keep-versions}, then those
 * unread for longer than {@code max-unused-age}, then the least recently read until the cache fits
 * {@code max-cache-size}. A file goes with its {@code .metadata} and {@code .provenance}.
 *
 * <p>Only this mirror's own files are looked at ({@link CacheContents}: its folder in the data
 * directory, or its prefix in a bucket): a group's hosted member keeps its files elsewhere. A file
 * being served when it is removed is still sent whole (an open file keeps its bytes on Linux until
 * closed; on a bucket every node serves its own disk copy); a page that still lists an evicted file
 * gets it fetched again on demand, as for a file never cached.
 */
public final class CacheRetention {

    static final String METADATA = ".metadata";
    /**
     * A file served this recently is never evicted. Once a response has the file open, removing it
     * does no harm; but between the look at the file (its size, for the headers) and its opening,
     * removing it would fail a response already promised. Every serving notes the read before that
     * look, so a file in that window is always within this much of its last read.
     */
    static final Duration IN_USE = Duration.ofMinutes(1);

    private final CacheContents contents;
    private final RetentionPolicy policy;
    private final AccessTimes accesses;
    private final Clock clock;

    /** Over a cache in the data directory ({@code <project>/<file>} under {@code filesDir}). */
    public CacheRetention(Path filesDir, RetentionPolicy policy, AccessTimes accesses, Clock clock) {
        this(new DiskCache(filesDir), policy, accesses, clock);
    }

    public CacheRetention(CacheContents contents, RetentionPolicy policy, AccessTimes accesses, Clock clock) {
        this.contents = contents;
        this.policy = policy;
        this.accesses = accesses;
        this.clock = clock;
    }

    public RetentionPolicy policy() {
        return policy;
    }

    /** Writes the accesses noted in memory where a prune reads them (see {@link CacheContents#flush}). */
    public void flush() {
        contents.flush(accesses);
    }

    /** What the cache holds now. */
    public CacheStats stats() throws IOException {
        List<CachedFile> files = scan();
        return new CacheStats((int) files.stream().map(CachedFile::project).distinct().count(), files.size(),
                files.stream().mapToLong(CachedFile::bytes).sum(),
                files.stream().map(CachedFile::lastAccess).min(Comparator.naturalOrder()));
    }

    /**
     * Evicts what the policy says (nothing when {@code dryRun}), telling {@code evicted} each file's
     * key ({@code project/filename}) once it is gone.
     */
    public PruneReport prune(boolean dryRun, Consumer<String> evicted) throws IOException {
        List<CachedFile> all = scan();
        Instant busySince = clock.instant().minus(IN_USE);
        List<CachedFile> files = all.stream().filter(f -> !accesses.lastRead(f.key())
                .map(t -> t.isAfter(busySince)).orElse(false)).toList();
        Map<String, Eviction> chosen = new LinkedHashMap<>();
        if (policy.keepVersions() > 0) {
            Map<String, TreeSet<Version>> versions = new HashMap<>();
            for (CachedFile f : all) { // a file in use still counts among the newest
                if (f.version() != null) {
                    versions.computeIfAbsent(f.project(), p -> new TreeSet<>(Comparator.reverseOrder())).add(f.version());
                }
            }
            for (CachedFile f : files) {
                TreeSet<Version> newest = versions.get(f.project());
                if (f.version() != null && newest.headSet(f.version()).size() >= policy.keepVersions()) {
                    chosen.put(f.key(), new Eviction(f, "not among the newest " + policy.keepVersions() + " versions"));
                }
            }
        }
        if (policy.maxUnusedAge() != null) {
            Instant cutoff = clock.instant().minus(policy.maxUnusedAge());
            for (CachedFile f : files) {
                if (f.lastAccess().isBefore(cutoff)) {
                    chosen.putIfAbsent(f.key(), new Eviction(f, "unread since " + f.lastAccess()));
                }
            }
        }
        if (policy.maxCacheSize() > 0) {
            long total = all.stream().filter(f -> !chosen.containsKey(f.key())).mapToLong(CachedFile::bytes).sum();
            List<CachedFile> byAge = new ArrayList<>(files);
            byAge.sort(Comparator.comparing(CachedFile::lastAccess));
            for (CachedFile f : byAge) {
                if (total <= policy.maxCacheSize()) {
                    break;
                }
                if (!chosen.containsKey(f.key())) {
                    chosen.put(f.key(), new Eviction(f, "least recently read beyond max-cache-size"));
                    total -= f.bytes();
                }
            }
        }
        List<Eviction> done = new ArrayList<>();
        for (Eviction e : chosen.values()) {
            if (dryRun || contents.remove(e.file())) {
                done.add(e);
                if (!dryRun) {
                    evicted.accept(e.file().key());
                }
            }
        }
        // Written after the choice: a flush forgets the reads it writes, and the choice needs the recent ones.
        contents.flush(accesses);
        long bytesKept = all.stream().mapToLong(CachedFile::bytes).sum()
                - done.stream().mapToLong(e -> e.file().bytes()).sum();
        return new PruneReport(done, all.size() - done.size(), bytesKept, dryRun);
    }

    /** The cached files, each last read at the later of what is stored and what is noted in memory. */
    List<CachedFile> scan() throws IOException {
        List<CachedFile> files = new ArrayList<>();
        for (CachedFile f : contents.scan()) {
            Optional<Instant> inMemory = accesses.lastRead(f.key());
            files.add(inMemory.isPresent() && inMemory.get().isAfter(f.lastAccess())
                    ? new CachedFile(f.project(), f.filename(), f.siblings(), f.bytes(), inMemory.get(), f.version())
                    : f);
        }
        return files;
    }

    /** Whether {@code name} goes with a distribution file rather than being one. */
    static boolean isSibling(String name) {
        return name.endsWith(METADATA) || name.endsWith(ProvenanceObject.SUFFIX);
    }

    static Version version(String filename) {
        try {
            return DistributionFilename.parse(filename).version();
        } catch (RuntimeException notADistribution) {
            return null;
        }
    }
}
