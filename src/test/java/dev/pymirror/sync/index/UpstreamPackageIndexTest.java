package dev.pymirror.sync.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.metadata.CoreMetadata;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.sync.download.RetryPolicy;
import dev.pymirror.sync.download.Spool;
import dev.pymirror.sync.resolve.IndexException;
import dev.pymirror.sync.resolve.UnusableFileException;
import dev.pymirror.testing.Sdist;
import dev.pymirror.testing.StaticIndex;
import dev.pymirror.testing.StaticIndex.Listing;
import dev.pymirror.testing.StaticIndexServer;
import dev.pymirror.testing.Wheel;
import dev.pymirror.upstream.UpstreamIndex;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpstreamPackageIndexTest {

    static final RetryPolicy QUICK = new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(10));

    @TempDir
    Path dir;

    final List<String> sources = Collections.synchronizedList(new ArrayList<>());
    final UpstreamPackageIndex.Listener listener = new UpstreamPackageIndex.Listener() {
        @Override
        public void metadataRead(String filename, UpstreamPackageIndex.MetadataSource source) {
            sources.add(filename + " " + source);
        }
    };

    /** A wheel larger than what is downloaded whole for its metadata. */
    static Wheel big(String name, String version) {
        return Wheel.of(name, version).requires("dep>=1; python_version >= '3.8'")
                .payload((int) UpstreamPackageIndex.WHOLE_WHEEL_BYTES + 300_000, 7).build();
    }

    UpstreamPackageIndex index(StaticIndexServer server) {
        return new UpstreamPackageIndex(new UpstreamIndex(URI.create(server.url() + "simple/"), Duration.ofSeconds(5),
                Duration.ofSeconds(5)), QUICK, new Spool(dir.resolve("spool")), UpstreamPackageIndex.LocalMetadata.NONE, 4,
                listener);
    }

    static ProjectFile only(UpstreamPackageIndex index, String project) throws IndexException {
        List<ProjectFile> files = index.files(ProjectName.of(project));
        assertThat(files).hasSize(1);
        return files.get(0);
    }

    /**
     * A resolution that fails closes the index while prefetches are still waiting for the upstream.
     * They are cancelled by interruption: that is no upstream failure to retry, and "retrying ...
     * interrupted while waiting for the upstream" after the resolution error was a false alarm.
     */
    @Test
    void aPrefetchCancelledByClosingIsNeitherRetriedNorReported() throws Exception {
        List<String> retries = Collections.synchronizedList(new ArrayList<>());
        UpstreamPackageIndex.Listener noting = new UpstreamPackageIndex.Listener() {
            @Override
            public void retrying(URI url, int failedAttempt, Duration delay, String reason) {
                retries.add(url + ": " + reason);
            }
        };
        // An upstream that accepts the connection and never answers.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CountDownLatch asked = new CountDownLatch(1);
            List<Socket> held = Collections.synchronizedList(new ArrayList<>());
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                        asked.countDown();
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            UpstreamPackageIndex index = new UpstreamPackageIndex(new UpstreamIndex(
                    URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/simple/"), Duration.ofSeconds(30),
                    Duration.ofSeconds(30)), QUICK, new Spool(dir.resolve("spool")), UpstreamPackageIndex.LocalMetadata.NONE,
                    4, noting);
            ProjectName slow = ProjectName.of("slow");
            index.prefetchFiles(List.of(slow));
            asked.await();

            index.close();

            // The cancelled fetch has ended (its page is a failure now), having said nothing.
            assertThatThrownBy(() -> index.files(slow)).isInstanceOf(IndexException.class);
            assertThat(retries).isEmpty();
            silent.close();
            acceptor.join();
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void readsABigWheelsMetadataWithRangeRequestsAlone() throws Exception {
        Wheel wheel = big("large", "1.0");
        new StaticIndex(dir.resolve("up")).add(wheel, Listing.PLAIN.withoutMetadata()).write();
        try (StaticIndexServer server = StaticIndexServer.serve(dir.resolve("up"));
                UpstreamPackageIndex index = index(server)) {
            ProjectFile file = only(index, "large");

            CoreMetadata md = index.metadata(ProjectName.of("large"), file);

            assertThat(md.requiresDist()).extracting(Object::toString).containsExactly("dep>=1; python_version >= \"3.8\"");
            assertThat(sources).containsExactly(wheel.filename() + " RANGE_REQUESTS");
            List<String> fileRequests = server.requests().stream().filter(r -> r.contains("/files/")).toList();
            assertThat(fileRequests).allMatch(r -> r.contains("Range: bytes="));
            assertThat(fileRequests.get(0)).endsWith("Range: bytes=-65536");
            assertThat(index.spooled(wheel.filename())).isEmpty();
            assertThat(index.bytesReceived()).isLessThan(100_000);
        }
    }

    @Test
    void downloadsWholeWheelsWhenTheServerIgnoresRangesAndKeepsThem() throws Exception {
        Wheel first = big("large", "1.0");
        Wheel second = big("other", "2.0");
        new StaticIndex(dir.resolve("up")).add(first, Listing.PLAIN.withoutMetadata())
                .add(second, Listing.PLAIN.withoutMetadata()).write();
        try (StaticIndexServer server = StaticIndexServer.serveWithoutRanges(dir.resolve("up"));
                UpstreamPackageIndex index = index(server)) {
            CoreMetadata md = index.metadata(ProjectName.of("large"), only(index, "large"));
            index.metadata(ProjectName.of("other"), only(index, "other"));

            assertThat(md.version().toString()).isEqualTo("1.0");
            assertThat(sources).containsExactly(first.filename() + " WHOLE_FILE", second.filename() + " WHOLE_FILE");
            assertThat(index.spooled(first.filename())).get()
                    .satisfies(f -> assertThat(Files.readAllBytes(f.path())).isEqualTo(first.bytes()));
            // Once the server showed it ignores ranges, the second wheel is not asked for by range.
            assertThat(server.requests()).contains("GET /files/" + second.filename());
            assertThat(server.requests().stream().filter(r -> r.contains(second.filename()))).hasSize(1);
        }
    }

    @Test
    void smallWheelsAreDownloadedWholeAtOnce() throws Exception {
        Wheel small = Wheel.of("small", "1.0").build();
        new StaticIndex(dir.resolve("up")).add(small, Listing.PLAIN.withoutMetadata()).write();
        try (StaticIndexServer server = StaticIndexServer.serve(dir.resolve("up"));
                UpstreamPackageIndex index = index(server)) {
            ProjectFile file = only(index, "small");
            // A static page gives no sizes; the size is what makes a wheel small enough.
            ProjectFile sized = file.toBuilder().size(small.bytes().length).build();

            index.metadata(ProjectName.of("small"), sized);

            assertThat(server.requests()).contains("GET /files/" + small.filename());
            assertThat(index.spooled(small.filename())).isPresent();
        }
    }

    @Test
    void usesPep658MetadataWhenThePageOffersIt() throws Exception {
        Wheel wheel = big("large", "1.0");
        new StaticIndex(dir.resolve("up")).add(wheel).write();
        try (StaticIndexServer server = StaticIndexServer.serve(dir.resolve("up"));
                UpstreamPackageIndex index = index(server)) {
            index.metadata(ProjectName.of("large"), only(index, "large"));

            assertThat(sources).containsExactly(wheel.filename() + " PEP_658");
            assertThat(server.requests()).contains("GET /files/" + wheel.filename() + ".metadata")
                    .doesNotContain("GET /files/" + wheel.filename());
        }
    }

    @Test
    void aPep658FileWhoseHashIsWrongIsAnIndexFailure() throws Exception {
        Wheel wheel = Wheel.of("a", "1.0").build();
        new StaticIndex(dir.resolve("up")).add(wheel).write();
        Files.writeString(dir.resolve("up/files/" + wheel.filename() + ".metadata"), "Metadata-Version: 2.1\nName: a\nVersion: 1.0\n");
        try (StaticIndexServer server = StaticIndexServer.serve(dir.resolve("up"));
                UpstreamPackageIndex index = index(server)) {
            ProjectFile file = only(index, "a");

            assertThatThrownBy(() -> index.metadata(ProjectName.of("a"), file))
                    .isInstanceOf(IndexException.class)
                    .hasMessageContaining("cannot read the metadata of a-1.0-py3-none-any.whl")
                    .hasMessageContaining("the metadata file's sha256 is not the");
        }
    }

    @Test
    void readsAnSdistsPkgInfo() throws Exception {
        Sdist sdist = Sdist.of("old-style", "1.0").metadataVersion("2.1").requires("six").build();
        new StaticIndex(dir.resolve("up")).add(sdist, Listing.PLAIN).write();
        try (StaticIndexServer server = StaticIndexServer.serve(dir.resolve("up"));
                UpstreamPackageIndex index = index(server)) {
            CoreMetadata md = index.metadata(ProjectName.of("old-style"), only(index, "old-style"));

            assertThat(md.metadataVersion().toString()).isEqualTo("2.1");
            assertThat(md.dependenciesAreReliable()).isFalse();
            assertThat(md.requiresDist()).extracting(Object::toString).containsExactly("six");
            assertThat(index.spooled(sdist.filename())).isPresent();
        }
    }

    @Test
    void aWheelWithInvalidMetadataIsUnusableNotAFailure() throws Exception {
        Wheel broken = Wheel.of("broken", "1.0").requires("not a requirement !!").build();
        new StaticIndex(dir.resolve("up")).add(broken).write();
        try (StaticIndexServer server = StaticIndexServer.serve(dir.resolve("up"));
                UpstreamPackageIndex index = index(server)) {
            ProjectFile file = only(index, "broken");

            assertThatThrownBy(() -> index.metadata(ProjectName.of("broken"), file))
                    .isInstanceOf(UnusableFileException.class)
                    .hasMessageStartingWith("its metadata is invalid");
        }
    }

    @Test
    void aProjectTheIndexDoesNotHaveHasNoFiles() throws Exception {
        new StaticIndex(dir.resolve("up")).add(Wheel.of("a", "1.0").build()).write();
        try (StaticIndexServer server = StaticIndexServer.serve(dir.resolve("up"));
                UpstreamPackageIndex index = index(server)) {
            assertThat(index.files(ProjectName.of("nowhere"))).isEmpty();
            assertThat(index.pagesFetched()).isEqualTo(1);
        }
    }

    @Test
    void theTreesOwnMetadataIsUsedFirst() throws Exception {
        Wheel wheel = Wheel.of("a", "1.0").build();
        new StaticIndex(dir.resolve("up")).add(wheel).write();
        byte[] local = "Metadata-Version: 2.1\nName: a\nVersion: 1.0\nRequires-Dist: from-the-tree\n"
                .getBytes(StandardCharsets.UTF_8);
        try (StaticIndexServer server = StaticIndexServer.serve(dir.resolve("up"));
                UpstreamPackageIndex index = new UpstreamPackageIndex(
                        new UpstreamIndex(URI.create(server.url() + "simple/"), Duration.ofSeconds(5), Duration.ofSeconds(5)),
                        QUICK, new Spool(dir.resolve("spool")), (p, f) -> java.util.Optional.of(local), 4, listener)) {
            CoreMetadata md = index.metadata(ProjectName.of("a"), only(index, "a"));

            assertThat(md.requiresDist()).extracting(Object::toString).containsExactly("from-the-tree");
            assertThat(server.requests()).noneMatch(r -> r.contains("/files/"));
        }
    }
}
