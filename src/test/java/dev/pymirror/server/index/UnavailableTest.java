package dev.pymirror.server.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.store.blob.StorageUnreachableException;
import java.io.IOException;
import java.nio.file.FileSystemException;
import org.junit.jupiter.api.Test;

class UnavailableTest {

    @Test
    void aReadTheBucketDidNotAnswerSaysSoAndNamesNoEndpoint() {
        Unavailable u = Unavailable.disk("index 'internal' cannot read 'a-1.0.whl'", new IOException("wrapped",
                new StorageUnreachableException("the storage s3://nodes/x/ at http://10.0.0.5:9000 has not answered")));

        assertThat(u.status()).isEqualTo(503);
        assertThat(u.getMessage()).isEqualTo("index 'internal' cannot read 'a-1.0.whl': the server's storage does not"
                + " answer now; try again in a few seconds");
    }

    @Test
    void aDiskErrorIsStillADiskError() {
        Unavailable u = Unavailable.disk("cannot read x", new FileSystemException("/data/x", null, "Input/output error"));

        assertThat(u.status()).isEqualTo(503);
        assertThat(u.getMessage()).isEqualTo("cannot read x: a disk error on this server (its log says more)");
    }
}
