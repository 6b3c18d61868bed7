package dev.pymirror.server.metrics;

import dev.pymirror.upstream.UpstreamException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The meters behind {@code /metrics}, in Prometheus' text format (Micrometer's Prometheus registry).
 *
 * <p>Counting runs on the I/O thread of every request, warm pages and stored files included, so
 * it must not allocate: the meters of each index are made once, and a request finds its counter in
 * an array by route kind, status class and cache result, its index by comparing the path's first
 * segment in place ({@link #index(String, int, int)}). A counter is registered the first time its
 * combination is seen, so that the output is not hundreds of zero series.
 *
 * <p>Indexes that need a login to be read are counted together under {@code index="restricted"}:
 * {@code /metrics} is open like {@code /health}, and must not name them to a stranger.
 */
public final class ServerMetrics {

    /** The label of the requests no index answers (the root page, /health, /metrics, unknown indexes). */
    public static final String NO_INDEX = "-";
    /** The label under which the indexes that need a login to be read are counted. */
    public static final String RESTRICTED = "restricted";

    private static final String[] STATUS_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};
    private static final String[] CACHE_RESULTS = {"none", "hit", "revalidated", "miss", "stale", "offline", "blocked"};
    private static final int BLOCKED = 6;
    private static final Duration[] REQUEST_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5),
            Duration.ofMillis(25), Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofMillis(2500),
            Duration.ofSeconds(10), Duration.ofSeconds(60)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final String[] names;
    private final IndexMeters[] byName;
    private final IndexMeters none;
    private final Map<String, List<MirrorReadings>> mirrors = new LinkedHashMap<>();
    private final Map<String, List<java.util.function.DoubleSupplier>> sharedNames = new LinkedHashMap<>();

    /**
     * @param indexes every index served
     * @param restricted those of them that need a login to be read
     */
    public ServerMetrics(Collection<String> indexes, Set<String> restricted) {
        names = indexes.toArray(String[]::new);
        byName = new IndexMeters[names.length];
        Map<String, IndexMeters> made = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            String label = restricted.contains(names[i]) ? RESTRICTED : names[i];
            byName[i] = made.computeIfAbsent(label, IndexMeters::new);
        }
        none = new IndexMeters(NO_INDEX);
    }

    /** The meters of the index named {@code path.substring(from, to)}, or null when none has that name. */
    public IndexMeters index(String path, int from, int to) {
        int length = to - from;
        for (int i = 0; i < names.length; i++) {
            if (names[i].length() == length && path.regionMatches(from, names[i], 0, length)) {
                return byName[i];
            }
        }
        return null;
    }

    /** The meters of the index {@code name}, or null when none has that name. */
    public IndexMeters index(String name) {
        return index(name, 0, name.length());
    }

    /** The meters of requests no index answers. */
    public IndexMeters noIndex() {
        return none;
    }

    /**
     * Measures a mirror: what {@code readings} tell is read when {@code /metrics} is scraped.
     *
     * @return what the mirror tells how each upstream request ended
     */
    public synchronized UpstreamObserver mirror(String name, MirrorReadings readings) {
        IndexMeters meters = index(name);
        String label = meters == null ? name : meters.label;
        List<MirrorReadings> sources = mirrors.get(label);
        if (sources == null) {
            // Restricted mirrors share a label: their counts add up, the state shown is the worst.
            List<MirrorReadings> shared = new ArrayList<>();
            mirrors.put(label, shared);
            sources = shared;
            Gauge.builder("pymirror.downloads.in.flight", () -> shared.stream()
                            .mapToInt(r -> r.downloadsInFlight().getAsInt()).sum())
                    .description("Files being fetched from the upstream now").tag("index", label).register(registry);
            Gauge.builder("pymirror.upstream.state", () -> shared.stream()
                            .mapToInt(r -> r.upstreamState().getAsInt()).max().orElse(0))
                    .description("The upstream's circuit: 0 up, 1 slow (cached pages served stale), 2 down (open)")
                    .tag("index", label).register(registry);
            Gauge.builder("pymirror.cache.files", () -> shared.stream()
                            .mapToLong(r -> r.cachedFiles().getAsLong()).sum())
                    .description("Files in the mirror's cache").tag("index", label).register(registry);
            Gauge.builder("pymirror.cache.bytes", () -> shared.stream()
                            .mapToLong(r -> r.cachedBytes().getAsLong()).sum())
                    .description("Bytes of the files in the mirror's cache").tag("index", label).register(registry);
        }
        sources.add(readings);
        Map<UpstreamException.Kind, Counter> failures = new EnumMap<>(UpstreamException.Kind.class);
        for (UpstreamException.Kind kind : UpstreamException.Kind.values()) {
            failures.put(kind, upstreamCounter(label, kind.name().toLowerCase(java.util.Locale.ROOT)));
        }
        Counter answered = upstreamCounter(label, "answer");
        Timer latency = Timer.builder("pymirror.upstream.duration").description("Requests to the upstream, until they ended")
                .tag("index", label).serviceLevelObjectives(REQUEST_BUCKETS).register(registry);
        return (failure, nanos) -> {
            (failure == null ? answered : failures.get(failure)).increment();
            latency.record(nanos, TimeUnit.NANOSECONDS);
        };
    }

    /**
     * Measures a group's names shared with an upstream ({@code pymirror audit names}): {@code count}
     * is read at scrape time (NaN until the first audit has run). Restricted groups share one label.
     */
    public synchronized void sharedNames(String group, java.util.function.DoubleSupplier count) {
        IndexMeters meters = index(group);
        String label = meters == null ? group : meters.label;
        List<java.util.function.DoubleSupplier> sources = sharedNames.get(label);
        if (sources == null) {
            List<java.util.function.DoubleSupplier> shared = new ArrayList<>();
            sharedNames.put(label, shared);
            sources = shared;
            Gauge.builder("pymirror.shared.names", () -> shared.stream()
                            .mapToDouble(java.util.function.DoubleSupplier::getAsDouble).sum())
                    .description("Projects a group's hosted or static members own that a mirror member's upstream also has")
                    .tag("index", label).register(registry);
        }
        sources.add(count);
    }

    /**
     * Measures the shared bucket's breaker ({@code pymirror_storage_state}: 0 reachable, 2
     * unreachable, the scale of {@code pymirror_upstream_state}), read at scrape time.
     */
    public void storage(java.util.function.Supplier<dev.pymirror.store.blob.StorageStatus> status) {
        Gauge.builder("pymirror.storage.state", () -> status.get().state())
                .description("The shared storage: 0 reachable, 2 unreachable (calls refused at once until a probe is answered)")
                .register(registry);
    }

    private Counter upstreamCounter(String label, String result) {
        return Counter.builder("pymirror.upstream.requests").description("Requests to the upstream, by how they ended")
                .tag("index", label).tag("result", result).register(registry);
    }

    /** The text {@code /metrics} answers, in Prometheus' text format 0.0.4. */
    public String scrape() {
        return registry.scrape();
    }

    /** The meters of one index (or of several restricted ones together). */
    public final class IndexMeters {

        private final String label;
        private final Counter[] requests = new Counter[RouteKind.values().length * STATUS_CLASSES.length
                * CACHE_RESULTS.length];
        private final Timer[] latency = new Timer[RouteKind.values().length];
        private final Counter bytes;

        private IndexMeters(String label) {
            this.label = label;
            for (RouteKind kind : RouteKind.values()) {
                latency[kind.ordinal()] = Timer.builder("pymirror.request.duration")
                        .description("Time from reading a request to its last byte sent")
                        .tag("index", label).tag("route", kind.label).serviceLevelObjectives(REQUEST_BUCKETS)
                        .register(registry);
            }
            bytes = Counter.builder("pymirror.served.bytes").baseUnit("bytes").description("Body bytes sent")
                    .tag("index", label).register(registry);
        }

        /**
         * Counts one request that ended.
         *
         * @param cache the {@code X-Pymirror-Cache} header sent, or null
         */
        public void record(RouteKind kind, int status, String cache, long bodyBytes, long nanos) {
            int statusClass = Math.clamp(status / 100, 1, 5) - 1;
            int slot = (kind.ordinal() * STATUS_CLASSES.length + statusClass) * CACHE_RESULTS.length + cacheResult(cache);
            Counter c = requests[slot];
            if (c == null) {
                c = register(slot, kind, statusClass, cacheResult(cache));
            }
            c.increment();
            latency[kind.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
            if (bodyBytes > 0) {
                bytes.increment(bodyBytes);
            }
        }

        /** True when these meters count all the indexes that need a login together. */
        public boolean restricted() {
            return label.equals(RESTRICTED);
        }

        /**
         * The requests refused as blocked so far ({@code cache="blocked"}): a sum over the few
         * counters already made, read by the web UI, never on a request's path.
         */
        public long blocked() {
            long sum = 0;
            for (int slot = BLOCKED; slot < requests.length; slot += CACHE_RESULTS.length) {
                Counter c = requests[slot];
                if (c != null) {
                    sum += (long) c.count();
                }
            }
            return sum;
        }

        private synchronized Counter register(int slot, RouteKind kind, int statusClass, int cache) {
            if (requests[slot] == null) {
                requests[slot] = Counter.builder("pymirror.requests").description("Requests answered")
                        .tag("index", label).tag("route", kind.label).tag("status", STATUS_CLASSES[statusClass])
                        .tag("cache", CACHE_RESULTS[cache]).register(registry);
            }
            return requests[slot];
        }
    }

    private static int cacheResult(String header) {
        if (header == null) {
            return 0;
        }
        return switch (header) {
            case "HIT" -> 1;
            case "REVALIDATED" -> 2;
            case "MISS" -> 3;
            case "STALE" -> 4;
            case "OFFLINE" -> 5;
            case "BLOCKED" -> BLOCKED;
            default -> 0;
        };
    }
}
