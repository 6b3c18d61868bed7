package dev.pymirror.server.hosted;

import dev.pymirror.store.blob.BlobStore;
import dev.pymirror.store.blob.Content;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The commit objects of a hosted index's bundle imports: {@code imports/<id>}, one create-only
 * object per import, written after every log entry the import wrote. Readers skip the entries of an
 * import whose commit object is missing ({@link ProjectLog}), so an import spread over many projects'
 * logs shows whole or not at all: a crash before the commit leaves only entries no reader sees.
 *
 * <p>An import's id is the bundle's manifest id and an attempt number: the first attempt of that
 * manifest not yet committed. A run after a crash so takes the crashed run's id and finishes its
 * work; a run after a committed import (the index changed since: a deletion) starts a new attempt,
 * so that its entries too stay unseen until its own commit.
 *
 * <p>Thread-safe. A commit once seen is remembered (commit objects are never removed); a missing
 * one is asked for again on every read, so another node's commit shows as its log entries would.
 */
final class ImportCommits {

    private static final String DIR = "imports/";
    private static final Pattern MANIFEST_ID = Pattern.compile("[0-9a-f]{64}");

    private final BlobStore store;
    private final String prefix;
    private final Set<String> committed = ConcurrentHashMap.newKeySet();

    /** The commits under {@code <prefix>imports/} in {@code store}. */
    ImportCommits(BlobStore store, String prefix) {
        this.store = store;
        this.prefix = prefix;
    }

    /** Whether the import's commit object exists. */
    boolean committed(String id) throws IOException {
        if (committed.contains(id)) {
            return true;
        }
        if (store.stat(key(id)).isPresent()) {
            committed.add(id);
            return true;
        }
        return false;
    }

    /** The id of an import of the bundle whose manifest id (its hex SHA-256) is given. */
    String open(String manifestId) throws IOException {
        if (!MANIFEST_ID.matcher(manifestId).matches()) {
            throw new IllegalArgumentException("not a manifest id (a hex SHA-256): " + manifestId);
        }
        for (int attempt = 1; ; attempt++) {
            String id = manifestId + "-" + attempt;
            if (!committed(id)) {
                return id;
            }
        }
    }

    /**
     * Makes every entry of the import seen at once. Its bytes are the id alone, so a second writer
     * of the same commit (a concurrent run of the same import) succeeds too.
     */
    void commit(String id) throws IOException {
        store.create(key(id), Content.of(("pymirror-import " + id + "\n").getBytes(StandardCharsets.US_ASCII)));
        committed.add(id);
    }

    private String key(String id) {
        return prefix + DIR + id;
    }
}
