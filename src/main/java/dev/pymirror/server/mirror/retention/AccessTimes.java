package dev.pymirror.server.mirror.retention;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When each cached file ({@code project/filename}) was last served, since the last {@link #flush}.
 * Serving a file costs one map write; the disk learns of it only when flushed, as the file's atime.
 */
public final class AccessTimes {

    private static final Logger LOG = LoggerFactory.getLogger(AccessTimes.class);

    private final Clock clock;
    private final Map<String, Long> lastRead = new ConcurrentHashMap<>();

    public AccessTimes(Clock clock) {
        this.clock = clock;
    }

    /** Notes that the file {@code project/filename} was just served. */
    public void record(String key) {
        lastRead.put(key, clock.millis());
    }

    /** When the file was last served since the last flush, if it was. */
    public Optional<Instant> lastRead(String key) {
        Long millis = lastRead.get(key);
        return millis == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }

    /** Every read noted since the last flush: {@code project/filename} to epoch milliseconds. */
    public Map<String, Long> noted() {
        return Map.copyOf(lastRead);
    }

    /** Forgets the reads {@code written} (those read again meanwhile stay). */
    public void forget(Map<String, Long> written) {
        written.forEach(lastRead::remove);
    }

    /**
     * Writes every access noted to its file's atime under {@code filesDir}, and forgets it (unless it
     * was read again meanwhile). Explicitly set, the atime holds whatever the mount's atime options.
     */
    public void flush(Path filesDir) {
        for (Map.Entry<String, Long> e : lastRead.entrySet()) {
            Path file = filesDir.resolve(e.getKey());
            try {
                Files.getFileAttributeView(file, BasicFileAttributeView.class)
                        .setTimes(null, FileTime.fromMillis(e.getValue()), null);
            } catch (NoSuchFileException gone) {
                // Evicted or removed by hand: nothing to note.
            } catch (IOException failed) {
                LOG.warn("cannot note when {} was last read: {}", file, failed.getMessage());
            }
            lastRead.remove(e.getKey(), e.getValue());
        }
    }
}
