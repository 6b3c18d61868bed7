package dev.pymirror.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;

/** Waiting for a server a test or a benchmark started to answer, and failing at once if it died instead. */
public final class ServerWait {

    private ServerWait() {}

    /** Returns once {@code url} answers 200; throws when {@code process} exits or {@code seconds} pass. */
    public static void awaitOk(HttpClient http, String url, Process process, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server for " + url + " exited with " + process.exitValue());
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException(url + " did not answer within " + seconds + " s");
    }
}
