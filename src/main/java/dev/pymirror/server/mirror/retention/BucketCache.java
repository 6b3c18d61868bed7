package dev.pymirror.server.mirror.retention;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pymirror.store.blob.BlobStore;
import dev.pymirror.store.blob.Document;
import dev.pymirror.store.blob.ObjectInfo;
import dev.pymirror.simple.ProvenanceObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A mirror's cache in a bucket that several nodes share: the objects {@code <project>/<file>} under
 * its files prefix, last read at the latest read any node wrote to its own document under the
 * reads prefix ({@code <node>.json}: file to epoch milliseconds), or the object's creation if later.
 *
 * <p>Each node writes only its own document (a document is last-writer-wins, so one writer each
 * loses nothing), at each prune and at stop; a prune on any node reads them all. Reads a node has
 * not written yet count from its next flush: at most one {@code prune-interval} late.
 *
 * <p>Several nodes may prune at once: they choose by the same policy from the same listing, and a
 * file deleted twice is no harm (deleting a missing key is success on S3; the second is reported as
 * gone already). Removal goes through {@link BlobStore#delete}, which drops this node's disk copy
 * too; another node keeps its copy and serves it (files are immutable, so the copy is right), and a
 * node without a copy finds no object and fetches the file from the upstream again, as for a file
 * never cached.
 */
public final class BucketCache implements CacheContents {

    private static final Logger LOG = LoggerFactory.getLogger(BucketCache.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, Long>> READS = new TypeReference<>() {};

    private final BlobStore store;
    private final String filesPrefix;
    private final String readsPrefix;
    private final String node;
    /**
     * The files the last scan found less those removed since, to keep this node's document to
     * those; null before a scan.
     */
    private volatile Set<String> lastSeen;

    /**
     * @param filesPrefix the cached files' keys start with it ({@code <index>/files/})
     * @param readsPrefix the nodes' documents of reads are under it ({@code <index>/reads/})
     * @param node this node's name, its document's ({@link #nodeName}); null for a command that
     *     serves nothing, which reads the documents and writes none
     */
    public BucketCache(BlobStore store, String filesPrefix, String readsPrefix, String node) {
        this.store = store;
        this.filesPrefix = filesPrefix;
        this.readsPrefix = readsPrefix;
        this.node = node;
    }

    /**
     * The name of the node whose data directory (for one index) is {@code dir}: made once and kept in
     * {@code dir/.node}, so that a restarted node goes on writing the same document.
     */
    public static String nodeName(Path dir) throws IOException {
        Path file = dir.resolve(".node");
        try {
            String name = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (name.matches("[0-9a-f-]{36}")) {
                return name;
            }
        } catch (NoSuchFileException absent) {
            // The first start on this directory.
        }
        String name = UUID.randomUUID().toString();
        Files.createDirectories(dir);
        Files.writeString(file, name + "\n", StandardCharsets.US_ASCII);
        return name;
    }

    @Override
    public List<CachedFile> scan() throws IOException {
        Map<String, Long> reads = reads();
        Map<String, ObjectInfo.Listed> objects = new HashMap<>();
        for (ObjectInfo.Listed o : store.list(filesPrefix)) {
            objects.put(o.key().substring(filesPrefix.length()), o);
        }
        List<CachedFile> files = new ArrayList<>();
        for (Map.Entry<String, ObjectInfo.Listed> e : objects.entrySet()) {
            String key = e.getKey();
            int slash = key.indexOf('/');
            String name = key.substring(slash + 1);
            if (slash <= 0 || name.contains("/") || name.startsWith(".") || CacheRetention.isSibling(name)) {
                continue; // not a project's file, or a sibling counted with its file
            }
            long bytes = e.getValue().size();
            List<String> siblings = new ArrayList<>();
            for (String s : List.of(name + CacheRetention.METADATA, name + ProvenanceObject.SUFFIX)) {
                ObjectInfo.Listed sibling = objects.get(key.substring(0, slash + 1) + s);
                if (sibling != null) {
                    bytes += sibling.size();
                    siblings.add(s);
                }
            }
            Instant last = e.getValue().modified();
            Long read = reads.get(key);
            if (read != null && Instant.ofEpochMilli(read).isAfter(last)) {
                last = Instant.ofEpochMilli(read);
            }
            files.add(new CachedFile(key.substring(0, slash), name, siblings, bytes, last, CacheRetention.version(name)));
        }
        Set<String> seen = ConcurrentHashMap.newKeySet();
        seen.addAll(objects.keySet());
        lastSeen = seen;
        return files;
    }

    @Override
    public boolean remove(CachedFile f) throws IOException {
        // The file first: a sibling left by a failure here is not counted, and goes with the file's next eviction.
        boolean removed = store.delete(filesPrefix + f.key());
        Set<String> seen = lastSeen;
        if (seen != null) {
            seen.remove(f.key());
        }
        for (String sibling : f.siblings()) {
            store.delete(filesPrefix + f.project() + "/" + sibling);
        }
        return removed;
    }

    @Override
    public void flush(AccessTimes accesses) {
        Map<String, Long> noted = accesses.noted();
        Set<String> seen = lastSeen;
        if (node == null || (noted.isEmpty() && seen == null)) {
            return;
        }
        String key = readsPrefix + node + ".json";
        try {
            TreeMap<String, Long> mine = read(key);
            if (seen != null) {
                mine.keySet().retainAll(seen); // an evicted file's read is of no more use
            }
            noted.forEach((file, millis) -> mine.merge(file, millis, Math::max));
            store.writeDocument(key, JSON.writeValueAsBytes(mine));
            accesses.forget(noted);
        } catch (IOException e) {
            LOG.warn("cannot note in {} when files were last read on this node: {}", store.describe(), e.getMessage());
        }
    }

    /** The latest read of each file over every node's document. */
    private Map<String, Long> reads() throws IOException {
        Map<String, Long> latest = new HashMap<>();
        for (ObjectInfo.Listed o : store.list(readsPrefix)) {
            if (o.key().endsWith(".json")) {
                read(o.key()).forEach((file, millis) -> latest.merge(file, millis, Math::max));
            }
        }
        return latest;
    }

    private TreeMap<String, Long> read(String key) throws IOException {
        Optional<Document> doc = store.readDocument(key);
        if (doc.isEmpty()) {
            return new TreeMap<>();
        }
        try {
            TreeMap<String, Long> reads = JSON.readValue(doc.get().bytes(), READS);
            return reads == null ? new TreeMap<>() : reads;
        } catch (IOException damaged) {
            // A document is not forced to disk: one a crash left damaged is taken as none.
            LOG.warn("{} in {} is not a list of reads; taken as none: {}", key, store.describe(), damaged.getMessage());
            return new TreeMap<>();
        }
    }
}
