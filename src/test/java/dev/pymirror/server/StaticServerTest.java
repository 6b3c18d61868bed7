package dev.pymirror.server;

import static dev.pymirror.testing.ServerGet.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pymirror.server.config.GroupConfig;
import dev.pymirror.server.config.IndexConfig;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.server.config.StaticConfig;
import dev.pymirror.testing.ServerGet;
import dev.pymirror.testing.Wheel;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Static indexes: a PEP 503 tree on disk (as {@code pymirror sync} writes it) served read-only,
 * with a file that appears in the tree served on the next request.
 */
class StaticServerTest {

    @TempDir
    Path tmp;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final Wheel lib = Wheel.of("acme-lib", "1.0").build();
    final Wheel libNext = Wheel.of("acme-lib", "1.1").requires("six").build();
    Path tree;
    PymirrorServer server;

    @BeforeEach
    void start() throws Exception {
        tree = Files.createDirectories(tmp.resolve("tree"));
        Files.createDirectories(tree.resolve("acme-lib"));
        Files.write(tree.resolve("acme-lib").resolve(lib.filename()), lib.bytes());
        writePage("acme-lib", link(lib));
        Map<String, IndexConfig> indexes = new LinkedHashMap<>();
        indexes.put("wheels", StaticConfig.of("wheels", tree));
        indexes.put("main", GroupConfig.of("main", List.of("wheels")));
        server = PymirrorServer.start(new ServerConfig("127.0.0.1", 0, tmp.resolve("data"), false, "wheels", indexes));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static String link(Wheel w) {
        return "<a href=\"" + w.filename() + "#sha256=" + w.sha256() + "\">" + w.filename() + "</a><br>\n";
    }

    /** Writes a page the way a tree writer should: a new file renamed over the old. */
    void writePage(String project, String... links) throws Exception {
        Path temp = tree.resolve(project).resolve(".index.html.tmp");
        Files.writeString(temp, "<!DOCTYPE html>\n<html><body>\n" + String.join("", links) + "</body></html>\n");
        Files.move(temp, tree.resolve(project).resolve("index.html"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        return ServerGet.get(http, server.baseUrl(), path, headers);
    }

    @Test
    void servesTheTreesPagesFilesAndMetadataReadOutOfWheels() throws Exception {
        String page = new String(get("/wheels/simple/acme-lib/", "Accept", JSON).body());
        assertThat(page).contains("\"url\":\"../../files/acme-lib/" + lib.filename() + "\"")
                .contains("\"sha256\":\"" + lib.sha256() + "\"").contains("\"core-metadata\":true");
        assertThat(get("/wheels/files/acme-lib/" + lib.filename()).body()).isEqualTo(lib.bytes());
        assertThat(get("/wheels/files/acme-lib/" + lib.filename() + ".metadata").body()).isEqualTo(lib.metadata());
        assertThat(new String(get("/wheels/simple/", "Accept", JSON).body())).contains("\"name\":\"acme-lib\"");
        assertThat(get("/wheels/simple/nothing/").statusCode()).isEqualTo(404);
        // Read-only: nothing was written into the tree.
        try (var files = Files.list(tree.resolve("acme-lib"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("index.html", lib.filename());
        }
    }

    @Test
    void aNewFileInTheTreeIsServedOnTheNextRequest() throws Exception {
        assertThat(new String(get("/wheels/simple/acme-lib/").body())).doesNotContain(libNext.filename());
        Files.write(tree.resolve("acme-lib").resolve(libNext.filename()), libNext.bytes());
        writePage("acme-lib", link(lib), link(libNext));
        assertThat(new String(get("/wheels/simple/acme-lib/").body())).contains(libNext.filename());
        assertThat(get("/wheels/files/acme-lib/" + libNext.filename()).body()).isEqualTo(libNext.bytes());
        assertThat(get("/wheels/files/acme-lib/" + libNext.filename() + ".metadata").body()).isEqualTo(libNext.metadata());

        // A new project folder shows in the list and serves its page.
        Files.createDirectories(tree.resolve("acme-new"));
        Wheel fresh = Wheel.of("acme-new", "0.1").build();
        Files.write(tree.resolve("acme-new").resolve(fresh.filename()), fresh.bytes());
        writePage("acme-new", link(fresh));
        assertThat(new String(get("/wheels/simple/").body())).contains("acme-new");
        assertThat(get("/wheels/files/acme-new/" + fresh.filename()).body()).isEqualTo(fresh.bytes());
    }

    @Test
    void aFolderWithoutAPageListsItsDistributionsAndPicksUpNewOnes() throws Exception {
        Path loose = Files.createDirectories(tree.resolve("acme-loose"));
        Wheel one = Wheel.of("acme-loose", "1.0").build();
        Files.write(loose.resolve(one.filename()), one.bytes());
        Files.writeString(loose.resolve("README.txt"), "not a distribution");
        String page = new String(get("/wheels/simple/acme-loose/", "Accept", JSON).body());
        assertThat(page).contains(one.filename()).contains(one.sha256()).doesNotContain("README");
        Wheel two = Wheel.of("acme-loose", "2.0").build();
        Files.write(loose.resolve(two.filename()), two.bytes());
        assertThat(new String(get("/wheels/simple/acme-loose/").body())).contains(two.filename());
        assertThat(get("/wheels/files/acme-loose/" + two.filename()).body()).isEqualTo(two.bytes());
    }

    @Test
    void linksOutOfTheTreeAreLeftOutAndLinksToOtherServersKept() throws Exception {
        Files.writeString(tmp.resolve("secret.whl"), "outside the tree");
        writePage("acme-lib", link(lib),
                "<a href=\"../../secret.whl\">secret.whl</a>\n",
                "<a href=\"/etc/passwd\">passwd</a>\n",
                "<a href=\"file:///etc/hostname\">hostname</a>\n",
                "<a href=\"https://files.example/acme_lib-0.9-py3-none-any.whl#sha256=" + "ab".repeat(32)
                        + "\">acme_lib-0.9-py3-none-any.whl</a>\n");
        String page = new String(get("/wheels/simple/acme-lib/").body());
        assertThat(page).contains(lib.filename()).doesNotContain("secret").doesNotContain("passwd")
                .doesNotContain("hostname").contains("https://files.example/acme_lib-0.9-py3-none-any.whl");
        assertThat(get("/wheels/files/acme-lib/secret.whl").statusCode()).isEqualTo(404);
        assertThat(get("/wheels/files/acme-lib/acme_lib-0.9-py3-none-any.whl").statusCode()).isEqualTo(404);
    }

    /** The PEP 691 page {@code pymirror sync} writes beside index.html: sizes, upload times, versions. */
    void writeJsonPage(String project, Wheel w, String uploadTime) throws Exception {
        Path temp = tree.resolve(project).resolve(".index.json.tmp");
        Files.writeString(temp, "{\"meta\":{\"api-version\":\"1.1\"},\"name\":\"" + project + "\",\"versions\":[\""
                + "1.0\"],\"files\":[{\"filename\":\"" + w.filename() + "\",\"url\":\"" + w.filename()
                + "\",\"hashes\":{\"sha256\":\"" + w.sha256() + "\"},\"requires-python\":\">=3.9\",\"size\":"
                + w.bytes().length + ",\"upload-time\":\"" + uploadTime + "\"}]}");
        Files.move(temp, tree.resolve(project).resolve("index.json"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void theTreesJsonPageIsServedWithItsSizesUploadTimesAndVersions() throws Exception {
        writeJsonPage("acme-lib", lib, "2024-05-01T12:00:00.123456Z");
        String page = new String(get("/wheels/simple/acme-lib/", "Accept", JSON).body());
        assertThat(page).contains("\"api-version\":\"1.1\"").contains("\"size\":" + lib.bytes().length)
                .contains("\"upload-time\":\"2024-05-01T12:00:00.123456Z\"").contains("\"versions\":[\"1.0\"]")
                .contains("\"requires-python\":\">=3.9\"")
                .contains("\"url\":\"../../files/acme-lib/" + lib.filename() + "\"");
        assertThat(get("/wheels/files/acme-lib/" + lib.filename()).body()).isEqualTo(lib.bytes());

        // A replaced index.json is read again on the next request.
        writeJsonPage("acme-lib", lib, "2025-01-02T03:04:05Z");
        assertThat(new String(get("/wheels/simple/acme-lib/", "Accept", JSON).body()))
                .contains("\"upload-time\":\"2025-01-02T03:04:05Z\"");
    }

    @Test
    void aPageSayingTheProjectIsQuarantinedServesNoFile() throws Exception {
        Path temp = tree.resolve("acme-lib").resolve(".index.json.tmp");
        Files.writeString(temp, "{\"meta\":{\"api-version\":\"1.4\"},\"name\":\"acme-lib\",\"versions\":[\"1.0\"],"
                + "\"project-status\":{\"status\":\"quarantined\",\"reason\":\"malware\"},\"files\":[{\"filename\":\""
                + lib.filename() + "\",\"url\":\"" + lib.filename() + "\",\"hashes\":{\"sha256\":\"" + lib.sha256()
                + "\"},\"size\":" + lib.bytes().length + "}]}");
        Files.move(temp, tree.resolve("acme-lib").resolve("index.json"), StandardCopyOption.ATOMIC_MOVE);
        String page = new String(get("/wheels/simple/acme-lib/", "Accept", JSON).body());
        assertThat(page).contains("\"status\":\"quarantined\"").doesNotContain(lib.filename());
        assertThat(get("/wheels/files/acme-lib/" + lib.filename()).statusCode()).isEqualTo(404);
    }

    @Test
    void anUnreadableJsonPageIsLoggedAndTheHtmlPageServed() throws Exception {
        Files.writeString(tree.resolve("acme-lib").resolve("index.json"), "{\"meta\": oops");
        String page = new String(get("/wheels/simple/acme-lib/", "Accept", JSON).body());
        assertThat(page).contains("\"api-version\":\"1.0\"").contains(lib.filename());
    }

    @Test
    void aFolderWithoutAPageIsListedWithItsSizesAsApi11() throws Exception {
        Path loose = Files.createDirectories(tree.resolve("acme-loose"));
        Wheel one = Wheel.of("acme-loose", "1.0").build();
        Files.write(loose.resolve(one.filename()), one.bytes());
        String page = new String(get("/wheels/simple/acme-loose/", "Accept", JSON).body());
        assertThat(page).contains("\"api-version\":\"1.1\"").contains("\"size\":" + one.bytes().length)
                .contains("\"versions\":[\"1.0\"]");
    }

    @Test
    void aProvenanceInTheTreeIsServedBesideItsFileAndOneLinkedOutsideIsLeftOut() throws Exception {
        String provenance = "{\"version\":1,\"attestation_bundles\":[]}";
        Files.writeString(tree.resolve("acme-lib").resolve(lib.filename() + ".provenance"), provenance);
        Files.write(tree.resolve("acme-lib").resolve(libNext.filename()), libNext.bytes());
        writePage("acme-lib",
                link(lib).replace("\">", "\" data-provenance=\"" + lib.filename() + ".provenance\">"),
                link(libNext).replace("\">", "\" data-provenance=\"../../elsewhere.provenance\">"));
        String page = new String(get("/wheels/simple/acme-lib/", "Accept", JSON).body());
        assertThat(page).contains("\"provenance\":\"../../files/acme-lib/" + lib.filename() + ".provenance\"")
                .doesNotContain("elsewhere");
        HttpResponse<byte[]> served = get("/wheels/files/acme-lib/" + lib.filename() + ".provenance");
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(new String(served.body())).isEqualTo(provenance);
        assertThat(get("/wheels/files/acme-lib/" + libNext.filename() + ".provenance").statusCode()).isEqualTo(404);
        // A group passes the page on unchanged, and its file route asks the member.
        assertThat(new String(get("/main/simple/acme-lib/", "Accept", JSON).body()))
                .contains("\"provenance\":\"../../files/acme-lib/" + lib.filename() + ".provenance\"");
        assertThat(new String(get("/main/files/acme-lib/" + lib.filename() + ".provenance").body())).isEqualTo(provenance);
    }

    @Test
    void aFolderWithoutAPageListsTheRequiresPythonOfItsFilesMetadata() throws Exception {
        Path loose = Files.createDirectories(tree.resolve("acme-loose"));
        Wheel modern = Wheel.of("acme-loose", "2.0").requiresPython(">=3.9").build();
        Wheel any = Wheel.of("acme-loose", "1.0").build();
        Files.write(loose.resolve(modern.filename()), modern.bytes());
        Files.write(loose.resolve(any.filename()), any.bytes());
        String page = new String(get("/wheels/simple/acme-loose/", "Accept", JSON).body());
        assertThat(page).contains("\"filename\":\"" + modern.filename() + "\",\"url\":\"../../files/acme-loose/"
                + modern.filename() + "\",\"hashes\":{\"sha256\":\"" + modern.sha256() + "\"},\"requires-python\":\">=3.9\"");
        assertThat(page.split("requires-python", -1)).as("only 2.0 has one").hasSize(2);
        assertThat(new String(get("/wheels/simple/acme-loose/").body())).contains("data-requires-python=\"&gt;=3.9\"");
    }

    @Test
    void aMetadataFileBesideAWheelIsServedAsIs() throws Exception {
        Files.writeString(tree.resolve("acme-lib").resolve(lib.filename() + ".metadata"), "Metadata-Version: 2.1\nName: acme-lib\nVersion: 1.0\n\n");
        writePage("acme-lib", link(lib));
        assertThat(new String(get("/wheels/files/acme-lib/" + lib.filename() + ".metadata").body()))
                .isEqualTo("Metadata-Version: 2.1\nName: acme-lib\nVersion: 1.0\n\n");
    }

    @Test
    void aTreeThatIsNotADirectoryStopsTheStart() {
        Map<String, IndexConfig> indexes = Map.of("gone", StaticConfig.of("gone", tmp.resolve("no-such-tree")));
        assertThatThrownBy(() -> PymirrorServer.start(new ServerConfig("127.0.0.1", 0, tmp.resolve("data2"), false,
                "gone", indexes))).isInstanceOf(StartupException.class)
                .hasMessageContaining("the tree of static index 'gone'").hasMessageContaining("is not a directory");
    }
}
