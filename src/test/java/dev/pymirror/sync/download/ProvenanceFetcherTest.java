package dev.pymirror.sync.download;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.sync.reqfile.HashPins;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.upstream.UpstreamIndex;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvenanceFetcherTest {

    @TempDir
    Path tree;

    @Test
    void aProvenanceNotFetchedIsNotedWithoutTheUpstreamsCredentials() throws Exception {
        try (TestIndexServer server = TestIndexServer.start()) {
            UpstreamIndex upstream = new UpstreamIndex(URI.create(withPassword(server.simpleUrl())),
                    Duration.ofSeconds(5), Duration.ofSeconds(10));
            String url = withPassword(server.url()) + "files/acme_lib-1.0-py3-none-any.whl.provenance";
            ProjectFile source = ProjectFile.builder("acme_lib-1.0-py3-none-any.whl", url).provenance(url).build();
            PlannedFile file = new PlannedFile(ProjectName.of("acme-lib"), source, tree.resolve("acme_lib-1.0-py3-none-any.whl"),
                    new ExpectedFile(Map.of(), 1, HashPins.NONE), List.of("t"));
            List<String> notes = new ProvenanceFetcher(upstream, new RetryPolicy(1, Duration.ofMillis(1),
                    Duration.ofMillis(1)), 1).fetch(List.of(file), f -> tree.resolve(f.source().filename() + ".provenance"));
            assertThat(notes).hasSize(1);
            assertThat(notes.get(0)).contains("404").contains("http://***@127.0.0.1").doesNotContain("s3cret");
        }
    }

    private static String withPassword(String url) {
        return url.replace("http://", "http://user:s3cret@");
    }
}
