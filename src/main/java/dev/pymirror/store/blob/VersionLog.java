package dev.pymirror.store.blob;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p>A first read would cost one GET per entry: on a bucket, about 5 ms each, so a project with a
 * thousand changes took seconds on every node that opened it (BENCHMARKS.md, "A log read whole").
 * So the writer of every {@value #CHECKPOINT_EVERY}th entry also writes a checkpoint, {@code
 * <name>/checkpoints/<N>}, holding the payloads of entries 1 to N, create-only like the entries. It
 * can never disagree with the log: entries never change, so any two checkpoints of N are the same
 * bytes (a second writer's create is a success, not a conflict), and one that is missing (its
 * writer died) only means a reader starts from an older one. A first read starts from the newest
 * checkpoint and reads the entries after it one by one. Entries are never deleted.
 *
 * <p>Thread-safe; several instances on the same log (other threads, other nodes) may append at once.
 */
public final class VersionLog {

    private static final Logger LOG = LoggerFactory.getLogger(VersionLog.class);
    private static final String HEADER = "pymirror-log-entry ";
    private static final String CHECKPOINT_HEADER = "pymirror-log-checkpoint ";
    private static final int MOST_ATTEMPTS = 1000;
    static final int CHECKPOINT_EVERY = 100;

    private final BlobStore store;
    private final String name;
    private final int checkpointEvery;
    private final List<LogEntry> known = new ArrayList<>();

    /** The log kept under {@code name/} in {@code store}. */
    public VersionLog(BlobStore store, String name) {
        this(store, name, CHECKPOINT_EVERY);
    }

    /** With a checkpoint every {@code checkpointEvery} entries (tests use small logs). */
    VersionLog(BlobStore store, String name, int checkpointEvery) {
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("checkpointEvery must be at least 1: " + checkpointEvery);
        }
        this.store = store;
        this.name = ObjectKey.check(name);
        this.checkpointEvery = checkpointEvery;
    }

    /** Every entry, in order, read up to the end of the log as it is now. */
    public synchronized List<LogEntry> entries() throws IOException {
        refresh();
        return List.copyOf(known);
    }

    /**
     * A mark of the log as it is now, taken without reading it ({@link BlobStore#folderMark}: one
     * stat on the local disk): equal marks taken before two reads mean no entry came between them,
     * so a reader that keeps what it read with the mark taken before may skip the next read. Null
     * when the store cannot say (a bucket), or not yet (a log changed a moment ago).
     */
    public String mark() throws IOException {
        return store.folderMark(name + "/").orElse(null);
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
                if (version % checkpointEvery == 0) {
                    writeCheckpoint();
                }
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
            readNewestCheckpoint();
        }
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

    /**
     * Writes the checkpoint of every entry known. Its failure costs nothing but the next first
     * read's time: the entry it follows is already in the log, so it is not the append's failure.
     */
    private void writeCheckpoint() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((CHECKPOINT_HEADER + known.size() + "\n").getBytes(StandardCharsets.US_ASCII));
        for (LogEntry e : known) {
            out.writeBytes((e.payload().length + "\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(e.payload());
        }
        try {
            store.create(checkpointKey(known.size()), Content.of(out.toByteArray()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("log {}: checkpoint of entry {} not written ({}); readers read the entries instead",
                    name, known.size(), e.getMessage());
        }
    }

    /** Takes the entries of the newest checkpoint that reads whole, if there is one. */
    private void readNewestCheckpoint() throws IOException {
        String prefix = name + "/checkpoints/";
        List<ObjectInfo.Listed> listed = store.list(prefix);
        for (int i = listed.size() - 1; i >= 0; i--) {
            String key = listed.get(i).key();
            long version = checkpointVersion(key.substring(prefix.length()));
            if (version < 1) {
                continue;
            }
            Optional<InputStream> in = store.read(key);
            if (in.isEmpty()) {
                continue; // deleted since the listing
            }
            byte[] bytes;
            try (InputStream s = in.get()) {
                bytes = s.readAllBytes();
            }
            Optional<List<LogEntry>> entries = parseCheckpoint(version, bytes);
            if (entries.isPresent()) {
                known.addAll(entries.get());
                return;
            }
            LOG.warn("log {}: ignoring the unreadable checkpoint {}", name, key);
        }
    }

    private static long checkpointVersion(String last) {
        if (last.length() != 20 || !last.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Long.parseLong(last);
    }

    /** The entries a checkpoint of {@code version} holds, or empty when it is not one whole. */
    private static Optional<List<LogEntry>> parseCheckpoint(long version, byte[] bytes) {
        int[] at = {0};
        String header = line(bytes, at);
        if (header == null || !header.equals(CHECKPOINT_HEADER + version)) {
            return Optional.empty();
        }
        List<LogEntry> entries = new ArrayList<>();
        for (long v = 1; v <= version; v++) {
            String length = line(bytes, at);
            int n;
            try {
                n = length == null ? -1 : Integer.parseInt(length);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 0 || n > bytes.length - at[0]) {
                return Optional.empty();
            }
            entries.add(new LogEntry(v, Arrays.copyOfRange(bytes, at[0], at[0] + n)));
            at[0] += n;
        }
        return at[0] == bytes.length ? Optional.of(entries) : Optional.empty();
    }

    /** The ASCII line starting at {@code at[0]} (moved past its newline), or null at the end. */
    private static String line(byte[] bytes, int[] at) {
        for (int i = at[0]; i < bytes.length && i - at[0] <= 40; i++) {
            if (bytes[i] == '\n') {
                String line = new String(bytes, at[0], i - at[0], StandardCharsets.US_ASCII);
                at[0] = i + 1;
                return line;
            }
        }
        return null;
    }

    // Locale.ROOT: %d writes the default locale's digits (Arabic-Indic in ar-EG), and every node of
    // a bucket must name a version alike.
    private String checkpointKey(long version) {
        return name + "/checkpoints/" + String.format(Locale.ROOT, "%020d", version);
    }

    private String key(long version) {
        return name + "/" + String.format(Locale.ROOT, "%020d", version);
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
