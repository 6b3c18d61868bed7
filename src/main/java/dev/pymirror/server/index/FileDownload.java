package dev.pymirror.server.index;

import dev.pymirror.store.StagedFile;
import dev.pymirror.upstream.RedactedUrl;
import dev.pymirror.upstream.UpstreamException;
import dev.pymirror.upstream.UpstreamFile;
import dev.pymirror.upstream.UpstreamIndex;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One file on its way from the upstream into the cache, which any number of clients follow.
 *
 * <p>The download runs on its own thread, not on a client's: a client that hangs up does not stop
 * it, and every client asking meanwhile reads the same staged bytes as they arrive (the staging
 * file stays readable through an open channel even after it is renamed or removed). The file is
 * published only when its size and every hash pymirror can compute match what the upstream's page said.
 */
public final class FileDownload {

    private static final Logger LOG = LoggerFactory.getLogger(FileDownload.class);
    private static final int CHUNK = 256 * 1024;

    /**
     * Puts a staged file, complete and checked, where the index keeps it (a store's create-only
     * write), and says where it is then on this machine's disk to be served from.
     */
    @FunctionalInterface
    public interface Keeper {
        /**
         * @param staged the checked bytes, which stay until this returns
         * @param sha256 their SHA-256 in hex
         * @param size their count
         */
        Path keep(Path staged, String sha256, long size) throws IOException;
    }

    /** Where a download stands. */
    public enum State { CONNECTING, RECEIVING, DONE, FAILED }

    private final URI source;
    private volatile Path target;
    private final Keeper keeper;
    private final Map<String, String> expectedDigests;
    private final long expectedSize;
    private final StagedFile staged;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile State state = State.CONNECTING;
    private volatile long received;
    /** Set once every byte is in and checked: the file's size is final. */
    private volatile boolean checked;
    /** Set after {@code checked} and its hook: followers may send the last byte, before the file is kept. */
    private volatile boolean released;
    private volatile long length;
    private volatile Exception failure;

    /**
     * @param expectedDigests the digests the upstream's page states (algorithm to hex): every one
     *     pymirror can compute must match, not only SHA-256
     * @param expectedSize the size the page states, or -1
     */
    public FileDownload(URI source, Path target, Map<String, String> expectedDigests, long expectedSize)
            throws IOException {
        this(source, target, expectedDigests, expectedSize, null);
    }

    /**
     * A download staged beside {@code target} and, once checked, handed to {@code keeper} rather
     * than renamed to {@code target}; {@link #target()} is then where the keeper says.
     */
    public FileDownload(URI source, Path target, Map<String, String> expectedDigests, long expectedSize, Keeper keeper)
            throws IOException {
        this.keeper = keeper;
        this.source = source;
        this.target = target;
        this.expectedDigests = Map.copyOf(expectedDigests);
        this.expectedSize = expectedSize;
        this.length = expectedSize;
        // The upstream has the file: a crash may lose the cached copy (one download more), never
        // leave a short one under its name, which is served unchecked. The directory is not forced.
        this.staged = StagedFile.create(target).expecting(this.expectedDigests)
                .durability(StagedFile.Durability.COMPLETE_OR_ABSENT);
    }

    /** Fetches and publishes; called once, on the download's own thread. */
    public void run(UpstreamIndex upstream) {
        run(upstream, () -> { });
    }

    /**
     * Fetches, checks and publishes; called once, on the download's own thread. Once every byte is
     * in and matches the stated size and hashes, {@code verified} runs and then followers may send
     * the last byte ({@link #sendable}): forcing the bytes to disk and keeping them (a few
     * milliseconds on a real disk) are not on the client's path. A crash meanwhile loses the cached
     * copy, never leaves a short one under its name: the bytes are forced before they are kept.
     *
     * @param verified runs before any client has the last byte, so that what it changes (the page
     *     in memory gains the file's size) is seen by whoever asks next
     */
    public void run(UpstreamIndex upstream, Runnable verified) {
        try (StagedFile file = staged) {
            UpstreamFile remote = upstream.openFile(source)
                    .orElseThrow(() -> new UpstreamException(UpstreamException.Kind.HTTP_STATUS, source,
                            "the upstream lists this file on its page but answers 404 for it"));
            if (length < 0) {
                length = remote.length();
            }
            update(State.RECEIVING);
            byte[] buffer = new byte[CHUNK];
            try (InputStream in = remote.body()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (expectedSize >= 0 && received + n > expectedSize) {
                        // Stop at once: a body decoded from gzip could otherwise fill the disk.
                        throw new UpstreamException(UpstreamException.Kind.HASH_MISMATCH, source,
                                "the upstream sent more than the " + expectedSize + " bytes its page states");
                    }
                    file.write(buffer, 0, n);
                    received += n;
                    signal();
                }
            }
            String sha256 = file.verify(expectedDigests.get("sha256"), expectedSize);
            length = received;
            checked = true;
            try {
                verified.run();
            } catch (RuntimeException e) {
                LOG.warn("after checking {}: {}", target.getFileName(), e.toString()); // the file is good all the same
            }
            released = true;
            signal();
            if (keeper == null) {
                file.publish(sha256, received);
            } else {
                target = keeper.keep(file.stagingPath(), file.check(sha256, received), received);
            }
            update(State.DONE);
            LOG.debug("cached {} ({} bytes)", target.getFileName(), received);
        } catch (Exception e) {
            failure = e;
            update(State.FAILED);
            LOG.warn("download of {} failed: {}", RedactedUrl.of(source), e.getMessage());
        }
    }

    public State state() {
        return state;
    }

    /** True once the download is done or failed: nothing about it changes any more. */
    public boolean ended() {
        State s = state;
        return s == State.DONE || s == State.FAILED;
    }

    /** Bytes staged so far. */
    public long received() {
        return received;
    }

    /**
     * How many bytes a follower may send now: all of them once they are checked, one fewer before,
     * so that a client can only ever complete a verified file (if the check fails, its response
     * breaks off one byte short and it retries).
     */
    public long sendable() {
        return released ? received : Math.max(0, received - 1);
    }

    /** True once every byte is in and checked (its size is final), whether or not keeping the file then succeeds. */
    public boolean checked() {
        return checked;
    }

    /** True once a follower may send the last byte: checked, and what had to know it first knows. */
    public boolean released() {
        return released;
    }

    /** The full length when known, else -1. */
    public long length() {
        return length;
    }

    /** Why the download failed, once {@link #state()} is FAILED. */
    public Exception failure() {
        return failure;
    }

    /** The staging file, readable while the download runs. */
    public Path stagingPath() {
        return staged.stagingPath();
    }

    /** The published file, once {@link #state()} is DONE. */
    public Path target() {
        return target;
    }

    /**
     * Waits until more than {@code have} bytes are staged, or they are all checked, or the download
     * ended, or the timeout passed.
     */
    public void awaitBeyond(long have, long timeoutMillis) throws InterruptedException {
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (received <= have && !released && (state == State.CONNECTING || state == State.RECEIVING)
                    && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the upstream has answered (bytes flow) or the download ended. */
    public void awaitStart(long timeoutMillis) throws InterruptedException {
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (state == State.CONNECTING && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the download ended, either way. */
    public void awaitEnd() throws InterruptedException {
        lock.lock();
        try {
            while (state == State.CONNECTING || state == State.RECEIVING) {
                changed.await();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the download ended, either way, or {@code timeoutMillis} passed.
     *
     * @return true when it ended
     */
    public boolean awaitEnd(long timeoutMillis) throws InterruptedException {
        long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lock.lock();
        try {
            while ((state == State.CONNECTING || state == State.RECEIVING) && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
            return !(state == State.CONNECTING || state == State.RECEIVING);
        } finally {
            lock.unlock();
        }
    }

    private void update(State next) {
        lock.lock();
        try {
            state = next;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
