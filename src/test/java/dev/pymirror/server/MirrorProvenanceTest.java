package dev.pymirror.server;

import static dev.pymirror.testing.ServerGet.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.server.config.MirrorConfig;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.testing.ServerGet;
import dev.pymirror.testing.StaticIndexServer;
import dev.pymirror.testing.Wheel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PEP 740 provenance through a mirror: the page links the mirror's own copy, which is fetched from
 * the upstream, checked, kept and served when the upstream is gone; a provenance that cannot be
 * had is a 502 of its own and breaks neither the page nor the file.
 */
class MirrorProvenanceTest {

    static final String PROVENANCE = "{\"version\":1,\"attestation_bundles\":[{\"publisher\":{\"kind\":\"GitHub\"},"
            + "\"attestations\":[]}]}";

    @TempDir
    Path tmp;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final Wheel attested = Wheel.of("acme-lib", "1.0").build();
    final Wheel lost = Wheel.of("acme-lib", "1.1").build();
    final Wheel broken = Wheel.of("acme-lib", "1.2").build();
    final Wheel plain = Wheel.of("acme-lib", "0.9").build();
    StaticIndexServer upstream;
    PymirrorServer server;

    @BeforeEach
    void start() throws Exception {
        Path root = tmp.resolve("upstream");
        Path files = Files.createDirectories(root.resolve("files"));
        for (Wheel w : new Wheel[] {attested, lost, broken, plain}) {
            Files.write(files.resolve(w.filename()), w.bytes());
        }
        Files.writeString(files.resolve(attested.filename() + ".provenance"), PROVENANCE);
        Files.writeString(files.resolve(broken.filename() + ".provenance"), "<html>Service unavailable</html>");
        Files.writeString(Files.createDirectories(root.resolve("simple/acme-lib")).resolve("index.html"),
                "<!DOCTYPE html><html><body>\n"
                + link(attested, "../../files/" + attested.filename() + ".provenance")
                + link(lost, "../../files/" + lost.filename() + ".provenance")
                + link(broken, "../../files/" + broken.filename() + ".provenance")
                + link(plain, null)
                + "</body></html>\n");
        upstream = StaticIndexServer.serve(root);
        MirrorConfig mirror = MirrorConfig.defaults("pypi").withUpstream(URI.create(upstream.url() + "simple/"))
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10));
        server = PymirrorServer.start(new ServerConfig("127.0.0.1", 0, tmp.resolve("data"), false, "pypi",
                Map.of("pypi", mirror)));
    }

    @AfterEach
    void stop() {
        server.close();
        upstream.close();
    }

    static String link(Wheel w, String provenance) {
        return "<a href=\"../../files/" + w.filename() + "#sha256=" + w.sha256() + "\""
                + (provenance == null ? "" : " data-provenance=\"" + provenance + "\"") + ">" + w.filename() + "</a>\n";
    }

    HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        return ServerGet.get(http, server.baseUrl(), path, headers);
    }

    @Test
    void thePageLinksTheMirrorsCopyWhichIsFetchedCheckedKeptAndServedWithoutTheUpstream() throws Exception {
        String json = new String(get("/simple/acme-lib/", "Accept", JSON).body(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"provenance\":\"../../files/acme-lib/" + attested.filename() + ".provenance\"")
                .doesNotContain(upstream.url());
        String html = new String(get("/simple/acme-lib/").body(), StandardCharsets.UTF_8);
        assertThat(html).contains("data-provenance=\"../../files/acme-lib/" + attested.filename() + ".provenance\"");

        HttpResponse<byte[]> provenance = get("/files/acme-lib/" + attested.filename() + ".provenance");
        assertThat(provenance.statusCode()).isEqualTo(200);
        assertThat(provenance.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(new String(provenance.body(), StandardCharsets.UTF_8)).isEqualTo(PROVENANCE);
        assertThat(tmp.resolve("data/pypi/files/acme-lib/" + attested.filename() + ".provenance")).hasContent(PROVENANCE);

        upstream.close();
        HttpResponse<byte[]> kept = get("/files/acme-lib/" + attested.filename() + ".provenance");
        assertThat(kept.statusCode()).isEqualTo(200);
        assertThat(new String(kept.body(), StandardCharsets.UTF_8)).isEqualTo(PROVENANCE);
    }

    @Test
    void aFileWithoutProvenanceHasNoneOnThePage() throws Exception {
        String json = new String(get("/simple/acme-lib/", "Accept", JSON).body(), StandardCharsets.UTF_8);
        int at = json.indexOf("\"filename\":\"" + plain.filename() + "\"");
        String entry = json.substring(at, json.indexOf('}', json.indexOf("\"yanked\"", at)));
        assertThat(entry).doesNotContain("provenance");
        assertThat(get("/files/acme-lib/" + plain.filename() + ".provenance").statusCode()).isEqualTo(404);
    }

    @Test
    void aProvenanceThatCannotBeHadIsA502OfItsOwnAndTheFileIsServed() throws Exception {
        HttpResponse<byte[]> missing = get("/files/acme-lib/" + lost.filename() + ".provenance");
        assertThat(missing.statusCode()).isEqualTo(502);
        assertThat(new String(missing.body(), StandardCharsets.UTF_8))
                .contains("lists a provenance for '" + lost.filename() + "' but answers 404");

        HttpResponse<byte[]> notOne = get("/files/acme-lib/" + broken.filename() + ".provenance");
        assertThat(notOne.statusCode()).isEqualTo(502);
        assertThat(new String(notOne.body(), StandardCharsets.UTF_8)).contains("unusable")
                .doesNotContain("Exception").doesNotContain(tmp.toString());
        assertThat(tmp.resolve("data/pypi/files/acme-lib/" + broken.filename() + ".provenance")).doesNotExist();

        assertThat(get("/files/acme-lib/" + lost.filename()).body()).isEqualTo(lost.bytes());
        assertThat(get("/simple/acme-lib/").statusCode()).isEqualTo(200);
    }
}
