package dev.pymirror.store.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pymirror.testing.LocalPorts;
import dev.pymirror.testing.S3ProxyProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage contract on a real S3 server (S3Proxy, its own process, signatures checked), and
 * what only a bucket can do wrong: be missing, refuse the credentials, not answer.
 */
@Tag("slow")
class S3BlobStoreTest extends BlobStoreContract {

    /** The breaker's test's bound; the contract's stores wait as long as a start-up does (a busy machine's S3Proxy can take seconds). */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    @TempDir
    static Path proxyDir;

    static S3ProxyProcess proxy;

    private String bucket;
    private final AtomicInteger nodes = new AtomicInteger();

    @BeforeAll
    static void startProxy() throws Exception {
        proxy = S3ProxyProcess.start(proxyDir);
    }

    @AfterAll
    static void stopProxy() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
    }

    /** Each test its own bucket, made when its first store opens. */
    void newBucket() throws IOException {
        bucket = proxy.bucket("test-" + BUCKETS.incrementAndGet());
    }

    S3Settings settings(String bucketName) {
        return settings(bucketName, S3Settings.DEFAULT_CALL_TIMEOUT, S3Settings.DEFAULT_ATTEMPT_TIMEOUT);
    }

    S3Settings settings(String bucketName, Duration call, Duration attempt) {
        return S3Settings.parse("s3://" + bucketName + "/node-data")
                .withEndpoint(proxy.endpoint(), "us-east-1", true)
                .withCredentials(S3ProxyProcess.ACCESS_KEY, S3ProxyProcess.SECRET_KEY)
                .withTimeouts(call, attempt);
    }

    @Override
    BlobStore open() throws IOException {
        if (bucket == null) {
            newBucket();
        }
        S3BlobStore store = S3BlobStore.open(settings(bucket),
                new ObjectCache(scratch.resolve("node-cache-" + nodes.incrementAndGet()), 64 << 20));
        store.serving(); // a server's bounds: the settings' timeouts
        return store;
    }

    @Test
    void objectsLiveUnderThePrefixInTheBucket() throws IOException {
        store.create("files/a", Content.of("a".getBytes(StandardCharsets.UTF_8)));

        assertThat(proxyDir.resolve("data").resolve(bucket).resolve("node-data/files/a")).hasContent("a");
    }

    @Test
    void aMissingBucketIsNamed() {
        assertThatThrownBy(() -> S3BlobStore.open(settings("no-such-bucket"), new ObjectCache(scratch.resolve("c"), 1 << 20)))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("the bucket 'no-such-bucket' does not exist at " + proxy.endpoint());
    }

    @Test
    void refusedCredentialsAreSaidToBeRefusedAndTheSecretIsNotShown() {
        S3Settings wrong = settings(bucket).withCredentials(S3ProxyProcess.ACCESS_KEY, "not-the-secret");

        assertThatThrownBy(() -> S3BlobStore.open(wrong, new ObjectCache(scratch.resolve("c"), 1 << 20)))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("refused the credentials")
                .hasMessageNotContaining("not-the-secret");
    }

    @Test
    void anEndpointWithNothingListeningFailsAtOnceSayingSo() throws IOException {
        S3Settings down = settings(bucket).withEndpoint(
                java.net.URI.create("http://127.0.0.1:" + LocalPorts.free()), "us-east-1", true);
        long start = System.nanoTime();

        assertThatThrownBy(() -> S3BlobStore.open(down, new ObjectCache(scratch.resolve("c"), 1 << 20)))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("cannot reach the storage s3://" + bucket + "/node-data/");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(CALL_TIMEOUT.plusSeconds(5));
    }

    @Test
    void aStorageThatStopsAnsweringCostsOneTimeoutThenFailsFastAndServesAgainWhenBack() throws Exception {
        try (S3BlobStore quick = S3BlobStore.open(settings(bucket, CALL_TIMEOUT, Duration.ofSeconds(2)),
                new ObjectCache(scratch.resolve("quick-cache"), 64 << 20))) {
            quick.serving();
            breakerOpensAndCloses(quick);
        }
    }

    private void breakerOpensAndCloses(S3BlobStore store) throws Exception {
        store.create("files/kept", Content.of("kept".getBytes(StandardCharsets.UTF_8)));
        Path cached = store.localFile("files/kept").orElseThrow();

        proxy.freeze();
        try {
            long start = System.nanoTime();
            assertThatThrownBy(() -> store.stat("files/kept")).isInstanceOf(StorageUnreachableException.class)
                    .hasMessageContaining("did not answer within");
            // The call timeout bounds the call, retries included; the rest is slack for a busy machine.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(CALL_TIMEOUT.plusSeconds(3));
            assertThat(store.health().orElseThrow().reachable()).isFalse();

            // The breaker is open: no call waits for the frozen bucket any more.
            for (ThrowingCall call : new ThrowingCall[] {
                    () -> store.stat("files/kept"),
                    () -> store.create("files/new", Content.of(new byte[] {1})),
                    () -> new VersionLog(store, "logs/x").append(e -> java.util.Optional.of(new byte[] {1})),
                    () -> store.localFile("files/not-cached")}) {
                long asked = System.nanoTime();
                assertThatThrownBy(call::run).isInstanceOf(StorageUnreachableException.class)
                        .hasMessageContaining("has not answered since");
                assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(1));
            }
            // What this node has cached is still on its disk.
            assertThat(store.localFile("files/kept")).contains(cached);
            assertThat(cached).hasContent("kept");
        } finally {
            proxy.thaw();
        }
        // Back by itself: the breaker's probe finds the bucket answering again, with no call failing meanwhile.
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!store.health().orElseThrow().reachable() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(store.health().orElseThrow().reachable()).isTrue();
        assertThat(store.health().orElseThrow().backAt()).isNotNull();
        assertThat(store.stat("files/kept")).isPresent();
        assertThat(store.create("files/new", Content.of(new byte[] {1})).object().size()).isEqualTo(1);
    }

    @Test
    void whatANodeStoredItServesFromItsDiskWithoutFetchingItBackAndOnlyItHasIt() throws Exception {
        Path file = scratch.resolve("upload.whl");
        byte[] bytes = new byte[300_000];
        new java.util.Random(5).nextBytes(bytes);
        java.nio.file.Files.write(file, bytes);
        store.create("files/stored-here.whl", Content.ofFile(file));
        BlobStore other = another();

        assertThat(other.localCopy("files/stored-here.whl")).isEmpty(); // another node has fetched nothing
        proxy.freeze(); // the copy comes from the node's own bytes: no GET could be answered now
        try {
            assertThat(store.localFile("files/stored-here.whl").orElseThrow()).hasBinaryContent(bytes);
            assertThat(store.health().orElseThrow().reachable()).isTrue(); // nothing asked the bucket
        } finally {
            proxy.thaw();
        }
    }

    @Test
    void aCachedCopyIsCheckedAgainstTheHashStoredBesideTheObject() throws IOException {
        store.create("files/checked", Content.of("right".getBytes(StandardCharsets.UTF_8)));
        // Bytes changed under S3 behind pymirror's back: the copy must not be published.
        java.nio.file.Files.writeString(proxyDir.resolve("data").resolve(bucket).resolve("node-data/files/checked"), "wrong");

        assertThatThrownBy(() -> another().localFile("files/checked"))
                .isInstanceOf(dev.pymirror.store.ContentMismatchException.class);
    }

    @FunctionalInterface
    interface ThrowingCall {
        Object run() throws Exception;
    }
}
