package dev.pymirror.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.store.blob.StorageException;
import dev.pymirror.store.blob.StorageUnreachableException;
import java.io.IOException;
import java.nio.file.FileSystemException;
import org.junit.jupiter.api.Test;

class StorageFailureTest {

    @Test
    void aBucketThatDoesNotAnswerIsA503WithRetryAfterAndNoEndpoint() {
        IOException e = new IOException("wrapped", new StorageUnreachableException(
                "the storage s3://nodes/cluster/ at http://10.0.0.5:9000 did not answer within 4000 ms"));

        StorageFailure failure = StorageFailure.of(e);

        assertThat(StorageFailure.isStorage(e)).isTrue();
        assertThat(failure.status()).isEqualTo(503);
        assertThat(failure.retryAfter()).isEqualTo(StorageFailure.RETRY_AFTER);
        assertThat(failure.reason()).contains("storage does not answer").contains("nothing was changed")
                .doesNotContain("10.0.0.5").doesNotContain("s3://");
    }

    @Test
    void aBucketThatRefusedIsA503WithoutTheBucketsWords() {
        StorageException e = new StorageException("the storage s3://nodes/cluster/ refused to store x: HTTP 500");

        StorageFailure failure = StorageFailure.of(e);

        assertThat(StorageFailure.isStorage(e)).isTrue();
        assertThat(failure.status()).isEqualTo(503);
        assertThat(failure.retryAfter()).isNull();
        assertThat(failure.reason()).contains("storage failed").doesNotContain("s3://");
    }

    @Test
    void aFullDiskIsStillA507AndAClientsBrokenStreamIsNoStorageFailure() {
        assertThat(StorageFailure.of(new FileSystemException("/data/x", null, "No space left on device")).status())
                .isEqualTo(507);
        assertThat(StorageFailure.isStorage(new IOException("Connection reset by peer"))).isFalse();
    }
}
