package dev.pymirror.store.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * State that changes, kept as an append-only log of numbered entries, each an object written
 * create-only ({@code <name>/00000000000000000001}, ...): the pattern of Delta Lake's transaction log
 * on object storage. A writer reads the log to its end, decides its entry from what it read, and
 * creates entry N+1; of writers racing for N+1 exactly one succeeds, and each loser reads the
 * entries it missed and decides again (its change may no longer apply: a file name taken
 * meanwhile). No update is ever lost, with no lock and no compare-and-swap.
 *
 * <p>Each entry carries a random tag of the append that wrote it, so a retry of an append whose
 * first try did land (the answer lost to a timeout) finds its own entry rather than a stranger's.
 * Entries once read are kept: reading again asks only for the ones after them.
 *
 * <p>Thread-safe; several instances on the same log (other threads, other nodes) may append at once.
 */
public final class VersionLog {

    private static final String HEADER = "pymirror-log-entry ";
    private static final int MOST_ATTEMPTS = 1000;

    private final BlobStore store;
    private final String name;
    private final List<LogEntry> known = new ArrayList<>();

    /** The log kept under {@code name/} in {@code store}. */
    public VersionLog(BlobStore store, String name) {
        this.store = store;
        this.name = ObjectKey.check(name);
    }

    /** Every entry, in order, read up to the end of the log as it is now. */
    public synchronized List<LogEntry> entries() throws IOException {
        refresh();
        return List.copyOf(known);
    }

    /**
     * Appends the entry {@code change} makes from the entries before it, re-deciding it after every
     * lost race.
     *
     * @param change from the whole log so far to the payload to add, or empty to add nothing
     * @return the entry added, or empty when {@code change} added nothing
     * @throws StorageException when writers kept winning over this one far past any fair share
     */
    public synchronized Optional<LogEntry> append(Function<List<LogEntry>, Optional<byte[]>> change) throws IOException {
        String tag = UUID.randomUUID().toString();
        for (int attempt = 0; attempt < MOST_ATTEMPTS; attempt++) {
            refresh();
            Optional<byte[]> payload = change.apply(List.copyOf(known));
            if (payload.isEmpty()) {
                return Optional.empty();
            }
            long version = known.size() + 1L;
            byte[] stored = wrap(tag, payload.get());
            try {
                store.create(key(version), Content.of(stored));
                LogEntry entry = new LogEntry(version, payload.get().clone());
                known.add(entry);
                return Optional.of(entry);
            } catch (ObjectConflictException lost) {
                // Another writer has entry N+1: read it and decide again, after a short random
                // pause so that the same writer does not win every round.
                sleep(ThreadLocalRandom.current().nextInt(1 + Math.min(attempt, 20)));
            }
        }
        throw new StorageException("log " + name + ": " + MOST_ATTEMPTS + " appends in a row lost to other writers");
    }

    /** Reads entries after the last one known, until the first that is not there. */
    private void refresh() throws IOException {
        if (known.isEmpty()) {
            // One listing rather than one read per entry to find how far the log goes.
            for (ObjectInfo.Listed listed : store.list(name + "/")) {
                long version = version(listed.key());
                if (version != known.size() + 1L) {
                    break;
                }
                Optional<LogEntry> entry = readEntry(version);
                if (entry.isEmpty()) {
                    break;
                }
                known.add(entry.get());
            }
        }
        // Then each next entry until one is missing: read-after-create is consistent on every S3,
        // where a listing need not have been.
        while (true) {
            Optional<LogEntry> next = readEntry(known.size() + 1L);
            if (next.isEmpty()) {
                return;
            }
            known.add(next.get());
        }
    }

    private Optional<LogEntry> readEntry(long version) throws IOException {
        Optional<InputStream> in = store.read(key(version));
        if (in.isEmpty()) {
            return Optional.empty();
        }
        byte[] bytes;
        try (InputStream s = in.get()) {
            bytes = s.readAllBytes();
        }
        return Optional.of(new LogEntry(version, unwrap(version, bytes)));
    }

    private String key(long version) {
        return name + "/" + String.format("%020d", version);
    }

    private long version(String key) {
        String last = key.substring(key.lastIndexOf('/') + 1);
        try {
            return key.equals(name + "/" + last) ? Long.parseLong(last) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static byte[] wrap(String tag, byte[] payload) {
        byte[] header = (HEADER + tag + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(header, header.length + payload.length);
        System.arraycopy(payload, 0, out, header.length, payload.length);
        return out;
    }

    private byte[] unwrap(long version, byte[] stored) throws StorageException {
        int newline = -1;
        for (int i = 0; i < stored.length && i < 100; i++) {
            if (stored[i] == '\n') {
                newline = i;
                break;
            }
        }
        if (newline < 0 || !new String(stored, 0, newline, StandardCharsets.US_ASCII).startsWith(HEADER)) {
            throw new StorageException("log " + name + ": entry " + version + " is not a log entry");
        }
        return Arrays.copyOfRange(stored, newline + 1, stored.length);
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while appending to a log");
        }
    }
}
