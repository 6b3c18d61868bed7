package dev.pymirror.sync.download;

import dev.pymirror.store.Digesters;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Downloads the planned files in parallel, at most {@code jobs} at a time, each checked and put in
 * place atomically, retried with back-off when the upstream falters. A file already downloaded
 * while resolving is moved from the spool instead. One file failing does not stop the others:
 * every failure is reported at the end.
 */
public final class Downloader {

    private final FileFetcher fetcher;
    private final Spool spool;
    private final int jobs;
    private final DownloadListener listener;

    public Downloader(FileFetcher fetcher, Spool spool, int jobs, DownloadListener listener) {
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be at least 1: " + jobs);
        }
        this.fetcher = fetcher;
        this.spool = spool;
        this.jobs = jobs;
        this.listener = listener;
    }

    public DownloadResult download(List<PlannedFile> files) {
        listener.planned(files.size(), files.stream().mapToLong(f -> Math.max(0, f.expected().size())).sum());
        Map<PlannedFile, FetchedFile> done = new ConcurrentHashMap<>();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicLong bytes = new AtomicLong();
        Semaphore slots = new Semaphore(jobs);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (PlannedFile file : files) {
                executor.execute(() -> {
                    try {
                        slots.acquire();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        failures.add(file.filename() + ": interrupted");
                        return;
                    }
                    try {
                        listener.started(file);
                        Optional<FetchedFile> spooled = spool.get(file.filename());
                        FetchedFile fetched;
                        boolean reused = spooled.isPresent();
                        if (reused) {
                            fetched = fromSpool(file, spooled.get());
                        } else {
                            fetched = fetcher.fetch(URI.create(file.source().url()), file.target(), file.expected(),
                                    n -> {
                                        bytes.addAndGet(n);
                                        listener.received(n);
                                    },
                                    listener::retrying);
                        }
                        done.put(file, fetched);
                        listener.finished(file, fetched, reused);
                    } catch (DownloadException e) {
                        failures.add(e.getMessage());
                        listener.failed(file, e.getMessage());
                    } catch (IOException | RuntimeException e) {
                        String reason = file.filename() + ": " + e.getMessage();
                        failures.add(reason);
                        listener.failed(file, reason);
                    } finally {
                        slots.release();
                    }
                });
            }
        }
        List<String> ordered = new ArrayList<>(failures);
        Collections.sort(ordered);
        return new DownloadResult(done, ordered, bytes.get());
    }

    /** Moves a file downloaded while resolving into place, after checking it against the user's pins. */
    private FetchedFile fromSpool(PlannedFile file, FetchedFile spooled) throws IOException, DownloadException {
        if (!file.expected().pins().isEmpty()) {
            Digesters digesters = Digesters.of(file.expected().pins().digests().keySet());
            try (InputStream in = Files.newInputStream(spooled.path())) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    digesters.update(buffer, 0, n);
                }
            }
            if (!file.expected().pins().matchesDigests(digesters.finish())) {
                throw new DownloadException(file.filename() + ": the bytes (sha256 " + spooled.sha256()
                        + ") match none of the --hash pins (" + file.expected().pins() + ")");
            }
        }
        Files.createDirectories(file.target().getParent());
        try {
            Files.move(spooled.path(), file.target(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot move " + spooled.path() + " into " + file.target()
                    + " atomically; the spool and the tree must be on one file system", e);
        }
        return new FetchedFile(file.target(), spooled.sha256(), spooled.size());
    }
}
