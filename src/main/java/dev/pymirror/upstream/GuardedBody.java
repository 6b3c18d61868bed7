package dev.pymirror.upstream;

import dev.pymirror.upstream.UpstreamException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * An upstream body that cannot hang or end short without saying so.
 *
 * <p>A watchdog aborts the exchange when no byte has arrived for the read timeout, or when the
 * whole body has not arrived by its deadline (a page that trickles a byte now and then), which
 * makes the blocked read fail, and the failure is reported as a TIMEOUT; so is the socket's own
 * read timeout, the same silence seen first by the socket. A body that ends before its
 * Content-Length, or breaks off, is reported as TRUNCATED.
 */
final class GuardedBody extends InputStream {

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pymirror-upstream-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final URI url;
    private final InputStream in;
    private final Runnable abort;
    private final long declaredLength;
    private final long timeoutNanos;
    private final long deadlineNanos;
    private final ScheduledFuture<?> check;
    private volatile long lastProgress = System.nanoTime();
    private volatile boolean stalled;
    private volatile boolean late;
    private long received;

    GuardedBody(URI url, InputStream in, Runnable abort, long declaredLength, Duration timeout) {
        this(url, in, abort, declaredLength, timeout, Long.MAX_VALUE);
    }

    /**
     * @param abort ends the exchange from the watchdog's thread while a read may be blocked in it
     * @param deadlineNanos the {@link System#nanoTime()} by which the whole body must have arrived,
     *     or {@link Long#MAX_VALUE} for none
     */
    GuardedBody(URI url, InputStream in, Runnable abort, long declaredLength, Duration timeout, long deadlineNanos) {
        this.url = url;
        this.in = in;
        this.abort = abort;
        this.declaredLength = declaredLength;
        this.timeoutNanos = timeout.toNanos();
        this.deadlineNanos = deadlineNanos;
        long period = Math.max(50, Math.min(1000, timeout.toMillis() / 4));
        this.check = WATCHDOG.scheduleAtFixedRate(this::checkProgress, period, period, TimeUnit.MILLISECONDS);
    }

    private void checkProgress() {
        long now = System.nanoTime();
        boolean overdue = deadlineNanos != Long.MAX_VALUE && now - deadlineNanos > 0;
        if (now - lastProgress > timeoutNanos || overdue) {
            late = overdue;
            stalled = true;
            check.cancel(false);
            // The blocked reader fails; that failure is what is reported.
            abort.run();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = in.read(b, off, len);
        } catch (IOException e) {
            throw failure(e);
        }
        if (stalled) {
            throw failure(null);
        }
        if (n < 0) {
            check.cancel(false);
            if (declaredLength >= 0 && received < declaredLength) {
                throw new UpstreamException(Kind.TRUNCATED, url, "the upstream's answer ended after "
                        + received + " of " + declaredLength + " bytes");
            }
            return -1;
        }
        received += n;
        lastProgress = System.nanoTime();
        return n;
    }

    private UpstreamException failure(IOException cause) {
        check.cancel(false);
        if (cause instanceof java.net.SocketTimeoutException) {
            stalled = true;
            late = deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos > 0;
        }
        if (stalled && late) {
            return new UpstreamException(Kind.TIMEOUT, url, "the upstream had not sent its whole answer in time ("
                    + received + " bytes)", cause);
        }
        if (stalled) {
            return new UpstreamException(Kind.TIMEOUT, url, "the upstream sent nothing for "
                    + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + "ms after " + received + " bytes", cause);
        }
        if (cause instanceof UpstreamException u) {
            return u;
        }
        return new UpstreamException(Kind.TRUNCATED, url, "the upstream's answer broke off after " + received
                + " bytes: " + cause.getMessage(), cause);
    }

    @Override
    public void close() throws IOException {
        check.cancel(false);
        in.close();
    }
}
