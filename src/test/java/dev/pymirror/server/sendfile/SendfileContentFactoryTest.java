package dev.pymirror.server.sendfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files served through the sendfile connector and content factory with Jetty's resource service,
 * checked byte for byte as a client receives them: whole, in ranges (also across the 1 GiB pieces
 * of a mapping), to a reader too slow for the socket to take a file at once, and through the ways
 * it falls back (no mapping left, a connector that does not know regions).
 */
class SendfileContentFactoryTest {

    private static final long MIN = 1 << 20;

    @TempDir
    Path dir;

    private FileServer server;
    private final FileRegions regions = new FileRegions();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        http.close();
    }

    private URI start(OpenFiles open, boolean sendfileConnector) throws Exception {
        server = new FileServer(dir, regions, sendfileConnector,
                files -> new SendfileContentFactory(files.factory(), open, regions, MIN), open);
        return server.base();
    }

    private Path randomFile(String name, int size, long seed) throws IOException {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return Files.write(dir.resolve(name), bytes);
    }

    /**
     * The server's counters once its writes have finished: a client can hold the last byte before
     * the thread that sent it has counted it or unregistered its buffer.
     */
    private long settled(LongSupplier counter, long expected) throws InterruptedException {
        for (int i = 0; i < 200 && counter.getAsLong() != expected; i++) {
            Thread.sleep(25);
        }
        return counter.getAsLong();
    }

    private long sentByTransfer(long expected) throws InterruptedException {
        return settled(regions::bytesSentByTransfer, expected);
    }

    private long inFlight() throws InterruptedException {
        return settled(regions::inFlight, 0);
    }

    private HttpResponse<byte[]> get(URI url, String range) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url);
        if (range != null) {
            request.header("Range", range);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aLargeFileIsSentByTheKernelAndArrivesWhole() throws Exception {
        Path file = randomFile("a.whl", 5 << 20, 1);
        URI base = start(new OpenFiles(4, 100), true);

        HttpResponse<byte[]> response = get(base.resolve("a.whl"), null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(5L << 20);
        assertThat(response.body()).isEqualTo(Files.readAllBytes(file));
        assertThat(sentByTransfer(5L << 20)).isEqualTo(5L << 20);
        assertThat(inFlight()).isZero();
    }

    @Test
    void aSmallFileIsLeftToTheWrappedFactory() throws Exception {
        Path file = randomFile("small.whl", 1000, 2);
        URI base = start(new OpenFiles(4, 100), true);

        assertThat(get(base.resolve("small.whl"), null).body()).isEqualTo(Files.readAllBytes(file));
        assertThat(regions.bytesSentByTransfer()).isZero();
    }

    @Test
    void rangesAndHeadAreAnsweredFromTheSameFile() throws Exception {
        Path file = randomFile("a.whl", 3 << 20, 3);
        byte[] bytes = Files.readAllBytes(file);
        URI base = start(new OpenFiles(4, 100), true);

        HttpResponse<byte[]> middle = get(base.resolve("a.whl"), "bytes=1000000-2000000");
        HttpResponse<byte[]> tail = get(base.resolve("a.whl"), "bytes=-10");
        HttpResponse<Void> head = http.send(HttpRequest.newBuilder(base.resolve("a.whl"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());

        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(bytes, 1_000_000, 2_000_001));
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(bytes, bytes.length - 10, bytes.length));
        assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(3L << 20);
        assertThat(inFlight()).isZero();
    }

    @Test
    void aFileLargerThanOneMappingIsSentPieceByPiece() throws Exception {
        // Sparse: 2.5 GiB on paper, a few marked bytes on disk around the 1 GiB and 2 GiB seams.
        Path file = dir.resolve("huge.whl");
        long size = (5L << 30) / 2;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
            for (long at : new long[] {OpenFiles.PIECE - 4, 2 * OpenFiles.PIECE - 4, size - 8}) {
                raf.seek(at);
                raf.write("ABCDEFGH".getBytes(StandardCharsets.US_ASCII));
            }
        }
        URI base = start(new OpenFiles(4, 100), true);

        long from = OpenFiles.PIECE - 6;
        HttpResponse<byte[]> acrossFirst = get(base.resolve("huge.whl"), "bytes=" + from + "-" + (from + 11));
        from = 2 * OpenFiles.PIECE - 6;
        HttpResponse<byte[]> acrossSecond = get(base.resolve("huge.whl"), "bytes=" + from + "-" + (from + 11));
        HttpResponse<byte[]> end = get(base.resolve("huge.whl"), "bytes=-6");

        assertThat(new String(acrossFirst.body(), StandardCharsets.ISO_8859_1)).isEqualTo("\0\0ABCDEFGH\0\0");
        assertThat(new String(acrossSecond.body(), StandardCharsets.ISO_8859_1)).isEqualTo("\0\0ABCDEFGH\0\0");
        assertThat(new String(end.body(), StandardCharsets.ISO_8859_1)).isEqualTo("CDEFGH");
        assertThat(sentByTransfer(30)).isEqualTo(30);
    }

    @Test
    void aSlowReaderGetsEveryByteAsTheSocketDrains() throws Exception {
        Path file = randomFile("slow.whl", 16 << 20, 4);
        URI base = start(new OpenFiles(4, 100), true);

        byte[] received;
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(8192);
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()));
            OutputStream out = socket.getOutputStream();
            out.write("GET /slow.whl HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] chunk = new byte[256 * 1024];
            int n;
            while ((n = in.read(chunk)) >= 0) {
                all.write(chunk, 0, n);
                if (all.size() < (4 << 20)) {
                    Thread.sleep(2); // the first megabytes slowly: the socket fills and the server must wait
                }
            }
            received = all.toByteArray();
        }

        String text = new String(received, StandardCharsets.ISO_8859_1);
        int bodyAt = text.indexOf("\r\n\r\n") + 4;
        assertThat(text).startsWith("HTTP/1.1 200");
        assertThat(Arrays.copyOfRange(received, bodyAt, received.length)).isEqualTo(Files.readAllBytes(file));
        assertThat(sentByTransfer(16L << 20)).isEqualTo(16L << 20);
    }

    @Test
    void aClientThatLeavesMidFileEndsItsTransferAndOthersGoOn() throws Exception {
        Path file = randomFile("left.whl", 16 << 20, 10);
        OpenFiles open = new OpenFiles(4, 100);
        URI base = start(open, true);

        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(8192);
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()));
            socket.getOutputStream().write("GET /left.whl HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getInputStream().readNBytes(1 << 20);
            assertThat(regions.inFlight()).isEqualTo(1);
        }
        assertThat(inFlight()).as("the abandoned write was failed and unregistered").isZero();
        assertThat(get(base.resolve("left.whl"), null).body()).isEqualTo(Files.readAllBytes(file));
        assertThat(open.cached()).isEqualTo(1);
    }

    @Test
    void aFileCutShortWhileSentEndsTheResponseInsteadOfWaitingForever() throws Exception {
        Path file = randomFile("cut.whl", 16 << 20, 11);
        URI base = start(new OpenFiles(4, 100), true);

        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(8192);
            socket.setSoTimeout(30_000);
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()));
            socket.getOutputStream().write("GET /cut.whl HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            in.readNBytes(1 << 20);
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.setLength(2 << 20);
            }
            long total = 1 << 20;
            byte[] chunk = new byte[64 * 1024];
            try {
                int n;
                while ((n = in.read(chunk)) >= 0) { // until the server ends the connection: the body is short
                    total += n;
                }
            } catch (java.net.SocketException reset) {
                // ended by a reset rather than a close: as good
            }
            assertThat(total).isLessThan(16L << 20);
        }
        assertThat(inFlight()).isZero();
    }

    @Test
    void manyClientsAtOnceShareOneOpenFile() throws Exception {
        Path file = randomFile("shared.whl", 3 << 20, 5);
        byte[] bytes = Files.readAllBytes(file);
        OpenFiles open = new OpenFiles(4, 100);
        URI base = start(open, true);

        CompletableFuture<?>[] all = new CompletableFuture<?>[20];
        for (int i = 0; i < all.length; i++) {
            all[i] = http.sendAsync(HttpRequest.newBuilder(base.resolve("shared.whl")).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).thenAccept(r -> assertThat(r.body()).isEqualTo(bytes));
        }
        CompletableFuture.allOf(all).get(1, TimeUnit.MINUTES);

        assertThat(open.cached()).isEqualTo(1);
        assertThat(open.liveMappings()).isEqualTo(1);
        assertThat(sentByTransfer(20L * bytes.length)).isEqualTo(20L * bytes.length);
    }

    @Test
    void withNoMappingLeftTheFileIsSentTheOrdinaryWay() throws Exception {
        Path file = randomFile("a.whl", 2 << 20, 6);
        URI base = start(new OpenFiles(4, 0), true);

        assertThat(get(base.resolve("a.whl"), null).body()).isEqualTo(Files.readAllBytes(file));
        assertThat(get(base.resolve("a.whl"), "bytes=5-9").body()).isEqualTo(Arrays.copyOfRange(Files.readAllBytes(file), 5, 10));
        assertThat(regions.bytesSentByTransfer()).isZero();
    }

    @Test
    void aConnectorThatDoesNotKnowRegionsWritesTheMappingAsMemory() throws Exception {
        Path file = randomFile("a.whl", 2 << 20, 7);
        URI base = start(new OpenFiles(4, 100), false);

        assertThat(get(base.resolve("a.whl"), null).body()).isEqualTo(Files.readAllBytes(file));
        assertThat(regions.bytesSentByTransfer()).isZero();
        assertThat(inFlight()).isZero();
    }

    @Test
    void aFileReplacedByAnotherIsNotSentFromTheOldMapping() throws Exception {
        randomFile("a.whl", 2 << 20, 8);
        URI base = start(new OpenFiles(4, 100), true);
        get(base.resolve("a.whl"), null);

        Path replacement = randomFile("a.whl.new", 3 << 20, 9);
        Files.move(replacement, dir.resolve("a.whl"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);

        assertThat(get(base.resolve("a.whl"), null).body()).isEqualTo(Files.readAllBytes(dir.resolve("a.whl")));
    }
}
