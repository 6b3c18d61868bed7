package dev.pymirror.sync.download;

import dev.pymirror.store.ContentMismatchException;
import dev.pymirror.store.Digesters;
import dev.pymirror.store.StagedFile;
import dev.pymirror.upstream.UpstreamException;
import dev.pymirror.upstream.UpstreamFile;
import dev.pymirror.upstream.UpstreamIndex;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * Downloads one file from the upstream into place, checked: its size and every digest the index
 * states, and the user's hash pins, before it is published atomically ({@link StagedFile}). A
 * failure that may pass is retried with back-off; a wrong hash from the index counts as one,
 * since bytes can be damaged on the way.
 */
public final class FileFetcher {

    private static final int BUFFER = 64 * 1024;

    private final UpstreamIndex upstream;
    private final RetryPolicy retry;

    public FileFetcher(UpstreamIndex upstream, RetryPolicy retry) {
        this.upstream = upstream;
        this.retry = retry;
    }

    /** Says when an attempt failed and another follows. */
    @FunctionalInterface
    public interface RetryNotice {
        void retrying(URI url, int failedAttempt, java.time.Duration delay, String reason);
    }

    /**
     * Downloads {@code url} to {@code target}.
     *
     * @param progress told the number of bytes of each chunk received (also of failed attempts;
     *     {@code -received} is reported when an attempt fails, so totals stay right)
     * @throws DownloadException when the file cannot be had: the message says which and why
     */
    public FetchedFile fetch(URI url, Path target, ExpectedFile expected, LongConsumer progress, RetryNotice notice)
            throws DownloadException {
        try {
            return retry.run(() -> attempt(url, target, expected, progress),
                    (n, delay, failure) -> notice.retrying(url, n, delay, failure.getMessage()));
        } catch (UpstreamException e) {
            throw new DownloadException(target.getFileName() + ": " + e.getMessage(), e);
        } catch (PinMismatch e) {
            throw new DownloadException(e.getMessage());
        } catch (LocalFailure e) {
            throw new DownloadException(e.getMessage(), e.getCause());
        }
    }

    /** The bytes are what the index said, but not what the user pinned: asking again will not help. */
    private static final class PinMismatch extends RuntimeException {
        PinMismatch(String message) {
            super(message, null, false, false);
        }
    }

    private FetchedFile attempt(URI url, Path target, ExpectedFile expected, LongConsumer progress)
            throws UpstreamException {
        Optional<UpstreamFile> opened = upstream.openFile(url);
        if (opened.isEmpty()) {
            throw new UpstreamException(UpstreamException.Kind.HTTP_STATUS, url,
                    "the upstream lists the file but answers 404 for it");
        }
        UpstreamFile file = opened.get();
        // The staged file computes SHA-256 itself and checks it against the index's when publishing;
        // every other algorithm it states that can be computed, and SHA-256 when it states none, are
        // computed here, and all of them must match.
        String statedSha256 = expected.sha256();
        Set<String> more = new LinkedHashSet<>(expected.pins().digests().keySet());
        if (statedSha256 == null) {
            more.add("sha256");
        } else {
            more.remove("sha256");
        }
        Digesters digesters = Digesters.forStated(expected.digests(), Set.of("sha256")).also(more);
        long received = 0;
        try (InputStream in = file.body(); StagedFile staged = StagedFile.create(target)) {
            byte[] buffer = new byte[BUFFER];
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (expected.size() >= 0 && received + n > expected.size()) {
                    // Stop at once: a body decoded from gzip could otherwise fill the disk.
                    throw new UpstreamException(UpstreamException.Kind.TRUNCATED, url, "received more than the "
                            + expected.size() + " bytes the index states");
                }
                staged.write(buffer, 0, n);
                digesters.update(buffer, 0, n);
                received += n;
                progress.accept(n);
            }
            Map<String, String> actual = new java.util.HashMap<>(digesters.finish());
            if (statedSha256 != null) {
                actual.put("sha256", statedSha256); // checked by the staged file below before anything is published
            }
            var wrong = Digesters.mismatch(expected.digests(), actual);
            if (wrong.isPresent()) {
                String algorithm = wrong.get();
                throw new UpstreamException(UpstreamException.Kind.HASH_MISMATCH, url, "the bytes received have "
                        + algorithm + " " + actual.get(algorithm) + ", not the " + expected.digests().get(algorithm)
                        + " the index states");
            }
            if (expected.size() >= 0 && expected.size() != received) {
                throw new UpstreamException(UpstreamException.Kind.TRUNCATED, url, "received " + received
                        + " bytes, not the " + expected.size() + " the index states");
            }
            if (!expected.pins().matchesDigests(actual)) {
                throw new PinMismatch(target.getFileName() + ": the bytes (sha256 " + actual.get("sha256")
                        + ") match none of the --hash pins (" + expected.pins() + ")");
            }
            String sha256 = staged.publish(statedSha256 != null ? statedSha256 : actual.get("sha256"), received);
            return new FetchedFile(target, sha256, received);
        } catch (UpstreamException e) {
            progress.accept(-received);
            throw e;
        } catch (ContentMismatchException e) {
            progress.accept(-received);
            throw new UpstreamException(UpstreamException.Kind.HASH_MISMATCH, url, e.getMessage(), e);
        } catch (PinMismatch e) {
            progress.accept(-received);
            throw e;
        } catch (IOException e) {
            progress.accept(-received);
            // The body's stream fails with UpstreamException; anything else here is the local disk.
            throw new LocalFailure(target, e);
        }
    }

    /** Writing to the local disk failed: not the upstream's fault and not worth a retry. */
    private static final class LocalFailure extends RuntimeException {
        LocalFailure(Path target, IOException cause) {
            super("cannot write " + target + ": " + cause.getMessage(), cause);
        }
    }
}
