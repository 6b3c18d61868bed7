package dev.pymirror.server.hosted;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.server.config.HostedConfig;
import dev.pymirror.store.blob.LocalBlobStore;
import dev.pymirror.testing.CountingBlobStore;
import dev.pymirror.testing.Wheel;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A project's log as the hosted index writes it: what a write costs the storage. */
class ProjectLogTest {

    @TempDir
    Path dir;

    @Test
    void aWriteAsksTheStorageWhetherTheLogGrewAndDoesNotReadItsOwnEntryBack() throws Exception {
        CountingBlobStore recorded = new CountingBlobStore(new LocalBlobStore(dir));
        HostedIndex index = new HostedIndex(HostedConfig.defaults("internal"), recorded, "", dir, Clock.systemUTC());
        Wheel one = Wheel.of("acme-log", "1.0").build();
        Wheel two = Wheel.of("acme-log", "2.0").build();
        HostedIndexHealthTest.upload(index, one, "acme-log", "1.0");
        recorded.readKeys.clear();

        // On a bucket each read is a request on the upload's way.
        HostedIndexHealthTest.upload(index, two, "acme-log", "2.0");
        assertThat(recorded.readKeys).filteredOn(key -> key.startsWith("projects/acme-log/"))
                .as("whether another writer took entry 2 first").containsExactly("projects/acme-log/00000000000000000002");
        assertThat(index.files(ProjectName.of("acme-log"))).hasSize(2);
        HostedIndex fresh = new HostedIndex(HostedConfig.defaults("internal"), new LocalBlobStore(dir), "", dir,
                Clock.systemUTC());
        assertThat(fresh.files(ProjectName.of("acme-log"))).hasSize(2);
    }
}
