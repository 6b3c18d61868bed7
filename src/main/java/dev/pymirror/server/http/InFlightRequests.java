package dev.pymirror.server.http;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.Graceful;

/**
 * Counts the requests being answered, so that a graceful stop (SIGTERM; Jetty's stop timeout, the
 * {@code drain-timeout} setting) waits until the last of them has its last byte sent. Jetty's
 * connector stops accepting when the stop begins; this handler is what makes the stop wait for
 * the answers already under way, a file being sent included, instead of cutting them.
 *
 * <p>Unlike Jetty's own {@code GracefulHandler}, a request that arrives during the drain on a
 * connection already open is answered, not refused with 503: its client chose this node before
 * the stop began, and a balancer retries a refused connection on another node but passes a 503 on.
 * Such answers carry {@code Connection: close}, so the client's next request opens a connection,
 * which the balancer sends to a node still running.
 */
public final class InFlightRequests extends Handler.Wrapper implements Graceful {

    private final AtomicLong inFlight = new AtomicLong();
    private final Graceful.Shutdown shutdown = new Graceful.Shutdown(this) {
        @Override
        public boolean isShutdownDone() {
            return inFlight.get() == 0;
        }
    };

    public InFlightRequests(Handler handler) {
        super(handler);
    }

    /** How many requests are being answered now. */
    public long count() {
        return inFlight.get();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Handler next = getHandler();
        if (next == null) {
            return false;
        }
        inFlight.incrementAndGet();
        if (shutdown.isShutdown()) {
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        }
        Counted counted = new Counted(callback);
        boolean handled;
        try {
            handled = next.handle(request, response, counted);
        } catch (Throwable e) {
            counted.finish();
            throw e;
        }
        if (!handled) {
            counted.finish(); // Jetty answers 404 itself and never calls the callback
        }
        return handled;
    }

    @Override
    public boolean isShutdown() {
        return shutdown.isShutdown();
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        return shutdown.shutdown();
    }

    @Override
    protected void doStart() throws Exception {
        shutdown.cancel(); // a server stopped and started again serves as before
        super.doStart();
    }

    /** The request's callback, which counts the request out once, whichever way it ends. */
    private final class Counted extends Callback.Nested {

        private boolean finished;

        Counted(Callback callback) {
            super(callback);
        }

        @Override
        public void succeeded() {
            try {
                super.succeeded();
            } finally {
                finish();
            }
        }

        @Override
        public void failed(Throwable x) {
            try {
                super.failed(x);
            } finally {
                finish();
            }
        }

        void finish() {
            synchronized (this) {
                if (finished) {
                    return;
                }
                finished = true;
            }
            if (inFlight.decrementAndGet() == 0 && shutdown.isShutdown()) {
                shutdown.check();
            }
        }
    }
}
