package dev.pymirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.server.auth.UserStore;
import dev.pymirror.server.config.HostedConfig;
import dev.pymirror.server.config.IndexConfig;
import dev.pymirror.server.config.MirrorConfig;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.testing.KeptFiles;
import dev.pymirror.testing.ServerGet;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.UploadForm;
import dev.pymirror.testing.Wheel;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data directory under faults, through the real server: writes racing each other, hostile
 * archives, names near the file system's limit, a disk that refuses writes, malformed ranges.
 * Each case once lost a file, burnt CPU, or answered with the wrong status or a server path.
 */
class StoreFaultsTest {

    static final String ALICE = "alice";
    static final String ALICE_PW = "alice-password";

    @TempDir
    Path data;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    PymirrorServer server;
    TestIndexServer upstream;
    final List<Path> mounts = new ArrayList<>();
    final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();

    @BeforeEach
    void start() throws Exception {
        new UserStore(data).add(ALICE, ALICE_PW.toCharArray());
        Map<String, IndexConfig> indexes = new LinkedHashMap<>();
        upstream = TestIndexServer.start();
        indexes.put("internal", HostedConfig.defaults("internal"));
        indexes.put("pypi", MirrorConfig.defaults("pypi").withUpstream(URI.create(upstream.simpleUrl()))
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5)));
        server = PymirrorServer.start(new ServerConfig("127.0.0.1", 0, data, false, "internal", indexes));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        upstream.close();
        pool.close();
        for (Path m : mounts.reversed()) {
            run("umount", m.toString());
        }
    }

    HttpResponse<String> upload(UploadForm form) throws Exception {
        return http.send(HttpRequest.newBuilder(server.baseUrl().resolve("internal/"))
                .header("Content-Type", form.contentType()).header("Authorization", basic())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.body())).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> delete(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(server.baseUrl().resolve(path.substring(1))).DELETE()
                .header("Authorization", basic()).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        return ServerGet.get(http, server.baseUrl(), path, headers);
    }

    static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((ALICE + ":" + ALICE_PW).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aFileListedAfterADeleteRacingItsReUploadIsServed() throws Exception {
        // A delete lists the file as deleted, then removes its bytes; an upload of the same bytes
        // landing between the two is acknowledged and listed. Whatever the order, a listed file
        // must be served: the removal must never take the re-uploaded copy.
        Wheel wheel = Wheel.of("acme-race", "1.0").build();
        String file = "/internal/files/acme-race/" + wheel.filename();
        assertThat(upload(UploadForm.of(wheel, "acme-race", "1.0")).statusCode()).isEqualTo(200);
        for (int round = 0; round < 20; round++) {
            CompletableFuture<HttpResponse<String>> again = CompletableFuture.supplyAsync(() -> {
                try {
                    return upload(UploadForm.of(wheel, "acme-race", "1.0"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            HttpResponse<String> d = delete(file);
            assertThat(again.get().statusCode()).as(again.get().body()).isEqualTo(200);
            assertThat(d.statusCode()).as(d.body()).isIn(200, 404);
            boolean listed = new String(get("/internal/simple/acme-race/").body(), StandardCharsets.UTF_8)
                    .contains(wheel.filename());
            HttpResponse<byte[]> served = get(file);
            assertThat(served.statusCode()).as("round %d: listed %s", round, listed).isEqualTo(listed ? 200 : 404);
            if (listed) {
                assertThat(served.body()).isEqualTo(wheel.bytes());
            } else {
                assertThat(upload(UploadForm.of(wheel, "acme-race", "1.0")).statusCode()).isEqualTo(200);
            }
        }
    }

    /** A wheel whose file name is exactly {@code length} characters, with many platform tags as seen in the wild. */
    static Wheel longWheel(String project, int length) {
        StringBuilder platforms = new StringBuilder("manylinux_2_17_x86_64.manylinux2014_x86_64");
        for (int glibc = 18; ; glibc++) {
            String name = project.replace('-', '_') + "-1.0-cp312-cp312-" + platforms + ".whl";
            if (name.length() >= length) {
                String tag = "cp312-cp312-" + platforms.substring(0, platforms.length() - (name.length() - length));
                return Wheel.of(project, "1.0").tag(tag).build();
            }
            platforms.append(".manylinux_2_").append(glibc).append("_x86_64");
        }
    }

    @Test
    void aLegalWheelNameOf240CharactersIsUploadedAndMirrored() throws Exception {
        Wheel wheel = longWheel("acme-long", 240);
        assertThat(wheel.filename()).hasSize(240);
        HttpResponse<String> r = upload(UploadForm.of(wheel, "acme-long", "1.0"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(get("/internal/files/acme-long/" + wheel.filename()).body()).isEqualTo(wheel.bytes());
        assertThat(get("/internal/files/acme-long/" + wheel.filename() + ".metadata").body()).isEqualTo(wheel.metadata());

        upstream.add(wheel);
        HttpResponse<byte[]> mirrored = get("/pypi/files/acme-long/" + wheel.filename());
        assertThat(mirrored.statusCode()).as(new String(mirrored.body())).isEqualTo(200);
        assertThat(mirrored.body()).isEqualTo(wheel.bytes());
        // Its client has the last byte once the bytes are checked; the file is kept just after.
        KeptFiles.await(data.resolve("pypi/files/acme-long/" + wheel.filename()));
        assertThat(get("/pypi/files/acme-long/" + wheel.filename()).headers().firstValue("X-Pymirror-Cache")).hasValue("HIT");
        assertThat(get("/pypi/files/acme-long/" + wheel.filename() + ".metadata").body()).isEqualTo(wheel.metadata());
    }

    @Test
    void aNameLongerThanTheFileSystemTakesIsAClear4xx() throws Exception {
        Wheel wheel = longWheel("acme-longer", 250);
        HttpResponse<String> r = upload(UploadForm.of(wheel, "acme-longer", "1.0"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("is 250 bytes long; this server stores names of at most 246 bytes");
        assertThat(data.resolve("internal/files/acme-longer")).doesNotExist();

        upstream.add(wheel);
        HttpResponse<byte[]> mirrored = get("/pypi/files/acme-longer/" + wheel.filename());
        assertThat(mirrored.statusCode()).isEqualTo(404);
        assertThat(new String(mirrored.body())).contains("is 250 bytes long").doesNotContain(data.toString());
    }

    @Test
    void aRefusedUploadLeavesNoProjectFolderBehind() throws Exception {
        Wheel wheel = Wheel.of("acme-refused", "1.0").build();
        HttpResponse<String> r = upload(UploadForm.of(wheel, "acme-refused", "1.0").field("sha256_digest", "00"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(data.resolve("internal/files/acme-refused")).doesNotExist();
        try (Stream<Path> s = Files.walk(data.resolve("internal"))) {
            assertThat(s.filter(p -> p.getFileName().toString().startsWith(".~staged-"))).isEmpty();
        }
    }

    @Test
    void anUnparseableRangeIsIgnoredAndAnUnsatisfiableOneIs416() throws Exception {
        Wheel wheel = Wheel.of("acme-range", "1.0").build();
        assertThat(upload(UploadForm.of(wheel, "acme-range", "1.0")).statusCode()).isEqualTo(200);
        String file = "/internal/files/acme-range/" + wheel.filename();
        for (String ignored : List.of("bytes=abc", "bytes=5-2", "pages=0-3", "bytes=", "bytes=1-2-3")) {
            HttpResponse<byte[]> r = get(file, "Range", ignored);
            assertThat(r.statusCode()).as(ignored).isEqualTo(200);
            assertThat(r.body()).as(ignored).isEqualTo(wheel.bytes());
        }
        HttpResponse<byte[]> part = get(file, "Range", "bytes=0-3");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).hasSize(4);
        assertThat(get(file, "Range", "bytes=" + (wheel.bytes().length + 10) + "-").statusCode()).isEqualTo(416);
    }

    @Test
    void jettysOwnErrorsArePlainSentences() throws Exception {
        for (String target : List.of("/internal/files/acme/%zz", "/internal/files/acme/a%00b")) {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(answer).as(target).startsWith("HTTP/1.1 400").contains("text/plain")
                        .doesNotContain("<").doesNotContain("Exception").doesNotContain("org.eclipse");
            }
        }
    }

    /** Mounts a read-only view of {@code dir} over it; tests run as root, where permissions do not stop writes. */
    void readOnly(Path dir) throws Exception {
        Files.createDirectories(dir);
        Assumptions.assumeTrue(run("mount", "--bind", dir.toString(), dir.toString()) == 0,
                "needs root with mount: a read-only bind mount is the honest read-only directory");
        mounts.add(dir);
        assertThat(run("mount", "-o", "remount,ro,bind", dir.toString())).isZero();
    }

    /** Mounts a file system of {@code bytes} over {@code dir}: a disk that fills up. */
    void smallDisk(Path dir, long bytes) throws Exception {
        Files.createDirectories(dir);
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=" + bytes, "pymirror-test", dir.toString()) == 0,
                "needs root with mount: a small tmpfs is the honest full disk");
        mounts.add(dir);
    }

    static int run(String... command) throws Exception {
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }

    @Test
    void aReadOnlyDataDirectoryIsTheServersFaultNotTheClients() throws Exception {
        Wheel wheel = Wheel.of("acme-ro", "1.0").build();
        readOnly(data.resolve("internal/files"));
        HttpResponse<String> r = upload(UploadForm.of(wheel, "acme-ro", "1.0"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        assertThat(r.body()).isEqualTo("the server cannot store this now: its data directory is read-only\n");
        assertThat(get("/internal/simple/acme-ro/").statusCode()).isEqualTo(404);

        // Where the upload's parts are received, too.
        readOnly(data.resolve(".incoming"));
        HttpResponse<String> parts = upload(UploadForm.of(wheel, "acme-ro", "1.0"));
        assertThat(parts.statusCode()).as(parts.body()).isEqualTo(503);
        assertThat(parts.body()).doesNotContain(data.toString()).contains("read-only");

        // A mirror that cannot stage a download says so before the first byte.
        upstream.add(wheel);
        readOnly(data.resolve("pypi/files"));
        HttpResponse<byte[]> mirrored = get("/pypi/files/acme-ro/" + wheel.filename());
        assertThat(mirrored.statusCode()).isEqualTo(503);
        assertThat(new String(mirrored.body())).isEqualTo("the server cannot store this now: its data directory is read-only\n");
    }

    @Test
    void aFullDiskIs507WithAPlainReasonForUploadsAndDownloads() throws Exception {
        Wheel big = Wheel.of("acme-big", "1.0").payload(400_000, 7).build();
        smallDisk(data.resolve("internal/files"), 128 * 1024);
        HttpResponse<String> r = upload(UploadForm.of(big, "acme-big", "1.0"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(507);
        assertThat(r.body()).isEqualTo("the server cannot store this now: its disk is full\n");

        upstream.add(big);
        smallDisk(data.resolve("pypi/files"), 128 * 1024);
        // The download fills the disk after its first bytes went out: the response breaks off (pip
        // retries), and nothing is kept.
        try {
            HttpResponse<byte[]> mirrored = get("/pypi/files/acme-big/" + big.filename());
            assertThat(mirrored.statusCode()).isGreaterThanOrEqualTo(500);
            assertThat(new String(mirrored.body())).doesNotContain(data.toString()).doesNotContain("Exception");
        } catch (IOException e) {
            assertThat(e).hasMessageContaining("bytes received");
        }
        try (Stream<Path> s = Files.list(data.resolve("pypi/files"))) {
            assertThat(s.flatMap(p -> {
                try {
                    return Files.list(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            })).isEmpty();
        }
    }

    /** Appends a tar header for a regular file to {@code out}. */
    static void tarHeader(OutputStream out, String name, long size) throws IOException {
        byte[] h = new byte[512];
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(n, 0, h, 0, n.length);
        put(h, 100, String.format("%07o", 0644));
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", size));
        put(h, 136, "00000000000");
        h[156] = '0';
        put(h, 257, "ustar");
        put(h, 263, "00");
        java.util.Arrays.fill(h, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        out.write(h);
    }

    static void put(byte[] header, int offset, String value) {
        byte[] v = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(v, 0, header, offset, v.length);
    }

    /** An sdist whose PKG-INFO comes after {@code zeros} bytes of zeros, written as it is compressed. */
    Path bomb(long zeros, int emptyEntries) throws IOException {
        Path file = data.resolve("acme-bomb-1.0.tar.gz");
        byte[] pkgInfo = "Metadata-Version: 2.2\nName: acme-bomb\nVersion: 1.0\n\n".getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = new java.util.zip.GZIPOutputStream(new java.io.BufferedOutputStream(
                Files.newOutputStream(file)), 1 << 16)) {
            byte[] chunk = new byte[1 << 20];
            if (zeros > 0) {
                tarHeader(out, "acme-bomb-1.0/zeros", zeros);
                for (long left = zeros; left > 0; left -= chunk.length) {
                    out.write(chunk, 0, (int) Math.min(chunk.length, left));
                }
            }
            for (int i = 0; i < emptyEntries; i++) {
                tarHeader(out, "acme-bomb-1.0/e" + i, 0);
            }
            tarHeader(out, "acme-bomb-1.0/PKG-INFO", pkgInfo.length);
            out.write(pkgInfo);
            out.write(new byte[512 - pkgInfo.length % 512]);
            out.write(new byte[1024]);
        }
        return file;
    }

    @Test
    void anSdistThatInflatesBeyondReasonIsRefusedQuickly() throws Exception {
        // 200 MB of zeros compress to some 200 KB; PKG-INFO is behind them.
        Path zeros = bomb(200L << 20, 0);
        assertThat(Files.size(zeros)).isLessThan(1 << 20);
        HttpResponse<String> r = upload(UploadForm.of("acme-bomb-1.0.tar.gz", Files.readAllBytes(zeros), "acme-bomb", "1.0"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains("acme-bomb-1.0.tar.gz inflates to more than 134217728 bytes before its PKG-INFO")
                .doesNotContain(".~staged");

        Path entries = bomb(0, 120_000);
        HttpResponse<String> many = upload(UploadForm.of("acme-bomb-1.0.tar.gz", Files.readAllBytes(entries), "acme-bomb", "1.0"));
        assertThat(many.statusCode()).as(many.body()).isEqualTo(400);
        assertThat(many.body()).contains("holds more than 100000 entries before its PKG-INFO");
        assertThat(get("/internal/simple/acme-bomb/").statusCode()).isEqualTo(404);

        // The same shape, small, is an sdist like any other.
        Path fine = bomb(1 << 20, 100);
        assertThat(upload(UploadForm.of("acme-bomb-1.0.tar.gz", Files.readAllBytes(fine), "acme-bomb", "1.0")).statusCode())
                .isEqualTo(200);
    }

    interface Call<T> {
        T call() throws Exception;
    }

    static <T> T send(Call<T> call) {
        try {
            return call.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
