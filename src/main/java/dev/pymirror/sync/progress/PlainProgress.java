package dev.pymirror.sync.progress;

import dev.pymirror.upstream.RedactedUrl;
import dev.pymirror.sync.SyncListener;
import dev.pymirror.sync.download.FetchedFile;
import dev.pymirror.sync.download.PlannedFile;
import dev.pymirror.sync.resolve.Resolution;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Progress as plain log lines, for logs and CI where no terminal redraws a line: one line per step,
 * per target resolved, per file downloaded, per retry and per failure.
 */
public final class PlainProgress implements SyncListener {

    private final PrintWriter out;
    private final AtomicInteger done = new AtomicInteger();
    private volatile int total;

    public PlainProgress(PrintWriter out) {
        this.out = out;
    }

    private void line(String text) {
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }

    @Override
    public void step(String description) {
        line("==> " + description);
    }

    @Override
    public void resolved(Resolution resolution) {
        line(resolution.target().name() + ": " + resolution.packages().size() + " packages");
    }

    @Override
    public void note(String message) {
        line("note: " + message);
    }

    @Override
    public void planned(int files, long bytes) {
        total = files;
    }

    @Override
    public void finished(PlannedFile file, FetchedFile fetched, boolean reused) {
        line("fetched " + file.filename() + " (" + ByteSizes.format(fetched.size()) + (reused ? ", while resolving" : "")
                + ") [" + done.incrementAndGet() + "/" + total + "]");
    }

    @Override
    public void retrying(URI url, int failedAttempt, Duration delay, String reason) {
        line("retrying " + RedactedUrl.of(url) + " in " + ByteSizes.format(delay) + " (attempt " + failedAttempt + " failed: " + reason + ")");
    }

    @Override
    public void failed(PlannedFile file, String reason) {
        line("FAILED " + reason);
    }
}
