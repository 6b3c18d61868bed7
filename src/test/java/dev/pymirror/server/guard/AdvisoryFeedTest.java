package dev.pymirror.server.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.advisories.AdvisoryStore;
import dev.pymirror.packaging.version.Version;
import dev.pymirror.testing.OsvRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdvisoryFeedTest {

    @TempDir
    Path dir;

    @Test
    void anImportBesideTheServerIsPickedUpAndADamagedStoreKeepsWhatWasLoaded() throws Exception {
        AdvisoryStore store = new AdvisoryStore(dir.resolve("data"));
        AdvisoryFeed feed = AdvisoryFeed.load(store);
        assertThat(feed.current().count()).isZero();

        store.importFrom(OsvRecord.zip(dir.resolve("a.zip"), List.of(
                OsvRecord.of("MAL-1", "2026-01-01T00:00:00Z").pypi("evil").introduced("0"))), Clock.systemUTC());
        long before = feed.current().generation();
        feed.refresh();
        assertThat(feed.current().affecting("evil", Version.parse("1"))).hasSize(1);
        assertThat(feed.current().generation()).isNotEqualTo(before);

        long loaded = feed.current().generation();
        feed.refresh(); // unchanged file: not loaded again
        assertThat(feed.current().generation()).isEqualTo(loaded);

        Files.writeString(store.file(), "{ damaged");
        feed.refresh();
        assertThat(feed.current().generation()).isEqualTo(loaded);
        assertThat(feed.current().count()).isEqualTo(1);
    }
}
