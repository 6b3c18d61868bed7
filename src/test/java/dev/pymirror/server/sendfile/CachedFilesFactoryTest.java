package dev.pymirror.server.sendfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files kept in memory by Jetty's cache, sent from the file by the kernel when they are large enough. */
class CachedFilesFactoryTest {

    private static final long MIN = 16 * 1024;

    @TempDir
    Path dir;

    private FileServer server;
    private final FileRegions regions = new FileRegions();
    private final OpenFiles open = OpenFiles.withoutMappings(4);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        http.close();
    }

    private URI start(boolean sendfileConnector) throws Exception {
        server = new FileServer(dir, regions, sendfileConnector,
                files -> new CachedFilesFactory(files.factory(), files.pool(), open, regions, MIN), open);
        return server.base();
    }

    private byte[] file(String name, int size) throws Exception {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        Files.write(dir.resolve(name), bytes);
        return bytes;
    }

    private HttpResponse<byte[]> get(URI url, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aKeptFileIsSentFromTheFileEveryTime() throws Exception {
        byte[] wheel = file("a.whl", 50_000);
        URI base = start(true);

        assertThat(get(base.resolve("a.whl")).body()).isEqualTo(wheel);
        assertThat(get(base.resolve("a.whl")).body()).isEqualTo(wheel);
        assertThat(get(base.resolve("a.whl"), "Range", "bytes=100-199").body())
                .isEqualTo(Arrays.copyOfRange(wheel, 100, 200));

        assertThat(regions.bytesSentByTransfer()).isEqualTo(2 * 50_000 + 100);
        assertThat(regions.inFlight()).isZero();
        assertThat(open.cached()).isEqualTo(1);
        assertThat(open.liveMappings()).as("the bytes are in memory already: nothing is mapped").isZero();
    }

    @Test
    void aSmallFileIsWrittenFromMemory() throws Exception {
        byte[] metadata = file("a.whl.metadata", 2_000);
        URI base = start(true);

        assertThat(get(base.resolve("a.whl.metadata")).body()).isEqualTo(metadata);
        assertThat(regions.bytesSentByTransfer()).isZero();
        assertThat(open.cached()).isZero();
    }

    @Test
    void aConnectorThatCannotSendFilesWritesTheSameBytesFromMemory() throws Exception {
        byte[] wheel = file("a.whl", 50_000);
        URI base = start(false);

        assertThat(get(base.resolve("a.whl")).body()).isEqualTo(wheel);
        assertThat(regions.bytesSentByTransfer()).isZero();
        assertThat(regions.inFlight()).isZero();
    }

    @Test
    void aMissingFileIsNotRememberedAsMissing() throws Exception {
        URI base = start(true);
        assertThat(get(base.resolve("late.whl")).statusCode()).isEqualTo(404);

        byte[] wheel = file("late.whl", 20_000);

        HttpResponse<byte[]> arrived = get(base.resolve("late.whl"));
        assertThat(arrived.statusCode()).isEqualTo(200);
        assertThat(arrived.body()).isEqualTo(wheel);
    }
}
