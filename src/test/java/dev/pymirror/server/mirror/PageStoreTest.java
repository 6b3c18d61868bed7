package dev.pymirror.server.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.simple.ProjectPage;
import dev.pymirror.store.blob.LocalBlobStore;
import dev.pymirror.upstream.Validators;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pages are saved without forcing them to disk, on the ground that a page a crash leaves empty or
 * short is read as no page and fetched again: what these tests hold the reader to.
 */
class PageStoreTest {

    private static final ProjectName ACME = ProjectName.of("acme");

    @TempDir
    Path dir;

    @Test
    void aSavedPageIsReadBack() throws Exception {
        PageStore store = saved();
        assertThat(store.load(ACME)).hasValueSatisfying(c -> {
            assertThat(c.page().files()).extracting(ProjectFile::filename).containsExactly("acme-1.0-py3-none-any.whl");
            assertThat(c.validators().etag()).isEqualTo("\"v1\"");
        });
    }

    @Test
    void aPageLeftEmptyOrShortIsNoPage() throws Exception {
        PageStore store = saved();
        Path page = dir.resolve("acme.json");
        String whole = Files.readString(page);
        Files.writeString(page, whole.substring(0, whole.length() / 2));
        assertThat(afterACrash().load(ACME)).isEmpty();
        Files.writeString(page, "");
        assertThat(afterACrash().load(ACME)).isEmpty();
        Files.write(page, new byte[whole.length()]); // blocks allocated, bytes never written
        assertThat(afterACrash().load(ACME)).isEmpty();
    }

    @Test
    void aStateLeftEmptyOrShortIsNoPageOrAnOldOne() throws Exception {
        PageStore store = saved();
        Path state = dir.resolve("acme.state.json");
        String whole = Files.readString(state);
        Files.writeString(state, whole.substring(0, whole.length() / 2));
        assertThat(afterACrash().load(ACME)).isEmpty();
        // Empty: the page without validators, fetched at the epoch, so revalidated at once.
        Files.writeString(state, "");
        assertThat(afterACrash().load(ACME)).hasValueSatisfying(c -> {
            assertThat(c.validators()).isEqualTo(Validators.NONE);
            assertThat(c.fetchedAt()).isEqualTo(Instant.EPOCH);
        });
    }

    /** A store as the restarted server opens it: nothing of the earlier one's memory. */
    private PageStore afterACrash() throws Exception {
        return new PageStore(new LocalBlobStore(dir), "");
    }

    private PageStore saved() throws Exception {
        PageStore store = new PageStore(new LocalBlobStore(dir), "");
        ProjectPage page = ProjectPage.of(ACME, List.of(ProjectFile.builder("acme-1.0-py3-none-any.whl",
                "https://files.example/acme-1.0-py3-none-any.whl").hash("sha256", "a".repeat(64)).build()));
        store.save(ACME, new Cached<>(page, new Validators("\"v1\"", null), Instant.parse("2026-12-03T12:00:00Z"),
                URI.create("https://upstream.example/simple/")));
        return store;
    }
}
