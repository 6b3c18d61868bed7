package dev.pymirror.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.server.config.HostedConfig;
import dev.pymirror.server.hosted.HostedIndex;
import dev.pymirror.server.index.PackageIndex;
import dev.pymirror.server.index.Upload;
import dev.pymirror.testing.Wheel;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web UI's search over a hosted index: from the list the index keeps, not a read of every project per view. */
class CatalogSearchTest {

    @TempDir
    Path dir;

    @Test
    void aSearchReadsTheHostedIndexsKeptListNotEveryProjectRecord() throws Exception {
        HostedIndex hosted = new HostedIndex(HostedConfig.defaults("internal"), dir.resolve("internal"), Clock.systemUTC());
        for (String name : List.of("acme-one", "acme-two", "other")) {
            Wheel w = Wheel.of(name, "1.0").build();
            hosted.upload(new Upload(w.filename(), Map.of(":action", List.of("file_upload"), "name", List.of(name),
                    "version", List.of("1.0")), "alice"), new ByteArrayInputStream(w.bytes()));
        }
        Catalog catalog = new Catalog(Map.<String, PackageIndex>of("internal", hosted), "internal", Set.of(), Map.of(), null);
        assertThat(catalog.search("acme", List.of("internal"), null)).extracting(SearchHit::project)
                .containsExactly("acme-one", "acme-two");

        // The records out of reach (as a failing disk would put them): searches and the index's
        // page keep answering from the list kept since the last change, view after view.
        Path projects = dir.resolve("internal").resolve("projects");
        Files.move(projects, dir.resolve("projects-away"));
        for (int i = 0; i < 10; i++) {
            assertThat(catalog.search("acme", List.of("internal"), null)).extracting(SearchHit::project)
                    .containsExactly("acme-one", "acme-two");
            assertThat(catalog.projects(hosted)).hasSize(3);
        }
    }
}
