package dev.pymirror.server.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pymirror.packaging.ProjectName;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.simple.ProjectPage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The manifest of a snapshot in a bucket: what it holds, read back, and what a hostile one is refused for. */
class SnapshotManifestTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SHA = "a".repeat(64);
    static final String OBJECTS = ".snapshots/rel-1/0b7d/";

    static SnapshotManifest manifest() {
        ProjectFile file = ProjectFile.builder("acme_lib-1.0-py3-none-any.whl", "acme_lib-1.0-py3-none-any.whl")
                .hash("sha256", SHA).size(10L).build();
        ProjectPage page = ProjectPage.builder(ProjectName.of("acme-lib")).files(List.of(file)).build();
        return new SnapshotManifest(new SnapshotInfo("rel-1", "pypi", "mirror", Instant.parse("2026-12-03T10:00:00Z"),
                false, 1, 1, 10, 0), OBJECTS, Map.of("acme-lib", new SnapshotManifest.Project(page, Map.of(
                        file.filename(), new SnapshotManifest.Frozen(OBJECTS + "acme-lib/" + file.filename(), SHA, 10)))));
    }

    @Test
    void aManifestIsReadBackAsWritten() throws Exception {
        SnapshotManifest m = manifest();
        SnapshotManifest read = SnapshotManifest.parse("rel-1", m.toJson());
        assertThat(read.info()).isEqualTo(m.info());
        assertThat(read.objects()).isEqualTo(OBJECTS);
        assertThat(read.projects()).containsOnlyKeys("acme-lib");
        assertThat(read.projects().get("acme-lib").files()).isEqualTo(m.projects().get("acme-lib").files());
        assertThat(read.projects().get("acme-lib").page().files()).extracting(ProjectFile::filename)
                .containsExactly("acme_lib-1.0-py3-none-any.whl");
        assertThat(JSON.readTree(m.toJson()).path("format").asText()).isEqualTo("pymirror-snapshot-manifest/1");
    }

    /** The manifest with one change made to its JSON, parsed as snapshot rel-1's. */
    static SnapshotManifest parseChanged(Consumer<ObjectNode> change) throws Exception {
        ObjectNode o = (ObjectNode) JSON.readTree(manifest().toJson());
        change.accept(o);
        return SnapshotManifest.parse("rel-1", JSON.writeValueAsBytes(o));
    }

    static ObjectNode file(ObjectNode o) {
        return (ObjectNode) o.path("projects").path("acme-lib").path("files").path("acme_lib-1.0-py3-none-any.whl");
    }

    @Test
    void aHostileOrDamagedManifestIsRefusedSayingWhy() {
        assertThatThrownBy(() -> SnapshotManifest.parse("rel-1", "{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SnapshotException.class).hasMessage("the manifest of snapshot 'rel-1' is damaged: it is not JSON");
        assertThatThrownBy(() -> SnapshotManifest.parse("rel-2", manifest().toJson()))
                .hasMessageContaining("it is the manifest of another snapshot");
        assertThatThrownBy(() -> parseChanged(o -> o.put("format", "other/1")))
                .hasMessageContaining("not a pymirror-snapshot-manifest/1 manifest");
        // Keys that climb out of the snapshot's objects, or into another's, or that no store takes.
        assertThatThrownBy(() -> parseChanged(o -> file(o).put("key", "pypi/files/acme-lib/x.whl")))
                .hasMessageContaining("is not under the snapshot's objects");
        assertThatThrownBy(() -> parseChanged(o -> file(o).put("key", OBJECTS + "../../../pypi/files/x.whl")))
                .hasMessageContaining("is not under the snapshot's objects");
        assertThatThrownBy(() -> parseChanged(o -> o.put("objects", ".snapshots/other/0b7d/")))
                .hasMessageContaining("its objects are not under the snapshot's prefix");
        assertThatThrownBy(() -> parseChanged(o -> o.put("objects", ".snapshots/rel-1/../../")))
                .hasMessageContaining("its objects are not under the snapshot's prefix");
        // Names that a route or a folder would take as a path.
        assertThatThrownBy(() -> parseChanged(o -> ((ObjectNode) o.path("projects")).set("../etc",
                o.path("projects").path("acme-lib")))).hasMessageContaining("names a project '../etc' that is no");
        assertThatThrownBy(() -> parseChanged(o -> ((ObjectNode) o.path("projects").path("acme-lib").path("files"))
                .set("../../x.whl", file(o)))).hasMessageContaining("names a file '../../x.whl' that is no file name");
        assertThatThrownBy(() -> parseChanged(o -> file(o).put("sha256", "00")))
                .hasMessageContaining("has no SHA-256 or size");
        assertThatThrownBy(() -> parseChanged(o -> ((ObjectNode) o.path("snapshot")).put("created", "yesterday")))
                .hasMessageContaining("damaged");
    }
}
