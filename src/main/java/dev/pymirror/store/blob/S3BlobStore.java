package dev.pymirror.store.blob;

import dev.pymirror.hash.Sha256;
import dev.pymirror.tls.ClientTls;
import dev.pymirror.tls.TlsFailure;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.TrustManager;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Objects in an S3-compatible bucket under a prefix, through the AWS SDK for Java v2 with the
 * Apache 5 HTTP client (the URL-connection client failed on servers that answer 412 before reading
 * the body). Every call is bounded by {@link S3Settings#callTimeout()}, each attempt by
 * {@link S3Settings#attemptTimeout()}.
 *
 * <p>Create-only is {@code PUT} with {@code If-None-Match: *}, the SHA-256 in the object's
 * metadata ({@code x-amz-meta-sha256}), so hash and bytes appear together; a 412 means another
 * writer stored it first, and its hash decides. Documents are plain {@code PUT}s read back with
 * {@code If-None-Match: <etag>}. No write here uses {@code If-Match}: S3Proxy's compare-and-swap was
 * measured not atomic (docs/architecture.md).
 *
 * <p>{@link #localFile} copies an object into the node's {@link ObjectCache} once, checked against
 * its hash, so that it is served from local disk.
 */
public final class S3BlobStore implements BlobStore {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(S3BlobStore.class);

    private static final String SHA256 = "sha256";
    /**
     * The bounds of calls before {@link #serving}: at start-up (and in a command) nobody's request
     * waits, and a cold JVM's first calls (the SDK and its connections set up, a storage server's
     * own first requests) took longer than a request's call timeout on a busy machine.
     */
    private static final Duration PATIENT_CALL = Duration.ofSeconds(30);
    private static final Duration PATIENT_ATTEMPT = Duration.ofSeconds(10);

    private final S3Settings settings;
    /** The client in use: the patient one until {@link #serving}, then the one with the settings' timeouts. */
    private volatile S3Client s3;
    private final S3Client patient;
    private final S3Client serving;
    private final ObjectCache cache;
    private final StorageHealth health;

    private S3BlobStore(S3Settings settings, S3Client patient, S3Client serving, ObjectCache cache) {
        this.settings = settings;
        this.s3 = patient;
        this.patient = patient;
        this.serving = serving;
        this.cache = cache;
        this.health = StorageHealth.of(where(), this::probe);
    }

    /**
     * Connects and checks that the bucket is there and takes the credentials.
     *
     * @param cache where objects are copied for {@link #localFile}
     * @throws StorageException saying what is wrong: no such bucket, credentials refused, no answer
     */
    public static S3BlobStore open(S3Settings settings, ObjectCache cache) throws StorageException {
        AwsCredentialsProvider credentials = credentials(settings);
        try {
            credentials.resolveCredentials();
        } catch (SdkClientException e) {
            throw new StorageException("no credentials for the storage " + settings.location() + ": give "
                    + "s3.access-key-id and s3.secret-access-key, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
                    + "or name an AWS profile (AWS_PROFILE, ~/.aws/credentials)", e);
        }
        S3Settings patient = settings.withTimeouts(longer(settings.callTimeout(), PATIENT_CALL),
                longer(settings.attemptTimeout(), PATIENT_ATTEMPT));
        S3BlobStore store = new S3BlobStore(settings, client(patient, credentials), client(settings, credentials), cache);
        try {
            store.call("reach", "the bucket", () -> store.s3.headBucket(b -> b.bucket(settings.bucket())));
        } catch (StorageException e) {
            store.close();
            throw e;
        }
        return store;
    }

    private static Duration longer(Duration a, Duration b) {
        return a.compareTo(b) > 0 ? a : b;
    }

    /**
     * From now on a server's requests wait on the calls: each is bounded by the settings'
     * {@code call-timeout} and {@code attempt-timeout}, no longer by the patient bounds of start-up.
     */
    public void serving() {
        s3 = serving;
    }

    /**
     * The breaker's question while the bucket is unreachable: is the bucket there? Any answer of
     * the server, a refusal too, means it is reachable again.
     */
    private void probe() throws StorageException {
        try {
            s3.headBucket(b -> b.bucket(settings.bucket()));
        } catch (S3Exception e) {
            // an answer
        } catch (SdkException | UncheckedIOException e) {
            throw new StorageUnreachableException(rootMessage(e), e);
        }
    }

    @Override
    public Optional<StorageStatus> health() {
        return Optional.of(health.status());
    }

    /**
     * The given keys, else the environment and profile chain: system properties, AWS_ACCESS_KEY_ID
     * and AWS_SECRET_ACCESS_KEY, then the profile files. Not the SDK's whole default chain, whose
     * last step asks an instance metadata address off this machine, and waits for it, wherever no
     * credentials were set.
     */
    private static AwsCredentialsProvider credentials(S3Settings settings) {
        if (settings.accessKeyId() != null) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKeyId(),
                    settings.secretAccessKey()));
        }
        return AwsCredentialsProviderChain.builder().credentialsProviders(SystemPropertyCredentialsProvider.create(),
                EnvironmentVariableCredentialsProvider.create(), ProfileCredentialsProvider.create()).build();
    }

    /** Where the client connects: the endpoint given, else AWS's for the region. */
    private static URI target(S3Settings settings) {
        return settings.endpoint() != null ? settings.endpoint()
                : URI.create("https://s3." + settings.region() + ".amazonaws.com");
    }

    private static S3Client client(S3Settings settings, AwsCredentialsProvider credentials) {
        Duration attempt = settings.attemptTimeout();
        var http = Apache5HttpClient.builder()
                .connectionTimeout(attempt.compareTo(Duration.ofSeconds(5)) < 0 ? attempt : Duration.ofSeconds(5))
                .socketTimeout(attempt)
                .maxConnections(64);
        // A private authority trusted for the upstream (SSL_CERT_FILE, the system's bundle) is for the bucket too.
        ClientTls.trustManager().ifPresent(trust -> http.tlsTrustManagersProvider(() -> new TrustManager[] {trust}));
        http.proxyConfiguration(BucketProxy.configuration(target(settings)));
        var builder = S3Client.builder()
                .httpClientBuilder(http)
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyle())
                // Checksums only where S3 requires them: other S3 servers differ in the trailing
                // checksums the SDK sends by default, and every object's SHA-256 is checked here.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(c -> c.apiCallTimeout(settings.callTimeout()).apiCallAttemptTimeout(attempt));
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder.build();
    }

    @Override
    public String describe() {
        return settings.toString();
    }

    @Override
    public Created create(String key, Content content) throws IOException {
        String name = name(key);
        // Another writer's create-only PUT in flight can make AWS answer 409 (ConditionalRequestConflict): try again.
        for (int attempt = 0; ; attempt++) {
            try {
                call("store", key, () -> s3.putObject(b -> b.bucket(settings.bucket()).key(name).ifNoneMatch("*")
                        .contentLength(content.size()).metadata(Map.of(SHA256, content.sha256()))
                        .overrideConfiguration(o -> o.apiCallTimeout(forSize(settings.callTimeout(), content.size()))
                                .apiCallAttemptTimeout(forSize(settings.attemptTimeout(), content.size()))),
                        body(content)));
                keepCopy(key, content);
                return new Created(new ObjectInfo(key, content.size(), content.sha256()), false);
            } catch (Refused e) {
                if (e.status == 412) {
                    ObjectInfo stored = stat(key).orElseThrow(() -> new StorageException(key + " was stored and removed at once"));
                    if (!stored.sha256().equals(content.sha256())) {
                        throw new ObjectConflictException(key, stored.sha256(), content.sha256());
                    }
                    keepCopy(key, content);
                    return new Created(stored, true);
                }
                if (e.status != 409 || attempt >= 5) {
                    throw e.failure;
                }
            }
        }
    }

    /**
     * The node's copy of what it just stored, from the bytes it has, so that serving the object does
     * not fetch it back from the bucket (one transfer per stored object saved). The object is stored
     * whatever happens here: a copy that fails is fetched when asked for, as before.
     */
    private void keepCopy(String key, Content content) {
        try {
            cache.keep(key, content);
        } catch (IOException | RuntimeException e) {
            LOG.warn("{} stored, but not kept in this node's cache: {}", key, e.toString());
        }
    }

    /**
     * The timeouts bound a call's waiting, not its bytes: a large object's upload gets a second more
     * per MiB (a 50 MB download sent to a bucket on a busy machine took longer than the attempt
     * timeout meant for a silent server).
     */
    private static java.time.Duration forSize(java.time.Duration timeout, long size) {
        return timeout.plusSeconds(size >> 20);
    }

    private static RequestBody body(Content content) {
        return content.bytes() != null ? RequestBody.fromBytes(content.bytes()) : RequestBody.fromFile(content.file());
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws IOException {
        String name = name(key);
        HeadObjectResponse head;
        try {
            head = call("stat", key, () -> s3.headObject(b -> b.bucket(settings.bucket()).key(name)));
        } catch (Refused e) {
            if (e.status == 404) {
                return Optional.empty();
            }
            throw e.failure;
        }
        String sha256 = head.metadata().get(SHA256);
        if (sha256 == null) {
            // Put there by something other than pymirror: its hash is computed once read.
            try (InputStream in = read(key).orElseThrow(() -> new StorageException(key + " vanished while read"))) {
                sha256 = Sha256.hexOf(in);
            }
        }
        return Optional.of(new ObjectInfo(key, head.contentLength(), sha256));
    }

    @Override
    public Optional<InputStream> read(String key) throws IOException {
        String name = name(key);
        return get(key, b -> b.bucket(settings.bucket()).key(name)).map(in -> in);
    }

    @Override
    public Optional<InputStream> read(String key, long offset, long length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length must not be negative");
        }
        String name = name(key);
        if (length == 0) {
            return stat(key).map(o -> new ByteArrayInputStream(new byte[0]));
        }
        try {
            return get(key, b -> b.bucket(settings.bucket()).key(name).range("bytes=" + offset + "-" + (offset + length - 1)))
                    .map(in -> in);
        } catch (StorageException e) {
            if (e.getCause() instanceof S3Exception s && s.statusCode() == 416) {
                return Optional.of(new ByteArrayInputStream(new byte[0])); // the object ends before the offset
            }
            throw e;
        }
    }

    private Optional<ResponseInputStream<GetObjectResponse>> get(String key,
            java.util.function.Consumer<GetObjectRequest.Builder> request) throws IOException {
        try {
            return Optional.of(call("read", key, () -> s3.getObject(request)));
        } catch (Refused e) {
            if (e.status == 404 && !"NoSuchBucket".equals(e.code)) {
                return Optional.empty();
            }
            throw e.failure;
        }
    }

    @Override
    public Optional<Path> localFile(String key) throws IOException {
        return cache.file(key, staged -> {
            String name = name(key);
            Optional<ResponseInputStream<GetObjectResponse>> got = get(key, b -> b.bucket(settings.bucket()).key(name));
            if (got.isEmpty()) {
                return false;
            }
            try (ResponseInputStream<GetObjectResponse> in = got.get()) {
                in.transferTo(staged.outputStream());
                GetObjectResponse response = in.response();
                staged.publish(response.metadata().get(SHA256), response.contentLength());
            }
            return true;
        });
    }

    /** The node's cached copy, if it has one: no call to the bucket. */
    @Override
    public Optional<Path> localCopy(String key) {
        return cache.copy(key);
    }

    @Override
    public List<ObjectInfo.Listed> list(String prefix) throws IOException {
        ObjectKey.checkPrefix(prefix);
        String base = settings.prefix();
        List<ObjectInfo.Listed> found = new ArrayList<>();
        call("list", prefix, () -> {
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(settings.bucket()).prefix(base + prefix)).contents()) {
                found.add(new ObjectInfo.Listed(o.key().substring(base.length()), o.size(), o.lastModified()));
            }
            return null;
        });
        return found;
    }

    @Override
    public boolean delete(String key) throws IOException {
        String name = name(key);
        boolean was = stat(key).isPresent();
        call("delete", key, () -> s3.deleteObject(b -> b.bucket(settings.bucket()).key(name)));
        cache.evict(key);
        return was;
    }

    @Override
    public Document writeDocument(String key, byte[] bytes) throws IOException {
        String name = name(key);
        PutObjectResponse put = call("store", key, () -> s3.putObject(b -> b.bucket(settings.bucket()).key(name)
                .contentLength((long) bytes.length), RequestBody.fromBytes(bytes)));
        return new Document(bytes.clone(), put.eTag());
    }

    @Override
    public Optional<Document> readDocument(String key) throws IOException {
        String name = name(key);
        return document(key, b -> b.bucket(settings.bucket()).key(name));
    }

    @Override
    public Optional<Document> readDocumentIfChanged(String key, Document known) throws IOException {
        String name = name(key);
        try {
            return document(key, b -> b.bucket(settings.bucket()).key(name).ifNoneMatch(known.validator()));
        } catch (StorageException e) {
            if (e.getCause() instanceof S3Exception s && s.statusCode() == 304) {
                return Optional.of(known);
            }
            throw e;
        }
    }

    private Optional<Document> document(String key, java.util.function.Consumer<GetObjectRequest.Builder> request)
            throws IOException {
        Optional<ResponseInputStream<GetObjectResponse>> got = get(key, request);
        if (got.isEmpty()) {
            return Optional.empty();
        }
        try (ResponseInputStream<GetObjectResponse> in = got.get()) {
            byte[] bytes = in.readAllBytes();
            return Optional.of(new Document(bytes, in.response().eTag()));
        }
    }

    @Override
    public void close() {
        health.close();
        patient.close();
        serving.close();
    }

    private String name(String key) {
        return settings.prefix() + ObjectKey.check(key);
    }

    /**
     * A call of the SDK, its failures turned into messages an operator can act on. A call that times
     * out or cannot connect opens the breaker ({@link StorageHealth}); while it is open no call is
     * sent and each fails at once.
     */
    private <T> T call(String action, String key, SdkCall<T> call) throws StorageException {
        health.check(action + " " + key);
        long asked = System.nanoTime();
        try {
            T result = call.run();
            health.answered(asked);
            return result;
        } catch (S3Exception e) {
            health.answered(asked); // a refusal is an answer
            throw new Refused(e, failure(action, key, e));
        } catch (ApiCallTimeoutException | ApiCallAttemptTimeoutException e) {
            throw unreachable(asked, "the storage " + where() + " did not answer within "
                    + settings.callTimeout().toMillis() + " ms (to " + action + " " + key + ")", e);
        } catch (SdkClientException e) {
            String message = "cannot reach the storage " + where() + " (to " + action + " " + key + "): "
                    + TlsFailure.describe(e, "the storage").orElseGet(() -> rootMessage(e));
            if (isConnection(e)) {
                throw unreachable(asked, message, e);
            }
            throw new StorageException(message, e);
        } catch (SdkException e) {
            throw new StorageException("the storage " + where() + " failed to " + action + " " + key + ": "
                    + rootMessage(e), e);
        } catch (UncheckedIOException e) {
            throw new StorageException("the storage " + where() + " failed to " + action + " " + key + ": "
                    + rootMessage(e), e);
        }
    }

    private StorageUnreachableException unreachable(long asked, String message, Exception e) {
        health.unreachable(message, asked);
        return new StorageUnreachableException(message, e);
    }

    /** A client failure of the network (refused, reset, timed out, no such host), not of the request. */
    private static boolean isConnection(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private StorageException failure(String action, String key, S3Exception e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        int status = e.statusCode();
        if ("NoSuchBucket".equals(code) || (status == 404 && key.equals("the bucket"))) {
            return new StorageException("the bucket '" + settings.bucket() + "' does not exist at " + endpoint(), e);
        }
        // A proxy's refusal, not the storage's: a 407, or a 401 without S3's error code (some proxies
        // answer a wrong password so).
        if (status == 407 || (status == 401 && code == null && BucketProxy.of(target(settings)).isPresent())) {
            return new StorageException("a proxy between pymirror and the storage " + where() + " asks for credentials"
                    + " or refused those given (HTTP " + status + "): give them in its URL"
                    + " (http://user:password@host:port in http_proxy or https_proxy), or name the endpoint in no_proxy", e);
        }
        if (status == 403 || status == 401) {
            return new StorageException("the storage " + where() + " refused the credentials"
                    + (code == null ? "" : " (" + code + ")") + ": check the s3 access key and secret, or the AWS "
                    + "environment and profile", e);
        }
        return new StorageException("the storage " + where() + " refused to " + action + " " + key + ": HTTP " + status
                + (code == null ? "" : " " + code), e);
    }

    private String where() {
        return settings.location() + " at " + endpoint();
    }

    private String endpoint() {
        URI e = settings.endpoint();
        return e == null ? "AWS (" + settings.region() + ")" : e.toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }

    @FunctionalInterface
    private interface SdkCall<T> {
        T run();
    }

    /** An answer of the S3 server other than success, with its status, for the caller to read as an outcome. */
    private static final class Refused extends StorageException {
        final int status;
        final String code;
        final StorageException failure;

        Refused(S3Exception e, StorageException failure) {
            super(failure.getMessage(), e);
            this.status = e.statusCode();
            this.code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            this.failure = failure;
        }
    }
}
