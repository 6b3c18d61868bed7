package dev.pymirror.bench;

import dev.pymirror.store.blob.BlobStore;
import dev.pymirror.store.blob.LocalBlobStore;
import dev.pymirror.store.blob.ObjectCache;
import dev.pymirror.store.blob.S3BlobStore;
import dev.pymirror.store.blob.S3Settings;
import dev.pymirror.store.blob.VersionLog;
import dev.pymirror.testing.S3ProxyProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a {@link VersionLog} of N entries costs to read whole, as a node does the first time it
 * meets a hosted project's log, a mirror project's first-seen times or the users' log: on S3Proxy
 * (same host) and on the data directory. Each size gets a log of its own, appended by one writer
 * (entries of about 300 bytes, the size of a hosted upload's entry), then read from the start by a
 * new store and log each time, as a node just started reads it; the median of a few reads, after
 * one not counted.
 *
 * <pre>
 * java -cp ... dev.pymirror.bench.VersionLogReadBench [SIZES]     # 100,1000,5000 by default
 * </pre>
 * Needs target/s3proxy/s3proxy.jar (see bench/storage.sh). Prints a Markdown table.
 */
public final class VersionLogReadBench {

    private static final int READS = 3;

    private VersionLogReadBench() {}

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (String n : (args.length > 0 ? args[0] : "100,1000,5000").split(",")) {
            sizes.add(Integer.parseInt(n.strip()));
        }
        byte[] payload = ("{\"event\": \"upload\", \"file\": \"example_project-1.0.0-py3-none-any.whl\", \"sha256\": \""
                + "0".repeat(64) + "\", \"size\": 123456, \"requires-python\": \">=3.9\", \"metadata-sha256\": \""
                + "0".repeat(64) + "\", \"uploaded\": \"2026-12-03T16:00:00Z\", \"by\": \"alice\"}")
                .getBytes(StandardCharsets.UTF_8);
        Path work = Files.createTempDirectory("pymirror-log-bench-");
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, """
                A VersionLog read whole by a node that has not read it yet (entries of %d bytes; median of %d reads):

                | entries | appended on S3, s | **read on S3, ms** | per entry on S3, ms | read on the data directory, ms |
                |---:|---:|---:|---:|---:|
                """, payload.length, READS));
        try (S3ProxyProcess proxy = S3ProxyProcess.start(work.resolve("s3proxy"))) {
            int node = 0;
            for (int n : sizes) {
                String bucket = proxy.bucket("log-" + n);
                S3Settings settings = S3Settings.parse("s3://" + bucket + "/bench")
                        .withEndpoint(proxy.endpoint(), "us-east-1", true)
                        .withCredentials(S3ProxyProcess.ACCESS_KEY, S3ProxyProcess.SECRET_KEY)
                        .withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(10));
                double appended;
                try (S3BlobStore store = S3BlobStore.open(settings, new ObjectCache(work.resolve("cache-" + node++), 1 << 20))) {
                    long t0 = System.nanoTime();
                    fill(store, n, payload);
                    appended = (System.nanoTime() - t0) / 1e9;
                }
                List<Double> s3Reads = new ArrayList<>();
                for (int r = -1; r < READS; r++) {
                    // Read -1 is a warm-up, not counted: the first S3 client of the JVM loads the SDK.
                    try (S3BlobStore store = S3BlobStore.open(settings, new ObjectCache(work.resolve("cache-" + node++), 1 << 20))) {
                        double ms = readWhole(store, n);
                        if (r >= 0) {
                            s3Reads.add(ms);
                        }
                    }
                }
                LocalBlobStore local = new LocalBlobStore(Files.createDirectories(work.resolve("local-" + n)));
                fill(local, n, payload);
                List<Double> localReads = new ArrayList<>();
                for (int r = 0; r < READS; r++) {
                    localReads.add(readWhole(new LocalBlobStore(work.resolve("local-" + n)), n));
                }
                double s3 = ServerAddedTime.median(s3Reads);
                table.append(String.format(Locale.ROOT, "| %d | %.1f | **%.0f** | %.2f | %.0f |%n", n, appended, s3, s3 / n,
                        ServerAddedTime.median(localReads)));
                System.out.printf(Locale.ROOT, "%d entries: read on S3 in %s ms%n", n, s3Reads);
            }
        } finally {
            PipRunBench.deleteTree(work);
        }
        System.out.println(table);
    }

    private static void fill(BlobStore store, int n, byte[] payload) throws Exception {
        VersionLog log = new VersionLog(store, "projects/example-project/log");
        for (int i = 0; i < n; i++) {
            log.append(entries -> Optional.of(payload));
        }
    }

    /** Milliseconds to read the whole log through a new log object, checked to hold every entry. */
    private static double readWhole(BlobStore store, int n) throws Exception {
        long t0 = System.nanoTime();
        int read = new VersionLog(store, "projects/example-project/log").entries().size();
        double ms = (System.nanoTime() - t0) / 1e6;
        if (read != n) {
            throw new IllegalStateException("read " + read + " entries, not " + n);
        }
        return ms;
    }
}
