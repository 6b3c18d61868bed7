package dev.pymirror.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.simple.ProjectPage;
import dev.pymirror.testing.StaticIndex;
import dev.pymirror.testing.StaticIndex.Listing;
import dev.pymirror.testing.StaticIndexServer;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.TestIndexServer.Fault;
import dev.pymirror.testing.Wheel;
import dev.pymirror.upstream.UpstreamException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpstreamIndexTest {

    private final Wheel wheel = Wheel.of("Acme", "1.0").payload(300_000, 5).build();
    private final ProjectName acme = ProjectName.of("ACME");
    private TestIndexServer server;
    private UpstreamIndex upstream;

    @BeforeEach
    void start() throws IOException {
        server = TestIndexServer.start().add(wheel);
        // Generous timeouts: a loaded machine must not turn a healthy answer into a timeout.
        upstream = new UpstreamIndex(URI.create(server.simpleUrl()), Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private URI fileUrl() {
        return URI.create(server.url() + "files/" + wheel.filename());
    }

    @Test
    void readsThePageAsJsonWithAbsoluteUrlsAndRevalidates() throws Exception {
        var fetched = (PageFetch.Fetched<ProjectPage>) upstream.fetchProjectPage(acme, Validators.NONE);
        ProjectFile f = fetched.page().files().getFirst();
        assertThat(f.filename()).isEqualTo(wheel.filename());
        assertThat(f.url()).isEqualTo(fileUrl().toString());
        assertThat(f.hashes()).containsEntry("sha256", wheel.sha256());
        assertThat(fetched.validators().etag()).isNotBlank();
        assertThat(server.requests().getFirst()).isEqualTo("GET /simple/acme/ HTTP/1.1");

        assertThat(upstream.fetchProjectPage(acme, fetched.validators())).isInstanceOf(PageFetch.NotModified.class);
        assertThat(upstream.fetchProjectPage(ProjectName.of("nope"), Validators.NONE)).isInstanceOf(PageFetch.NotFound.class);
    }

    @Test
    void aServersRootGivenForItsIndexIsFoundOut() throws Exception {
        // The new user's mistake: http://host:port/ for an index at http://host:port/simple/.
        UpstreamIndex root = new UpstreamIndex(URI.create(server.url()), Duration.ofSeconds(5), Duration.ofSeconds(10));
        assertThat(root.fetchProjectPage(acme, Validators.NONE)).isInstanceOf(PageFetch.NotFound.class);
        assertThat(root.indexBelow(acme)).hasValue(URI.create(server.simpleUrl()));
        assertThat(root.indexBelow()).hasValue(URI.create(server.simpleUrl()));
        assertThat(root.notTheIndex(URI.create(server.simpleUrl()))).isEqualTo("the upstream " + server.url()
                + " is not an index: its index is " + server.simpleUrl()
                + ", which is the URL to give as the upstream (an index URL usually ends in /simple/)");
        // A project that is nowhere is just missing.
        assertThat(root.indexBelow(ProjectName.of("nope"))).isEmpty();
        // The right URL is never second-guessed, and asks nothing more.
        int asked = server.requests().size();
        assertThat(upstream.indexBelow(ProjectName.of("nope"))).isEmpty();
        assertThat(upstream.indexBelow()).isEmpty();
        assertThat(server.requests()).hasSize(asked);
    }

    @Test
    void anIndexWhoseRootIsTheIndexIsLeftAlone(@TempDir Path dir) throws Exception {
        // A static tree served at a web server's root: http://host:port/ is the index itself.
        new StaticIndex(dir).add(wheel, Listing.PLAIN).write();
        try (StaticIndexServer tree = StaticIndexServer.serve(dir.resolve("simple"))) {
            UpstreamIndex root = new UpstreamIndex(URI.create(tree.url()), Duration.ofSeconds(5), Duration.ofSeconds(10));
            assertThat(root.fetchProjectPage(acme, Validators.NONE)).isInstanceOf(PageFetch.Fetched.class);
            assertThat(root.fetchProjectPage(ProjectName.of("nope"), Validators.NONE)).isInstanceOf(PageFetch.NotFound.class);
            assertThat(root.indexBelow(ProjectName.of("nope"))).isEmpty();
            assertThat(root.indexBelow()).isEmpty();
        }
    }

    @Test
    void streamsAFile() throws Exception {
        UpstreamFile f = upstream.openFile(fileUrl()).orElseThrow();
        assertThat(f.length()).isEqualTo(wheel.bytes().length);
        try (InputStream in = f.body()) {
            assertThat(in.readAllBytes()).isEqualTo(wheel.bytes());
        }
        assertThat(upstream.openFile(URI.create(server.url() + "files/nope.whl"))).isEmpty();
        assertThat(upstream.fetchSmall(URI.create(fileUrl() + ".metadata"), 1 << 20)).hasValue(wheel.metadata());
    }

    @Test
    void compressedAnswersAreDecodedOrRefusedNeverTakenAsTheyCame() throws Exception {
        server.fault("/", Fault.GZIP);
        var fetched = (PageFetch.Fetched<ProjectPage>) upstream.fetchProjectPage(acme, Validators.NONE);
        assertThat(fetched.page().files()).hasSize(1);
        UpstreamFile f = upstream.openFile(fileUrl()).orElseThrow();
        assertThat(f.length()).isEqualTo(-1); // the encoded length says nothing of the file's
        try (InputStream in = f.body()) {
            assertThat(in.readAllBytes()).isEqualTo(wheel.bytes());
        }
        server.fault("/", Fault.BROTLI);
        expect(Kind.MALFORMED, "Content-Encoding 'br', which pymirror cannot decode");
        assertThatThrownBy(() -> upstream.openFile(fileUrl()))
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED));
    }

    @Test
    void aPageThatStallsAfterItsHeadersTimesOut() {
        server.fault("/simple/", Fault.STALL_AFTER_HEADERS).slowness(Duration.ofSeconds(30));
        UpstreamIndex impatient = new UpstreamIndex(URI.create(server.simpleUrl()), Duration.ofSeconds(5),
                Duration.ofMillis(800), Duration.ofSeconds(5));
        assertThatThrownBy(() -> impatient.fetchProjectPage(acme, Validators.NONE))
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT))
                .hasMessageContaining("sent nothing for 800ms");
        // A page that trickles is bounded as a whole.
        UpstreamIndex whole = new UpstreamIndex(URI.create(server.simpleUrl()), Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofMillis(800));
        assertThatThrownBy(() -> whole.fetchProjectPage(acme, Validators.NONE))
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT))
                .hasMessageContaining("had not sent its whole answer in time");
    }

    @Test
    void everyFailureHasAKind() throws Exception {
        server.fault("/simple/", Fault.STATUS_503);
        expect(Kind.HTTP_STATUS, "answered HTTP 503");
        server.fault("/simple/", Fault.MALFORMED_PAGE);
        expect(Kind.MALFORMED, "not a valid index page");
        server.fault("/simple/", Fault.SLOW).slowness(Duration.ofSeconds(3));
        UpstreamIndex impatient = new UpstreamIndex(URI.create(server.simpleUrl()), Duration.ofSeconds(5),
                Duration.ofMillis(800));
        assertThatThrownBy(() -> impatient.fetchProjectPage(acme, Validators.NONE))
                .isInstanceOfSatisfying(UpstreamException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
                    assertThat(e).hasMessageContaining("did not answer within 800ms");
                });
        server.fault("/simple/", Fault.TRUNCATE);
        expect(Kind.TRUNCATED, "");
        server.fault("/simple/", Fault.CLOSE);
        expect(Kind.REFUSED, "closed the connection");
        server.stop();
        expect(Kind.REFUSED, "refused the connection");

        UpstreamIndex nowhere = new UpstreamIndex(URI.create("http://no-such-host.invalid/simple/"),
                Duration.ofSeconds(2), Duration.ofSeconds(2));
        assertThatThrownBy(() -> nowhere.fetchProjectPage(acme, Validators.NONE))
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE));
    }

    @Test
    void aFileBodyThatBreaksOffOrStallsFails() throws Exception {
        server.fault("/files/", Fault.RESET_MID_BODY);
        assertThatThrownBy(() -> upstream.openFile(fileUrl()).orElseThrow().body().readAllBytes())
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRUNCATED));
        server.fault("/files/", Fault.TRUNCATE);
        assertThatThrownBy(() -> upstream.openFile(fileUrl()).orElseThrow().body().readAllBytes())
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRUNCATED));
        server.fault("/files/", Fault.STATUS_500);
        assertThatThrownBy(() -> upstream.openFile(fileUrl()))
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.kind()).isEqualTo(Kind.HTTP_STATUS));
    }

    @Test
    void aBodyThatStopsArrivingTimesOut() throws Exception {
        // Headers and a first chunk, then silence: only the watchdog can end this read.
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (var c = s.accept()) {
                    c.getInputStream().read(new byte[4096]);
                    c.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nabc".getBytes());
                    c.getOutputStream().flush();
                    Thread.sleep(10_000);
                } catch (Exception ignored) {
                    // closed by the test
                }
            });
            UpstreamIndex u = new UpstreamIndex(URI.create("http://127.0.0.1:" + s.getLocalPort() + "/simple/"),
                    Duration.ofSeconds(2), Duration.ofMillis(500));
            InputStream body = u.openFile(URI.create("http://127.0.0.1:" + s.getLocalPort() + "/f.whl")).orElseThrow().body();
            assertThatThrownBy(body::readAllBytes)
                    .isInstanceOfSatisfying(UpstreamException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
                        assertThat(e).hasMessageContaining("sent nothing for 500ms after 3 bytes");
                    });
        }
    }

    private void expect(Kind kind, String message) {
        assertThatThrownBy(() -> upstream.fetchProjectPage(acme, Validators.NONE))
                .isInstanceOfSatisfying(UpstreamException.class, e -> {
                    assertThat(e.kind()).isEqualTo(kind);
                    assertThat(e).hasMessageContaining(message).hasMessageContaining(server.simpleUrl() + "acme/");
                });
    }
}
