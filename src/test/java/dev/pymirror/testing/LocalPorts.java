package dev.pymirror.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Ports of 127.0.0.1 for tests that start a server of their own (pymirror, nginx, S3Proxy): one
 * free to give it, and whether something accepts connections there yet (or still). Every test
 * server listens on 127.0.0.1, so that is where both look; the tests had a copy of each in many
 * classes.
 */
public final class LocalPorts {

    private LocalPorts() {}

    /** A port of 127.0.0.1 that nothing listens on now (the kernel's pick; another may take it before the caller). */
    public static int free() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    /**
     * Returns once {@code process}, just started, accepts connections on 127.0.0.1:{@code port};
     * if it dies or 30 s pass first, stops it and throws with {@code log}'s text, which says why.
     */
    public static void awaitListening(Process process, String name, int port, Callable<String> log)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!accepts(port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroy();
                String why;
                try {
                    why = log.call();
                } catch (Exception e) {
                    why = "(its log could not be read: " + e + ")";
                }
                throw new IOException(name + " did not listen on port " + port + ":\n" + why);
            }
            Thread.sleep(50);
        }
    }

    /** Whether a connection to 127.0.0.1:{@code port} is accepted within 200 ms. */
    public static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
