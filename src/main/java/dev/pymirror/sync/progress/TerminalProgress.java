package dev.pymirror.sync.progress;

import dev.pymirror.upstream.RedactedUrl;
import dev.pymirror.packaging.ProjectName;
import dev.pymirror.sync.SyncListener;
import dev.pymirror.sync.download.FetchedFile;
import dev.pymirror.sync.download.PlannedFile;
import dev.pymirror.sync.index.UpstreamPackageIndex.MetadataSource;
import dev.pymirror.sync.resolve.Resolution;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Progress on a terminal: one line redrawn in place, at most ten times a second. While resolving
 * it counts pages and metadata read; while downloading it shows a bar, files, bytes, the rate and
 * the time left. Steps, notes, retries and failures are printed above it as lines of their own.
 *
 * <p>Hand-written rather than a library: the line is all that is needed, and it keeps the
 * program's dependencies as they are.
 */
public final class TerminalProgress implements SyncListener, AutoCloseable {

    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int BAR = 24;
    private static final String CLEAR = "\r\033[2K";

    private final PrintWriter out;
    private final LongSupplier nanoTime;
    private final int width;
    private long lastDraw = Long.MIN_VALUE;
    private boolean downloading;
    private int pages;
    private int metadata;
    private int totalFiles;
    private int doneFiles;
    private long totalBytes;
    private long received;
    private long downloadStart;
    private boolean lineShown;

    /**
     * @param out where to draw (the terminal)
     * @param nanoTime the clock, {@code System::nanoTime} outside tests
     * @param width the terminal's columns; lines are cut to fit
     */
    public TerminalProgress(PrintWriter out, LongSupplier nanoTime, int width) {
        this.out = out;
        this.nanoTime = nanoTime;
        this.width = Math.max(40, width);
    }

    @Override
    public synchronized void step(String description) {
        above(description);
    }

    @Override
    public synchronized void resolved(Resolution resolution) {
        above("  " + resolution.target().name() + ": " + resolution.packages().size() + " packages");
    }

    @Override
    public synchronized void note(String message) {
        above("note: " + message);
    }

    @Override
    public synchronized void pageFetched(ProjectName project, int filesListed) {
        pages++;
        redraw(false);
    }

    @Override
    public synchronized void metadataRead(String filename, MetadataSource source) {
        metadata++;
        redraw(false);
    }

    @Override
    public synchronized void planned(int files, long bytes) {
        downloading = true;
        totalFiles = files;
        totalBytes = bytes;
        received = 0;
        doneFiles = 0;
        downloadStart = nanoTime.getAsLong();
        redraw(true);
    }

    @Override
    public synchronized void received(long bytes) {
        received += bytes;
        redraw(false);
    }

    @Override
    public synchronized void finished(PlannedFile file, FetchedFile fetched, boolean reused) {
        doneFiles++;
        if (reused) {
            received += fetched.size(); // it counts toward the total even though it arrived earlier
        }
        redraw(doneFiles == totalFiles);
    }

    @Override
    public synchronized void retrying(URI url, int failedAttempt, Duration delay, String reason) {
        above("retrying " + RedactedUrl.of(url) + " in " + ByteSizes.format(delay) + " (attempt " + failedAttempt + " failed: " + reason + ")");
    }

    @Override
    public synchronized void failed(PlannedFile file, String reason) {
        above("FAILED " + reason);
    }

    /** Removes the progress line, leaving the lines printed above it. */
    @Override
    public synchronized void close() {
        if (lineShown) {
            out.print(CLEAR);
            out.flush();
            lineShown = false;
        }
    }

    private void above(String text) {
        out.print(lineShown ? CLEAR : "");
        out.println(text);
        lineShown = false;
        redraw(true);
    }

    private void redraw(boolean force) {
        long now = nanoTime.getAsLong();
        if (!force && lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        String line = downloading ? downloadLine(now) : pages == 0 && metadata == 0 ? null
                : "resolving: " + pages + " pages, " + metadata + " metadata files read";
        if (line == null) {
            return;
        }
        out.print(CLEAR + (line.length() > width - 1 ? line.substring(0, width - 1) : line));
        out.flush();
        lineShown = true;
    }

    /** {@code [#######.........]  12/527 files  4.50/120 MB  12.3 MB/s  ETA 9.4s}. */
    String downloadLine(long now) {
        double fraction = totalBytes > 0 ? Math.min(1.0, (double) received / totalBytes)
                : totalFiles > 0 ? (double) doneFiles / totalFiles : 1.0;
        int filled = (int) Math.round(fraction * BAR);
        StringBuilder line = new StringBuilder("[").append("#".repeat(filled)).append(".".repeat(BAR - filled))
                .append("]  ").append(doneFiles).append('/').append(totalFiles).append(" files  ")
                .append(ByteSizes.format(received)).append('/').append(ByteSizes.format(totalBytes));
        double seconds = (now - downloadStart) / 1e9;
        if (seconds > 0.2 && received > 0) {
            double rate = received / seconds;
            line.append("  ").append(ByteSizes.format((long) rate)).append("/s");
            if (totalBytes > received) {
                line.append("  ETA ").append(ByteSizes.format(Duration.ofMillis((long) ((totalBytes - received) / rate * 1000))));
            }
        }
        return line.toString();
    }
}
