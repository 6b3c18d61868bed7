package dev.pymirror.store.blob;

import java.net.URI;
import java.time.Duration;

/**
 * Where a bucket is and how to talk to it.
 *
 * @param bucket the bucket's name
 * @param prefix what every key is put under ("" or ending in {@code /})
 * @param endpoint the S3 endpoint (MinIO, Ceph RGW, R2, S3Proxy...), or null for AWS's own
 * @param region the region to sign for
 * @param pathStyle {@code endpoint/bucket/key} rather than {@code bucket.endpoint/key}, which most
 *     servers other than AWS need
 * @param accessKeyId with {@code secretAccessKey}, explicit credentials; null for the environment
 *     ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}) and then the AWS profile files
 * @param secretAccessKey the secret, or null
 * @param callTimeout the most one call may take, retries included
 * @param attemptTimeout the most one attempt of a call may take
 */
public record S3Settings(String bucket, String prefix, URI endpoint, String region, boolean pathStyle,
        String accessKeyId, String secretAccessKey, Duration callTimeout, Duration attemptTimeout) {

    public static final String DEFAULT_REGION = "us-east-1";
    /**
     * Short: a bucket that stops answering is found by a call that times out, and the request that
     * made it waits this long (issue 15: a write answered 503 within 5 s); the breaker then refuses
     * the rest at once. S3 answers a small call in milliseconds; a large upload gets more
     * ({@code S3BlobStore.forSize}).
     */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(4);
    public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(2);

    public S3Settings {
        if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("'" + bucket + "' is not a bucket name (3 to 63 of a-z, 0-9, '.', '-')");
        }
        prefix = prefix == null || prefix.isEmpty() ? "" : (prefix.endsWith("/") ? prefix : prefix + "/");
        if (!prefix.isEmpty()) {
            ObjectKey.check(prefix.substring(0, prefix.length() - 1));
        }
        if ((accessKeyId == null) != (secretAccessKey == null)) {
            throw new IllegalArgumentException("an access key id needs its secret access key, and the reverse");
        }
        if (region == null || region.isBlank()) {
            region = DEFAULT_REGION;
        }
        if (callTimeout == null) {
            callTimeout = DEFAULT_CALL_TIMEOUT;
        }
        if (attemptTimeout == null) {
            attemptTimeout = DEFAULT_ATTEMPT_TIMEOUT;
        }
        if (attemptTimeout.compareTo(callTimeout) > 0) {
            attemptTimeout = callTimeout;
        }
    }

    /**
     * Parses {@code s3://bucket} or {@code s3://bucket/prefix}; the other settings are the defaults.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static S3Settings parse(String location) {
        if (location == null || !location.startsWith("s3://")) {
            throw new IllegalArgumentException("'" + location + "' is not an s3://bucket/prefix location");
        }
        String rest = location.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        return new S3Settings(bucket, prefix, null, null, false, null, null, null, null);
    }

    public S3Settings withEndpoint(URI value, String regionValue, boolean pathStyleValue) {
        return new S3Settings(bucket, prefix, value, regionValue, pathStyleValue, accessKeyId, secretAccessKey,
                callTimeout, attemptTimeout);
    }

    public S3Settings withCredentials(String id, String secret) {
        return new S3Settings(bucket, prefix, endpoint, region, pathStyle, id, secret, callTimeout, attemptTimeout);
    }

    public S3Settings withTimeouts(Duration call, Duration attempt) {
        return new S3Settings(bucket, prefix, endpoint, region, pathStyle, accessKeyId, secretAccessKey, call, attempt);
    }

    /** {@code s3://bucket/prefix}, for messages. */
    public String location() {
        return "s3://" + bucket + "/" + prefix;
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return location() + (endpoint == null ? "" : " at " + endpoint) + " (" + region + ")";
    }
}
