package dev.pymirror.sync.download;

import dev.pymirror.simple.InvalidPageException;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.simple.ProvenanceObject;
import dev.pymirror.store.StagedFile;
import dev.pymirror.upstream.RedactedUrl;
import dev.pymirror.upstream.UpstreamException;
import dev.pymirror.upstream.UpstreamIndex;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * Fetches the PEP 740 provenance objects the upstream lists for the files of a tree and puts each
 * beside its file ({@code <file>.provenance}), so that a tree carried to a site without the
 * upstream still serves them. Each is checked to be a provenance object and published atomically.
 *
 * <p>A provenance that cannot be had does not fail the sync: the files are what the images need.
 * It is reported as a note, the tree's page lists no provenance for that file (a link to the
 * upstream would lead nowhere on an air-gapped site), and the next sync tries again. One already in
 * the tree is not fetched again.
 */
public final class ProvenanceFetcher {

    /** PyPI's provenance objects are a few KiB; this leaves room for many attestations. */
    private static final long MAX_BYTES = 4L << 20;

    private final UpstreamIndex upstream;
    private final RetryPolicy retry;
    private final int jobs;

    public ProvenanceFetcher(UpstreamIndex upstream, RetryPolicy retry, int jobs) {
        this.upstream = upstream;
        this.retry = retry;
        this.jobs = Math.max(1, jobs);
    }

    /**
     * Fetches the provenance of every file whose upstream entry names one and that the tree lacks.
     *
     * @param placeOf where a file's provenance goes in the tree
     * @return one note per provenance that could not be had, sorted
     */
    public List<String> fetch(Collection<PlannedFile> files, java.util.function.Function<PlannedFile, Path> placeOf)
            throws IOException {
        List<String> notes = Collections.synchronizedList(new ArrayList<>());
        Semaphore running = new Semaphore(jobs);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (PlannedFile file : files) {
                ProjectFile source = file.source();
                Path target = placeOf.apply(file);
                if (source.provenance().isEmpty() || Files.isRegularFile(target)) {
                    continue;
                }
                threads.submit(() -> {
                    running.acquireUninterruptibly();
                    try {
                        String problem = fetchOne(source.provenance().get(), target);
                        if (problem != null) {
                            notes.add(file.filename() + ": its provenance was not fetched (" + problem
                                    + "); the page lists none for it, and the next sync tries again");
                        }
                    } finally {
                        running.release();
                    }
                });
            }
        }
        List<String> sorted = new ArrayList<>(notes);
        Collections.sort(sorted);
        return sorted;
    }

    /** Fetches one provenance object into place; the problem, or null when it is in place. */
    private String fetchOne(String url, Path target) {
        try {
            byte[] bytes = retry.run(() -> upstream.fetchSmall(URI.create(url), MAX_BYTES).orElse(null),
                    (n, delay, failure) -> { });
            if (bytes == null) {
                return "the upstream answers 404 for " + RedactedUrl.of(url);
            }
            ProvenanceObject.check(bytes);
            try (StagedFile staged = StagedFile.create(target)) {
                staged.write(bytes, 0, bytes.length);
                staged.publish(null, bytes.length);
            }
            return null;
        } catch (UpstreamException e) {
            return e.getMessage();
        } catch (InvalidPageException e) {
            return RedactedUrl.of(url) + " is not a provenance object: " + e.getMessage();
        } catch (IllegalArgumentException e) {
            return "'" + RedactedUrl.of(url) + "' is not a URL";
        } catch (IOException e) {
            return "cannot write " + target.getFileName() + ": " + e.getMessage();
        }
    }
}
