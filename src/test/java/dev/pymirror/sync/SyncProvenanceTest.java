package dev.pymirror.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pymirror.sync.download.RetryPolicy;
import dev.pymirror.sync.resolve.InstallTarget;
import dev.pymirror.sync.resolve.SdistPolicy;
import dev.pymirror.sync.tree.MirrorTree;
import dev.pymirror.sync.tree.TreeVerifier;
import dev.pymirror.testing.StaticIndexServer;
import dev.pymirror.testing.Wheel;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A synced tree, meant for a site without the upstream, holds the PEP 740 provenance objects the
 * upstream lists and links them relatively; one that cannot be had is a note, and its file is
 * listed without provenance.
 */
class SyncProvenanceTest {

    static final InstallTarget TARGET = InstallTarget.of("3.12", "manylinux_2_28_x86_64", "cp", List.of());
    static final String PROVENANCE = "{\"version\":1,\"attestation_bundles\":[{\"publisher\":{\"kind\":\"GitHub\"},"
            + "\"attestations\":[]}]}";

    @TempDir
    Path dir;

    final Wheel attested = Wheel.of("attested", "1.0").build();
    final Wheel lost = Wheel.of("lost", "1.0").build();
    final Wheel plain = Wheel.of("plain", "1.0").build();

    /** An upstream of HTML pages (as a plain web server serves them) with data-provenance links. */
    Path upstreamTree() throws Exception {
        Path root = dir.resolve("upstream");
        Path files = Files.createDirectories(root.resolve("files"));
        for (Wheel w : List.of(attested, lost, plain)) {
            Files.write(files.resolve(w.filename()), w.bytes());
        }
        Files.writeString(files.resolve(attested.filename() + ".provenance"), PROVENANCE);
        page(root, "attested", attested, "../../files/" + attested.filename() + ".provenance");
        page(root, "lost", lost, "../../files/" + lost.filename() + ".provenance");
        page(root, "plain", plain, null);
        return root;
    }

    static void page(Path root, String project, Wheel w, String provenance) throws Exception {
        Files.writeString(Files.createDirectories(root.resolve("simple").resolve(project)).resolve("index.html"),
                "<!DOCTYPE html><html><body>\n<a href=\"../../files/" + w.filename() + "#sha256=" + w.sha256() + "\""
                        + (provenance == null ? "" : " data-provenance=\"" + provenance + "\"") + ">" + w.filename()
                        + "</a>\n</body></html>\n");
    }

    SyncReport sync(StaticIndexServer upstream, Path out) throws Exception {
        return new MirrorSync().sync(new SyncRequest(List.of(), List.of(), List.of("attested", "lost", "plain"),
                List.of(TARGET), URI.create(upstream.url() + "simple/"), null, out, SdistPolicy.NONE, false, 2, false,
                new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20)), Duration.ofSeconds(10)),
                SyncListener.NONE);
    }

    @Test
    void theTreeKeepsTheUpstreamsProvenanceBesideItsFileAndLinksItRelatively() throws Exception {
        Path root = upstreamTree();
        Path out = dir.resolve("mirror");
        SyncReport report;
        try (StaticIndexServer upstream = StaticIndexServer.serve(root)) {
            report = sync(upstream, out);
        }

        assertThat(out.resolve("attested").resolve(attested.filename() + ".provenance")).hasContent(PROVENANCE);
        JsonNode json = new ObjectMapper().readTree(out.resolve("attested/index.json").toFile());
        assertThat(json.at("/files/0/provenance").asText()).isEqualTo(attested.filename() + ".provenance");
        assertThat(Files.readString(out.resolve("attested/index.html")))
                .contains("data-provenance=\"" + attested.filename() + ".provenance\"");

        // The upstream lists one for 'lost' but has none: noted, and the page links nothing.
        assertThat(report.notes()).anySatisfy(note -> assertThat(note)
                .startsWith(lost.filename() + ": its provenance was not fetched").contains("404"));
        assertThat(out.resolve("lost").resolve(lost.filename() + ".provenance")).doesNotExist();
        assertThat(Files.readString(out.resolve("lost/index.json"))).doesNotContain("provenance");
        assertThat(Files.readString(out.resolve("plain/index.json"))).doesNotContain("provenance");
        assertThat(new TreeVerifier(new MirrorTree(out)).verify().problems()).isEmpty();

        // Once the upstream has it, the next sync fetches it and the page links it.
        Files.writeString(root.resolve("files").resolve(lost.filename() + ".provenance"), PROVENANCE);
        try (StaticIndexServer upstream = StaticIndexServer.serve(root)) {
            report = sync(upstream, out);
        }
        assertThat(report.notes()).noneSatisfy(note -> assertThat(note).contains("provenance"));
        assertThat(out.resolve("lost").resolve(lost.filename() + ".provenance")).hasContent(PROVENANCE);
        assertThat(Files.readString(out.resolve("lost/index.json")))
                .contains("\"provenance\":\"" + lost.filename() + ".provenance\"");
    }

    @Test
    void verifyFindsAProvenanceThatWasDamagedOrRemoved() throws Exception {
        Path out = dir.resolve("mirror");
        try (StaticIndexServer upstream = StaticIndexServer.serve(upstreamTree())) {
            sync(upstream, out);
        }
        Path provenance = out.resolve("attested").resolve(attested.filename() + ".provenance");
        String key = "attested/" + attested.filename() + ".provenance";

        Files.writeString(provenance, "[]");
        assertThat(new TreeVerifier(new MirrorTree(out)).verify().problems()).containsExactlyInAnyOrder(
                key + ": not a provenance object (A provenance object must be a JSON object)",
                key + ": sha256 differs from the manifest's");

        Files.delete(provenance);
        assertThat(new TreeVerifier(new MirrorTree(out)).verify().problems()).containsExactlyInAnyOrder(
                key + ": missing, but the manifest records one",
                "attested/index.html: links a provenance of " + attested.filename() + ", which is not in the tree",
                "attested/index.json: links a provenance of " + attested.filename() + ", which is not in the tree");
    }
}
