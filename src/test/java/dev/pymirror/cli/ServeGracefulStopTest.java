package dev.pymirror.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pymirror.testing.LocalPorts;
import dev.pymirror.testing.PymirrorProcess;
import dev.pymirror.testing.Wheel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to {@code pymirror serve} (what systemd, a container runtime or a rolling restart behind a
 * balancer sends): the server stops accepting at once, lets the answers under way finish for at most
 * {@code drain-timeout}, and exits 0. A large file read by a slow client stands for a wheel being
 * downloaded when the node is restarted.
 */
@Tag("slow")
class ServeGracefulStopTest {

    private static final Pattern SERVING = Pattern.compile("pymirror serving http://127\\.0\\.0\\.1:(\\d+)/simple/");
    private static final int SIZE = 60_000_000;

    @TempDir
    Path tmp;

    final Wheel big = Wheel.of("acme-big", "1.0").payload(SIZE, 42).build();

    @Test
    void aDownloadUnderWaySurvivesSigtermWhileNewConnectionsAreRefusedAndTheExitIs0() throws Exception {
        PymirrorProcess server = serve("");
        int port = port(server);
        AtomicLong received = new AtomicLong();
        // About 15 MB/s: the file takes some 4 s, well inside the default drain of 10 s.
        CompletableFuture<String> download = CompletableFuture.supplyAsync(() -> slowSha256(port, received, 4));
        try {
            awaitBytes(received, 10_000_000, download);
            server.process().destroy(); // SIGTERM
            // The listening socket closes: a new connection is refused (a balancer then asks another node).
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (LocalPorts.accepts(port) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThatThrownBy(() -> new Socket().connect(new InetSocketAddress("127.0.0.1", port), 2000))
                    .isInstanceOf(ConnectException.class);
            assertThat(download.isDone()).as("the download still under way when connections were refused").isFalse();

            assertThat(download.get(60, TimeUnit.SECONDS)).as("the whole file, cut nowhere").isEqualTo(big.sha256());
            assertThat(server.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(server.process().exitValue()).as(server.stderrSoFar()).isZero();
            assertThat(server.stderrSoFar()).contains("\"GET /big/files/acme-big/" + big.filename() + " HTTP/1.1\" 200 "
                    + big.bytes().length);
        } finally {
            server.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theDrainIsBoundedByDrainTimeout() throws Exception {
        PymirrorProcess server = serve("drain-timeout = \"1s\"\n");
        int port = port(server);
        AtomicLong received = new AtomicLong();
        // About 1 MB/s: a minute for the file, far past the drain.
        CompletableFuture<String> download = CompletableFuture.supplyAsync(() -> slowSha256(port, received, 64));
        try {
            awaitBytes(received, 1_000_000, download);
            server.process().destroy(); // SIGTERM
            assertThat(server.process().waitFor(30, TimeUnit.SECONDS)).as("stopped after its drain of 1 s").isTrue();
            assertThat(server.process().exitValue()).as(server.stderrSoFar()).isZero();
            assertThatThrownBy(() -> download.get(30, TimeUnit.SECONDS)).hasRootCauseInstanceOf(IOException.class);
        } finally {
            server.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            download.cancel(true);
        }
    }

    /** A static index holding {@link #big}, served on a free port with {@code settings} at the top of the file. */
    private PymirrorProcess serve(String settings) throws IOException {
        Path project = Files.createDirectories(tmp.resolve("tree/acme-big"));
        Files.write(project.resolve(big.filename()), big.bytes());
        Files.writeString(project.resolve("index.html"), "<!DOCTYPE html>\n<html><body><a href=\"" + big.filename()
                + "#sha256=" + big.sha256() + "\">" + big.filename() + "</a></body></html>\n");
        Path config = Files.writeString(tmp.resolve("pymirror.toml"), settings + """
                [index.big]
                kind = "static"
                path = "tree"
                """);
        return PymirrorProcess.start(tmp.resolve("run"), Map.of("PATH", System.getenv("PATH"), "HOME", tmp.toString()),
                PymirrorProcess.command("serve", "--config", config.toString(), "--port", "0", "--data",
                        tmp.resolve("data").toString()));
    }

    private static int port(PymirrorProcess server) throws Exception {
        for (int i = 0; i < 600; i++) {
            Matcher m = SERVING.matcher(server.stdoutSoFar());
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            assertThat(server.process().isAlive()).as(server.stderrSoFar()).isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("the server did not say where it listens:\n" + server.stderrSoFar());
    }

    private static void awaitBytes(AtomicLong received, long bytes, CompletableFuture<String> download) throws Exception {
        for (int i = 0; i < 1200 && received.get() < bytes; i++) {
            if (download.isDone()) {
                download.get(); // its failure
                throw new AssertionError("the download ended before " + bytes + " bytes");
            }
            Thread.sleep(50);
        }
        assertThat(received.get()).as("bytes received within a minute").isGreaterThanOrEqualTo(bytes);
    }

    /**
     * GETs the file over a plain socket, reading 64 KB at a time with a pause of {@code pauseMs}
     * after each, and returns the body's SHA-256; an IOException (wrapped) when the body is cut.
     */
    private String slowSha256(int port, AtomicLong received, int pauseMs) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setReceiveBufferSize(64 * 1024);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /big/files/acme-big/" + big.filename() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String head = head(in);
            assertThat(head).startsWith("HTTP/1.1 200 ").containsIgnoringCase("content-length: " + big.bytes().length);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            while (total < big.bytes().length) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, big.bytes().length - total));
                if (n < 0) {
                    throw new IOException("the body was cut after " + total + " of " + big.bytes().length + " bytes");
                }
                sha.update(buffer, 0, n);
                total += n;
                received.set(total);
                Thread.sleep(pauseMs);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The response's status line and headers, up to the blank line. */
    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed in the response's header: " + head);
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
