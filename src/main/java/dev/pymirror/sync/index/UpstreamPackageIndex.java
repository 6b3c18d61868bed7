package dev.pymirror.sync.index;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.metadata.CoreMetadata;
import dev.pymirror.packaging.metadata.InvalidMetadataException;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.store.Digesters;
import dev.pymirror.store.SdistMetadataReader;
import dev.pymirror.store.WheelMetadataReader;
import dev.pymirror.sync.download.DownloadException;
import dev.pymirror.sync.download.ExpectedFile;
import dev.pymirror.sync.download.FetchedFile;
import dev.pymirror.sync.download.FileFetcher;
import dev.pymirror.sync.download.RetryPolicy;
import dev.pymirror.sync.download.Spool;
import dev.pymirror.sync.reqfile.HashPins;
import dev.pymirror.sync.resolve.IndexException;
import dev.pymirror.sync.resolve.PackageIndex;
import dev.pymirror.sync.resolve.UnusableFileException;
import dev.pymirror.simple.ProjectPage;
import dev.pymirror.upstream.PageFetch;
import dev.pymirror.upstream.UpstreamException;
import dev.pymirror.upstream.UpstreamIndex;
import dev.pymirror.upstream.Validators;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The resolver's view of an upstream index over HTTP: project pages, and each file's core
 * metadata from the cheapest source that has it.
 *
 * <ol>
 *   <li>the tree being synced, when it already holds the file and its {@code .metadata};
 *   <li>the upstream's PEP 658 {@code .metadata} file, when its page offers one (hash checked);
 *   <li>for a wheel, its METADATA read with HTTP range requests from the end of the zip; or the
 *       whole wheel, when it is small or the server ignores ranges;
 *   <li>for an sdist, the whole sdist and its PKG-INFO.
 * </ol>
 *
 * Whole files are downloaded into the {@link Spool}, checked, so the download step does not fetch
 * them again. Pages and metadata are fetched on virtual threads, at most {@code parallelism} at a
 * time, each once however many targets ask; prefetch hints start them early. Failures that may pass
 * are retried with back-off; one that does not becomes an {@link IndexException} that stops the
 * sync rather than passing for a missing project.
 */
public final class UpstreamPackageIndex implements PackageIndex, AutoCloseable {

    /** Wheels up to this size are downloaded whole: one request, and the file is usually needed anyway. */
    static final long WHOLE_WHEEL_BYTES = 256 * 1024;
    private static final long MAX_METADATA_BYTES = 16L << 20;

    /** Where the tree already has metadata for a file. */
    @FunctionalInterface
    public interface LocalMetadata {
        /** The metadata bytes of this exact file (same name and hash) if the tree has them. */
        Optional<byte[]> find(ProjectName project, ProjectFile file);

        LocalMetadata NONE = (p, f) -> Optional.empty();
    }

    /** What the index is doing, for progress lines. */
    public interface Listener {
        default void pageFetched(ProjectName project, int filesListed) {}

        default void metadataRead(String filename, MetadataSource source) {}

        default void retrying(URI url, int failedAttempt, Duration delay, String reason) {}

        default void bytesReceived(long bytes) {}

        Listener NONE = new Listener() {};
    }

    /** Where a file's metadata came from. */
    public enum MetadataSource { TREE, PEP_658, RANGE_REQUESTS, WHOLE_FILE }

    private final UpstreamIndex upstream;
    private final FileFetcher fetcher;
    private final RetryPolicy retry;
    private final Spool spool;
    private final LocalMetadata local;
    private final Listener listener;
    private final RemoteWheelMetadata remote;
    private final Speculation speculation;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore permits;
    private final ConcurrentHashMap<ProjectName, CompletableFuture<List<ProjectFile>>> pages = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CompletableFuture<CoreMetadata>> metadata = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CompletableFuture<FetchedFile>> wholeFiles = new ConcurrentHashMap<>();
    private final AtomicBoolean rangesIgnored = new AtomicBoolean();
    private final AtomicInteger pagesFetched = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();

    public UpstreamPackageIndex(UpstreamIndex upstream, RetryPolicy retry, Spool spool, LocalMetadata local,
            int parallelism, Listener listener) {
        this(upstream, retry, spool, local, parallelism, listener, Speculation.NONE);
    }

    /**
     * @param speculation what to fetch ahead of being asked: each page fetched leads to the
     *     metadata of its likely files, each metadata read to the pages of its likely dependencies
     */
    public UpstreamPackageIndex(UpstreamIndex upstream, RetryPolicy retry, Spool spool, LocalMetadata local,
            int parallelism, Listener listener, Speculation speculation) {
        this.speculation = speculation;
        this.upstream = upstream;
        this.retry = retry;
        this.fetcher = new FileFetcher(upstream, retry);
        this.spool = spool;
        this.local = local;
        this.listener = listener;
        this.remote = new RemoteWheelMetadata(upstream);
        this.permits = new Semaphore(Math.max(1, parallelism));
    }

    /** How many project pages were fetched. */
    public int pagesFetched() {
        return pagesFetched.get();
    }

    /** Bytes received for metadata and whole files while resolving. */
    public long bytesReceived() {
        return bytes.get();
    }

    @Override
    public List<ProjectFile> files(ProjectName project) throws IndexException {
        return await(page(project), "the page of " + project.original());
    }

    @Override
    public CoreMetadata metadata(ProjectName project, ProjectFile file) throws IndexException, UnusableFileException {
        try {
            return metadataFuture(project, file).get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UnusableFileException u) {
                throw u;
            }
            if (cause instanceof IndexException i) {
                throw i;
            }
            throw new IndexException("reading the metadata of " + file.filename() + " failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IndexException("interrupted while reading the metadata of " + file.filename(), e);
        }
    }

    @Override
    public void prefetchFiles(Collection<ProjectName> projects) {
        projects.forEach(this::page);
    }

    @Override
    public void prefetchMetadata(ProjectName project, ProjectFile file) {
        metadataFuture(project, file);
    }

    /** The whole file, if it was downloaded while resolving. */
    public Optional<FetchedFile> spooled(String filename) {
        return spool.get(filename);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    // ---- pages ----

    private CompletableFuture<List<ProjectFile>> page(ProjectName project) {
        return pages.computeIfAbsent(project, p -> submit(() -> fetchPage(p)));
    }

    private List<ProjectFile> fetchPage(ProjectName project) throws IndexException {
        PageFetch<ProjectPage> answer;
        try {
            answer = retry.run(() -> limited(() -> upstream.fetchProjectPage(project, Validators.NONE)),
                    (n, delay, failure) -> listener.retrying(failure.url(), n, delay, failure.getMessage()));
        } catch (UpstreamException e) {
            throw new IndexException("cannot read the page of " + project.original() + ": " + e.getMessage(), e);
        }
        pagesFetched.incrementAndGet();
        return switch (answer) {
            case PageFetch.Fetched<ProjectPage> fetched -> {
                listener.pageFetched(project, fetched.page().files().size());
                List<ProjectFile> files = fetched.page().files();
                speculation.likelyFiles(project, files).forEach(f -> metadataFuture(project, f));
                yield files;
            }
            case PageFetch.NotFound<ProjectPage> notFound -> {
                // An upstream given as a server's root has none of the projects: say so, rather
                // than that each one does not exist.
                Optional<URI> index = upstream.indexBelow(project);
                if (index.isPresent()) {
                    throw new IndexException("cannot read the page of " + project.original() + ": "
                            + upstream.notTheIndex(index.get()));
                }
                listener.pageFetched(project, 0);
                yield List.of();
            }
            case PageFetch.NotModified<ProjectPage> notModified -> throw new IndexException("the upstream answered 304 for the page of "
                    + project.original() + " although nothing was cached");
        };
    }

    // ---- metadata ----

    private CompletableFuture<CoreMetadata> metadataFuture(ProjectName project, ProjectFile file) {
        return metadata.computeIfAbsent(file.url(), u -> submit(() -> {
            CoreMetadata md = readMetadata(project, file);
            speculation.likelyDependencies(md).forEach(this::page);
            return md;
        }));
    }

    private CoreMetadata readMetadata(ProjectName project, ProjectFile file) throws IndexException, UnusableFileException {
        Optional<byte[]> inTree = local.find(project, file);
        if (inTree.isPresent()) {
            listener.metadataRead(file.filename(), MetadataSource.TREE);
            return parse(file, inTree.get());
        }
        if (file.hasCoreMetadata()) {
            Optional<byte[]> served = pep658(file);
            if (served.isPresent()) {
                listener.metadataRead(file.filename(), MetadataSource.PEP_658);
                return parse(file, served.get());
            }
        }
        String name = file.filename();
        if (name.endsWith(".whl")) {
            boolean small = file.size().isPresent() && file.size().getAsLong() <= WHOLE_WHEEL_BYTES;
            if (!small && !rangesIgnored.get()) {
                Optional<byte[]> ranged = byRanges(file);
                if (ranged.isPresent()) {
                    listener.metadataRead(name, MetadataSource.RANGE_REQUESTS);
                    return parse(file, ranged.get());
                }
            }
            FetchedFile whole = whole(file);
            try {
                byte[] bytes = WheelMetadataReader.read(whole.path())
                        .orElseThrow(() -> new UnusableFileException("the wheel holds no .dist-info/METADATA"));
                listener.metadataRead(name, MetadataSource.WHOLE_FILE);
                return parse(file, bytes);
            } catch (IOException e) {
                throw new UnusableFileException("not a wheel: " + e.getMessage(), e);
            }
        }
        FetchedFile whole = whole(file);
        try {
            byte[] bytes = SdistMetadataReader.read(whole.path())
                    .orElseThrow(() -> new UnusableFileException("the sdist holds no PKG-INFO at its top level"));
            listener.metadataRead(name, MetadataSource.WHOLE_FILE);
            return parse(file, bytes);
        } catch (IOException e) {
            throw new UnusableFileException("not an sdist archive: " + e.getMessage(), e);
        }
    }

    private Optional<byte[]> pep658(ProjectFile file) throws IndexException {
        URI url = URI.create(file.coreMetadataUrl().orElseThrow());
        Map<String, String> expected = file.coreMetadata().map(c -> c.hashes()).orElse(Map.of());
        try {
            return retry.run(() -> limited(() -> {
                Optional<byte[]> bytes = upstream.fetchSmall(url, MAX_METADATA_BYTES);
                if (bytes.isPresent()) {
                    this.bytes.addAndGet(bytes.get().length);
                    listener.bytesReceived(bytes.get().length);
                    Optional<String> wrong = Digesters.mismatch(expected, bytes.get());
                    if (wrong.isPresent()) {
                        throw new UpstreamException(UpstreamException.Kind.HASH_MISMATCH, url, "the metadata file's "
                                + wrong.get() + " is not the " + expected.get(wrong.get()) + " the page states");
                    }
                }
                return bytes;
            }), (n, delay, failure) -> listener.retrying(url, n, delay, failure.getMessage()));
        } catch (UpstreamException e) {
            throw new IndexException("cannot read the metadata of " + file.filename() + ": " + e.getMessage(), e);
        }
    }

    private Optional<byte[]> byRanges(ProjectFile file) throws IndexException {
        URI url = URI.create(file.url());
        try {
            RemoteWheelMetadata.Result result = retry.run(() -> limited(() -> {
                try {
                    return remote.read(url);
                } catch (RemoteWheelMetadata.NotAWheel e) {
                    // Odd zips are read from the whole file, which is the authority.
                    return new RemoteWheelMetadata.Result.NoRanges();
                }
            }), (n, delay, failure) -> listener.retrying(url, n, delay, failure.getMessage()));
            return switch (result) {
                case RemoteWheelMetadata.Result.Found found -> {
                    this.bytes.addAndGet(found.metadata().length);
                    yield Optional.of(found.metadata());
                }
                case RemoteWheelMetadata.Result.NoRanges noRanges -> {
                    rangesIgnored.set(true);
                    yield Optional.empty();
                }
                case RemoteWheelMetadata.Result.Missing missing -> throw new IndexException(
                        "the upstream lists " + file.filename() + " but answers 404 for it");
            };
        } catch (UpstreamException e) {
            throw new IndexException("cannot read the metadata of " + file.filename() + ": " + e.getMessage(), e);
        }
    }

    private FetchedFile whole(ProjectFile file) throws IndexException {
        CompletableFuture<FetchedFile> future = wholeFiles.computeIfAbsent(file.filename(),
                f -> submit(() -> download(file)));
        return await(future, file.filename());
    }

    private FetchedFile download(ProjectFile file) throws IndexException {
        ExpectedFile expected = new ExpectedFile(file.hashes(), file.size().orElse(-1), HashPins.NONE);
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IndexException("interrupted while downloading " + file.filename(), e);
        }
        try {
            FetchedFile fetched = fetcher.fetch(URI.create(file.url()), spool.pathFor(file.filename()), expected,
                    n -> {
                        bytes.addAndGet(n);
                        listener.bytesReceived(n);
                    },
                    listener::retrying);
            spool.put(file.filename(), fetched);
            return fetched;
        } catch (DownloadException e) {
            throw new IndexException("cannot download " + file.filename() + " to read its metadata: " + e.getMessage(), e);
        } finally {
            permits.release();
        }
    }

    private static CoreMetadata parse(ProjectFile file, byte[] bytes) throws UnusableFileException {
        try {
            return CoreMetadata.parse(bytes);
        } catch (InvalidMetadataException e) {
            throw new UnusableFileException("its metadata is invalid: " + e.getMessage(), e);
        }
    }

    // ---- plumbing ----

    private interface Task<T> {
        T call() throws Exception;
    }

    private <T> CompletableFuture<T> submit(Task<T> task) {
        CompletableFuture<T> future = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                future.complete(task.call());
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        });
        return future;
    }

    private <T> T limited(RetryPolicy.Attempt<T> attempt) throws UpstreamException {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamException(UpstreamException.Kind.TIMEOUT, upstream.simpleUrl(), "interrupted", e);
        }
        try {
            return attempt.run();
        } finally {
            permits.release();
        }
    }

    private static <T> T await(CompletableFuture<T> future, String what) throws IndexException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IndexException i) {
                throw i;
            }
            throw new IndexException("reading " + what + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IndexException("interrupted while reading " + what, e);
        }
    }
}
