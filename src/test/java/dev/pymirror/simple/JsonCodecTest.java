package dev.pymirror.simple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pymirror.packaging.ProjectName;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonCodecTest {

    private static final JsonCodec JSON = JsonCodec.INSTANCE;
    private static final ObjectMapper TREE = new ObjectMapper();
    private static final URI PAGE = URI.create("https://index.example.org/simple/sampleproject/");

    // ---- round trips -------------------------------------------------------------------------

    @Test
    void awkwardPageRoundTripsExactly() {
        ProjectPage page = SamplePages.awkward();
        String json = JSON.writeProjectPage(page);
        ProjectPage back = JSON.readProjectPage(json, null);
        assertThat(back).isEqualTo(page);
        assertThat(JSON.representable(page)).isEqualTo(page);
        // Writing what was read gives the same bytes: the output is canonical.
        assertThat(JSON.writeProjectPage(back)).isEqualTo(json);
    }

    @Test
    void manyHashesAndCoreMetadataStatesRoundTrip() {
        ProjectPage page = SamplePages.manyHashes();
        assertThat(JSON.readProjectPage(JSON.writeProjectPage(page), null)).isEqualTo(page);
    }

    @Test
    void generatedPageRoundTripsThroughStreams() throws IOException {
        ProjectPage page = SamplePages.generated(5000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JSON.writeProjectPage(page, out);
        ProjectPage back = JSON.readProjectPage(new ByteArrayInputStream(out.toByteArray()), null);
        assertThat(back).isEqualTo(page);
    }

    @Test
    void projectListRoundTrips() {
        ProjectList list = new ProjectList(PageMeta.of(ApiVersion.V1_0).withLastSerial(7), List.of(
                ListedProject.of(ProjectName.of("Django"), 5),
                ListedProject.of(ProjectName.of("zope.interface")),
                ListedProject.of(ProjectName.of("0"))));
        String json = JSON.writeProjectList(list);
        assertThat(JSON.readProjectList(json, null)).isEqualTo(list);
        assertThat(JSON.readProjectList(json, null).projects().get(0).name().original()).isEqualTo("Django");
        assertThat(JSON.representable(list)).isSameAs(list);
    }

    @Test
    void projectListRoundTripsThroughStreams() throws IOException {
        ProjectList list = ProjectList.of(List.of(ProjectName.of("a"), ProjectName.of("B.c")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JSON.writeProjectList(list, out);
        assertThat(JSON.readProjectList(new ByteArrayInputStream(out.toByteArray()), null)).isEqualTo(list);
    }

    // ---- what is written ---------------------------------------------------------------------

    @Test
    void writesTheStandardShape() throws IOException {
        JsonNode tree = TREE.readTree(JSON.writeProjectPage(SamplePages.awkward()));
        assertThat(tree.path("meta").path("api-version").asText()).isEqualTo("1.4");
        assertThat(tree.path("meta").path("_last-serial").asLong()).isEqualTo(123456789012L);
        assertThat(tree.path("meta").path("tracks").get(0).asText())
                .isEqualTo("https://upstream.example.org/simple/awkward-name-pkg/");
        assertThat(tree.path("name").asText()).isEqualTo("awkward-name-pkg"); // normalized, as PEP 691 says
        assertThat(tree.path("project-status").path("status").asText()).isEqualTo("deprecated");
        assertThat(tree.path("alternate-locations")).hasSize(1);
        assertThat(tree.path("versions").toString()).isEqualTo("[\"1.0\",\"2.0rc1\",\"3.0+local.7\"]");

        JsonNode first = tree.path("files").get(0);
        assertThat(first.path("filename").asText()).isEqualTo("Awkward.Name_pkg-1.0.tar.gz");
        assertThat(first.path("hashes").toString()).isEqualTo("{\"sha256\":\"" + SamplePages.SHA256 + "\"}");
        assertThat(first.path("requires-python").asText()).isEqualTo(">=3.8,<4,!=3.9.*");
        assertThat(first.path("yanked").isTextual()).isTrue();
        assertThat(first.path("gpg-sig").asBoolean()).isTrue();
        assertThat(first.path("size").asLong()).isEqualTo(1234);
        assertThat(first.path("upload-time").asText()).isEqualTo("2024-01-31T12:34:56.123456Z");
        assertThat(first.has("core-metadata")).isFalse();
        assertThat(first.has("provenance")).isFalse();

        JsonNode second = tree.path("files").get(1);
        assertThat(second.path("yanked").isBoolean()).isTrue();
        assertThat(second.path("yanked").asBoolean()).isTrue();
        assertThat(second.path("core-metadata").path("sha256").asText()).isEqualTo(SamplePages.SHA256);
        assertThat(second.has("dist-info-metadata")).isFalse(); // PEP 714: only the new key in JSON
        assertThat(second.path("upload-time").asText()).isEqualTo("2024-02-01T00:00:00Z");

        JsonNode third = tree.path("files").get(2);
        assertThat(third.path("core-metadata").isBoolean()).isTrue();
        assertThat(third.path("yanked").asBoolean()).isFalse();
        assertThat(third.path("hashes").isObject()).isTrue(); // required even when empty
        assertThat(third.path("hashes")).isEmpty();
        assertThat(third.has("requires-python")).isFalse();
        assertThat(third.has("gpg-sig")).isFalse();
    }

    @Test
    void writesCompactUtf8WithoutEscapingUnicode() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JSON.writeProjectPage(SamplePages.awkward(), out);
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("ünïcödé 🐍").doesNotContain("\n  ").startsWith("{\"meta\":{");
        assertThat(text).isEqualTo(JSON.writeProjectPage(SamplePages.awkward()));
    }

    @Test
    void declaresVersion1_0WhenThePageLacksWhat1_1Requires() throws IOException {
        ProjectFile noSize = ProjectFile.builder("a-1.0.tar.gz", "https://files.example.org/a-1.0.tar.gz").build();
        ProjectPage page = ProjectPage.builder(ProjectName.of("a")).apiVersion(ApiVersion.LATEST)
                .versions(List.of("1.0")).files(List.of(noSize)).build();
        JsonNode tree = TREE.readTree(JSON.writeProjectPage(page));
        assertThat(tree.path("meta").path("api-version").asText()).isEqualTo("1.0");
        assertThat(JSON.representable(page).meta().apiVersion()).isEqualTo(ApiVersion.V1_0);
        assertThat(JSON.readProjectPage(JSON.writeProjectPage(page), null)).isEqualTo(JSON.representable(page));

        ProjectFile sized = noSize.toBuilder().size(1).build();
        ProjectPage noVersions = ProjectPage.builder(ProjectName.of("a")).apiVersion(ApiVersion.V1_1)
                .files(List.of(sized)).build();
        assertThat(TREE.readTree(JSON.writeProjectPage(noVersions)).path("meta").path("api-version").asText())
                .isEqualTo("1.0");

        ProjectPage empty = ProjectPage.builder(ProjectName.of("a")).apiVersion(ApiVersion.V1_1).build();
        JsonNode emptyTree = TREE.readTree(JSON.writeProjectPage(empty));
        assertThat(emptyTree.path("meta").path("api-version").asText()).isEqualTo("1.1");
        assertThat(emptyTree.path("versions").isArray()).isTrue();
        assertThat(JSON.representable(empty)).isSameAs(empty);
    }

    @Test
    void version1_0PagesLeaveOutTheVersionList() throws IOException {
        ProjectPage page = ProjectPage.of(ProjectName.of("a"), List.of());
        JsonNode tree = TREE.readTree(JSON.writeProjectPage(page));
        assertThat(tree.has("versions")).isFalse();
        assertThat(tree.has("project-status")).isFalse();
        assertThat(tree.has("alternate-locations")).isFalse();
        assertThat(tree.path("meta").has("_last-serial")).isFalse();
        assertThat(tree.path("files")).isEmpty();
    }

    @Test
    void writersLeaveTheStreamOpen() throws IOException {
        CloseTrackingStream out = new CloseTrackingStream();
        JSON.writeProjectPage(SamplePages.awkward(), out);
        JSON.writeProjectList(ProjectList.of(List.of(ProjectName.of("a"))), out);
        assertThat(out.closed).isFalse();
        assertThat(out.size()).isPositive();
    }

    @Test
    void readersLeaveTheStreamOpen() throws IOException {
        boolean[] closed = {false};
        InputStream in = new ByteArrayInputStream(SamplePages.resource("pypi-project.json").getBytes(StandardCharsets.UTF_8)) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        JSON.readProjectPage(in, PAGE);
        assertThat(closed[0]).isFalse();
    }

    // ---- real-world pages ----------------------------------------------------------------------

    @Test
    void readsPyPIsProjectPage() {
        ProjectPage page = JSON.readProjectPage(SamplePages.resource("pypi-project.json"), PAGE);
        assertThat(page.name()).isEqualTo(ProjectName.of("sampleproject"));
        assertThat(page.meta()).isEqualTo(new PageMeta(ApiVersion.LATEST, OptionalLong.of(27287043)));
        assertThat(page.status()).contains(ProjectStatus.ACTIVE);
        assertThat(page.alternateLocations()).isEmpty();
        assertThat(page.versions()).containsExactly("1.2.0", "1.3.0", "1.3.1", "2.0.0", "3.0.0", "4.0.0");
        assertThat(page.files()).hasSize(5);

        ProjectFile old = page.files().get(0);
        assertThat(old.filename()).isEqualTo("sampleproject-1.2.0.tar.gz");
        assertThat(old.url()).isEqualTo("https://files.example.org/packages/0a/1b/2d3c/sampleproject-1.2.0.tar.gz");
        assertThat(old.hashes()).containsExactly(Map.entry("sha256", SamplePages.SHA256));
        assertThat(old.requiresPython()).isEmpty(); // null in the page
        assertThat(old.coreMetadata()).contains(CoreMetadata.NOT_AVAILABLE);
        assertThat(old.provenance()).isEmpty();
        assertThat(old.isYanked()).isFalse();
        assertThat(old.size()).hasValue(3920);
        assertThat(old.uploadTime()).contains(Instant.parse("2015-06-14T14:38:05.875222Z"));
        assertThat(old.gpgSig()).isEmpty();

        ProjectFile yankedWheel = page.files().get(1);
        assertThat(yankedWheel.yank()).contains(new Yank("Missing dependency on peppercorn"));
        assertThat(yankedWheel.coreMetadata().orElseThrow().hashes())
                .containsEntry("sha256", "c1aa5f3696de580187062a8d3cb6907dcbdb4bf64f1cecb356903e8df04f8e8f");
        assertThat(page.files().get(2).yank()).contains(Yank.WITHOUT_REASON);

        ProjectFile latest = page.files().get(3);
        assertThat(latest.provenance()).contains(
                "https://pypi.example.org/integrity/sampleproject/4.0.0/sampleproject-4.0.0-py3-none-any.whl/provenance");
        assertThat(latest.uploadTime()).contains(Instant.parse("2024-03-17T16:46:21Z"));
        assertThat(latest.coreMetadataUrl()).contains(latest.url() + ".metadata");
        assertThat(page.files().get(4).uploadTime()).contains(Instant.parse("2024-03-17T16:46:23.100Z"));
        assertThat(page.files().get(4).requiresPython()).contains("<4,>=3.8");
    }

    @Test
    void pyPIsPageSurvivesBeingServedAgain() {
        ProjectPage page = JSON.readProjectPage(SamplePages.resource("pypi-project.json"), PAGE);
        assertThat(JSON.readProjectPage(JSON.writeProjectPage(page), PAGE)).isEqualTo(page);
    }

    @Test
    void readsPyPIsProjectList() {
        ProjectList list = JSON.readProjectList(SamplePages.resource("pypi-root.json"), null);
        assertThat(list.meta()).isEqualTo(new PageMeta(ApiVersion.LATEST, OptionalLong.of(27300001)));
        assertThat(list.names()).extracting(ProjectName::original)
                .containsExactly("0", "0-._.-._.-._.-._.-._.-._.-0", "Django", "ruamel.yaml", "sampleproject",
                        "zope.interface");
        assertThat(list.projects().get(2).lastSerial()).hasValue(27299995);
    }

    @Test
    void theTwoPyPIFixturesAgree() {
        ProjectPage json = JSON.readProjectPage(SamplePages.resource("pypi-project.json"), PAGE);
        ProjectPage html = HtmlCodec.INSTANCE.readProjectPage(SamplePages.resource("pypi-project.html"), PAGE);
        assertThat(html).isEqualTo(HtmlCodec.INSTANCE.representable(json));
    }

    // ---- forgiving where the standard allows -----------------------------------------------

    @Test
    void ignoresUnknownAndPrivateKeysAtEveryLevel() {
        String json = """
                {"_private": {"deep": [1, {"x": null}]}, "meta": {"api-version": "1.0", "_other": [1], "future": {}},
                 "name": "a", "future-key": [[], {}], "files": [
                  {"filename": "a-1.tar.gz", "url": "https://x.example.org/a-1.tar.gz", "hashes": {},
                   "future": {"nested": [true]}, "_mine": 3}]}
                """;
        ProjectPage page = JSON.readProjectPage(json, null);
        assertThat(page.files()).singleElement().satisfies(file -> assertThat(file.filename()).isEqualTo("a-1.tar.gz"));
    }

    @Test
    void nullMeansAbsentForOptionalKeys() {
        String json = """
                {"meta": {"api-version": "1.0", "_last-serial": null, "tracks": null}, "name": "a",
                 "alternate-locations": null, "project-status": null,
                 "files": [{"filename": "a-1.tar.gz", "url": "u/a-1.tar.gz", "hashes": {}, "requires-python": null,
                 "yanked": null, "core-metadata": null, "gpg-sig": null, "size": null, "upload-time": null,
                 "provenance": null}]}
                """;
        ProjectPage page = JSON.readProjectPage(json, null);
        assertThat(page.files().get(0)).isEqualTo(ProjectFile.builder("a-1.tar.gz", "u/a-1.tar.gz").build());
        assertThat(page.status()).isEmpty();
        assertThat(page.meta().lastSerial()).isEmpty();
    }

    @Test
    void resolvesRelativeUrlsAgainstThePageUrl() {
        String json = """
                {"meta": {"api-version": "1.0"}, "name": "a", "files": [
                  {"filename": "a-1.tar.gz", "url": "../../files/a-1.tar.gz", "hashes": {}, "provenance": "p/a.prov"},
                  {"filename": "a-2.tar.gz", "url": "/abs/a-2.tar.gz", "hashes": {}},
                  {"filename": "a-3.tar.gz", "url": "https://cdn.example.org/a-3.tar.gz", "hashes": {}}]}
                """;
        ProjectPage page = JSON.readProjectPage(json, URI.create("https://index.example.org/simple/a/"));
        assertThat(page.files()).extracting(ProjectFile::url).containsExactly(
                "https://index.example.org/files/a-1.tar.gz",
                "https://index.example.org/abs/a-2.tar.gz",
                "https://cdn.example.org/a-3.tar.gz");
        assertThat(page.files().get(0).provenance()).contains("https://index.example.org/simple/a/p/a.prov");
        assertThat(JSON.readProjectPage(json, null).files().get(0).url()).isEqualTo("../../files/a-1.tar.gz");
    }

    @Test
    void movesAUrlFragmentHashIntoTheHashes() {
        String json = """
                {"meta": {"api-version": "1.0"}, "name": "a", "files": [
                  {"filename": "a-1.tar.gz", "url": "https://x.example.org/a-1.tar.gz#md5=%s", "hashes": {"sha256": "%s"}},
                  {"filename": "a-2.tar.gz", "url": "https://x.example.org/a-2.tar.gz#sha256=%s", "hashes": {"sha256": "%s"}},
                  {"filename": "a-3.tar.gz", "url": "https://x.example.org/a-3.tar.gz#egg=a", "hashes": {}}]}
                """.formatted(SamplePages.MD5, SamplePages.SHA256, SamplePages.SHA256_B, SamplePages.SHA256);
        ProjectPage page = JSON.readProjectPage(json, null);
        assertThat(page.files().get(0).url()).isEqualTo("https://x.example.org/a-1.tar.gz");
        assertThat(page.files().get(0).hashes()).containsOnly(Map.entry("md5", SamplePages.MD5),
                Map.entry("sha256", SamplePages.SHA256));
        // The hashes object wins over a fragment that disagrees with it.
        assertThat(page.files().get(1).hashes()).containsOnly(Map.entry("sha256", SamplePages.SHA256));
        assertThat(page.files().get(2).hashes()).isEmpty();
        assertThat(page.files().get(2).url()).isEqualTo("https://x.example.org/a-3.tar.gz");
    }

    @Test
    void normalizesHashNamesAndDigestsToLowerCase() {
        String json = """
                {"meta": {"api-version": "1.0"}, "name": "a", "files": [
                  {"filename": "a-1.tar.gz", "url": "u", "hashes": {"SHA256": "%s", "Sha3_256": "ABCDEF"}}]}
                """.formatted(SamplePages.SHA256.toUpperCase());
        assertThat(JSON.readProjectPage(json, null).files().get(0).hashes())
                .containsOnly(Map.entry("sha256", SamplePages.SHA256), Map.entry("sha3_256", "abcdef"));
    }

    static Stream<Arguments> coreMetadataForms() {
        return Stream.of(
                Arguments.of("\"core-metadata\": true", Optional.of(CoreMetadata.AVAILABLE)),
                Arguments.of("\"core-metadata\": false", Optional.of(CoreMetadata.NOT_AVAILABLE)),
                Arguments.of("\"core-metadata\": {}", Optional.of(CoreMetadata.NOT_AVAILABLE)),
                Arguments.of("\"core-metadata\": {\"sha256\": \"ab\"}",
                        Optional.of(CoreMetadata.withHashes(Map.of("sha256", "ab")))),
                Arguments.of("\"dist-info-metadata\": true", Optional.of(CoreMetadata.AVAILABLE)),
                Arguments.of("\"data-dist-info-metadata\": {\"sha256\": \"cd\"}",
                        Optional.of(CoreMetadata.withHashes(Map.of("sha256", "cd")))),
                // PEP 714: core-metadata wins over the legacy keys wherever they come.
                Arguments.of("\"dist-info-metadata\": true, \"core-metadata\": false",
                        Optional.of(CoreMetadata.NOT_AVAILABLE)),
                Arguments.of("\"core-metadata\": null, \"dist-info-metadata\": true", Optional.empty()),
                Arguments.of("\"dist-info-metadata\": {\"md5\": \"ef\"}, \"data-dist-info-metadata\": true",
                        Optional.of(CoreMetadata.withHashes(Map.of("md5", "ef")))),
                Arguments.of("\"size\": 1", Optional.empty()));
    }

    @ParameterizedTest
    @MethodSource
    void coreMetadataForms(String keys, Optional<CoreMetadata> expected) {
        String json = "{\"meta\": {\"api-version\": \"1.0\"}, \"name\": \"a\", \"files\": [{\"filename\": \"a-1.whl\","
                + " \"url\": \"u\", \"hashes\": {}, " + keys + "}]}";
        assertThat(JSON.readProjectPage(json, null).files().get(0).coreMetadata()).isEqualTo(expected);
    }

    static Stream<Arguments> yankedForms() {
        return Stream.of(
                Arguments.of("true", Optional.of(Yank.WITHOUT_REASON)),
                Arguments.of("false", Optional.empty()),
                Arguments.of("null", Optional.empty()),
                Arguments.of("\"\"", Optional.empty()), // falsy, so not yanked, as the standard reads it
                Arguments.of("\"security hole\"", Optional.of(new Yank("security hole"))),
                Arguments.of("\" \"", Optional.of(new Yank(" "))));
    }

    @ParameterizedTest
    @MethodSource
    void yankedForms(String value, Optional<Yank> expected) {
        String json = "{\"meta\": {\"api-version\": \"1.0\"}, \"name\": \"a\", \"files\": [{\"filename\": \"a-1.whl\","
                + " \"url\": \"u\", \"hashes\": {}, \"yanked\": " + value + "}]}";
        assertThat(JSON.readProjectPage(json, null).files().get(0).yank()).isEqualTo(expected);
    }

    @Test
    void readsUploadTimesInOtherIsoForms() {
        String json = """
                {"meta": {"api-version": "1.0"}, "name": "a", "files": [
                  {"filename": "a-1.whl", "url": "u", "hashes": {}, "upload-time": "2024-01-31T12:00:00+02:00"},
                  {"filename": "a-2.whl", "url": "u", "hashes": {}, "upload-time": "2024-01-31T12:00:00.123456789Z"},
                  {"filename": "a-3.whl", "url": "u", "hashes": {}, "upload-time": "2024-01-31 12:00:00"}]}
                """;
        assertThat(JSON.readProjectPage(json, null).files()).extracting(file -> file.uploadTime().orElseThrow())
                .containsExactly(Instant.parse("2024-01-31T10:00:00Z"), Instant.parse("2024-01-31T12:00:00.123456Z"),
                        Instant.parse("2024-01-31T12:00:00Z"));
    }

    @Test
    void readsProjectStatusMarkers() {
        String json = """
                {"meta": {"api-version": "1.4"}, "name": "a", "versions": [], "files": [],
                 "project-status": {"status": "quarantined", "reason": "the project is haunted"}}
                """;
        assertThat(JSON.readProjectPage(json, null).status())
                .contains(ProjectStatus.of("quarantined", "the project is haunted"));
        String stateSpelling = "{\"meta\": {\"api-version\": \"1.4\"}, \"name\": \"a\", \"versions\": [], \"files\": [],"
                + " \"project-status\": {\"state\": \"archived\"}}";
        assertThat(JSON.readProjectPage(stateSpelling, null).status()).contains(ProjectStatus.of("archived"));
        String empty = "{\"meta\": {\"api-version\": \"1.4\"}, \"name\": \"a\", \"versions\": [], \"files\": [],"
                + " \"project-status\": {}}";
        assertThat(JSON.readProjectPage(empty, null).status()).contains(ProjectStatus.ACTIVE);
    }

    @Test
    void dropsDuplicateVersions() {
        String json = "{\"meta\": {\"api-version\": \"1.1\"}, \"name\": \"a\", \"versions\": [\"1\", \"2\", \"1\"],"
                + " \"files\": []}";
        assertThat(JSON.readProjectPage(json, null).versions()).containsExactly("1", "2");
    }

    @Test
    void ignoresAPrivateSerialThatIsNotPyPIs() {
        String json = "{\"meta\": {\"api-version\": \"1.0\", \"_last-serial\": \"abc\"}, \"name\": \"a\", \"files\": []}";
        assertThat(JSON.readProjectPage(json, null).meta().lastSerial()).isEmpty();
        String negative = "{\"meta\": {\"api-version\": \"1.0\", \"_last-serial\": -1}, \"projects\": []}";
        assertThat(JSON.readProjectList(negative, null).meta().lastSerial()).isEmpty();
    }

    @Test
    void acceptsEveryMinorVersionOfMajorVersion1() {
        String json = "{\"meta\": {\"api-version\": \"1.99\"}, \"name\": \"a\", \"versions\": [], \"files\": []}";
        assertThat(JSON.readProjectPage(json, null).meta().apiVersion()).isEqualTo(new ApiVersion(1, 99));
    }

    @Test
    void skipsAByteOrderMark() throws IOException {
        String json = "{\"meta\": {\"api-version\": \"1.0\"}, \"name\": \"a\", \"files\": []}";
        assertThat(JSON.readProjectPage("\uFEFF" + json, null).name()).isEqualTo(ProjectName.of("a"));
        byte[] utf8 = ("\uFEFF" + json).getBytes(StandardCharsets.UTF_8);
        assertThat(JSON.readProjectPage(new ByteArrayInputStream(utf8), null).name()).isEqualTo(ProjectName.of("a"));
        String list = "\uFEFF{\"meta\": {\"api-version\": \"1.0\"}, \"projects\": []}";
        assertThat(JSON.readProjectList(list, null).projects()).isEmpty();
    }

    @Test
    void readsUtf16Input() throws IOException {
        String json = "{\"meta\": {\"api-version\": \"1.0\"}, \"name\": \"a\", \"files\": [{\"filename\": \"a-1.whl\","
                + " \"url\": \"u\", \"hashes\": {}, \"yanked\": \"ünï 🐍\"}]}";
        ProjectPage page = JSON.readProjectPage(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_16)), null);
        assertThat(page.files().get(0).yank()).contains(new Yank("ünï 🐍"));
    }

    // ---- errors ------------------------------------------------------------------------------

    static Stream<Arguments> invalidPages() {
        String file = "{\"filename\": \"a-1.whl\", \"url\": \"u\", \"hashes\": {}}";
        String page = "{\"meta\": {\"api-version\": \"1.0\"}, \"name\": \"a\", \"files\": [%s]}";
        return Stream.of(
                Arguments.of("", "The page is empty", ""),
                Arguments.of("   ", "The page is empty", ""),
                Arguments.of("[]", "A project page must be a JSON object, found an array", ""),
                Arguments.of("\"text\"", "A project page must be a JSON object, found a string", ""),
                Arguments.of("{\"meta\": {\"api-version\": \"1.0\"}, \"name\": \"a\", \"files\": []} {}",
                        "Unexpected content after the page's JSON object", "line 1, column 60"),
                Arguments.of("{\"name\": \"a\", \"files\": []}", "Missing required key 'meta'", ""),
                Arguments.of("{\"meta\": {}, \"name\": \"a\", \"files\": []}", "Missing required key 'api-version'", "meta"),
                Arguments.of("{\"meta\": {\"api-version\": \"1.0\"}, \"files\": []}", "Missing required key 'name'", ""),
                Arguments.of("{\"meta\": {\"api-version\": \"1.0\"}, \"name\": \"a\"}", "Missing required key 'files'", ""),
                Arguments.of("{\"meta\": [], \"name\": \"a\", \"files\": []}", "Key 'meta' must be an object, found an array", ""),
                Arguments.of("{\"meta\": {\"api-version\": 1.0}, \"name\": \"a\", \"files\": []}",
                        "Key 'api-version' must be a string, found a number", "meta"),
                Arguments.of("{\"meta\": {\"api-version\": \"one\"}, \"name\": \"a\", \"files\": []}",
                        "An API version must be Major.Minor, found 'one'", "meta"),
                Arguments.of("{\"meta\": {\"api-version\": \"2.0\"}, \"name\": \"a\", \"files\": []}",
                        "Unsupported API version 2.0: this reader understands major version 1", "meta"),
                Arguments.of("{\"meta\": {\"api-version\": \"1.0\"}, \"name\": 5, \"files\": []}",
                        "Key 'name' must be a string, found a number", ""),
                Arguments.of("{\"meta\": {\"api-version\": \"1.0\"}, \"name\": \"no good!\", \"files\": []}",
                        "Invalid project name: A project name may hold only ASCII letters, digits, '-', '_' and '.';"
                                + " found ' ' at position 2 in 'no good!'", ""),
                Arguments.of("{\"meta\": {\"api-version\": \"1.0\"}, \"name\": \"a\", \"files\": {}}",
                        "Key 'files' must be an array, found an object", ""),
                Arguments.of(page.formatted("3"), "Each file must be an object, found a number", "files[0]"),
                Arguments.of(page.formatted(file + ", null"), "Each file must be an object, found null", "files[1]"),
                Arguments.of(page.formatted("{\"url\": \"u\", \"hashes\": {}}"), "Missing required key 'filename'", "files[0]"),
                Arguments.of(page.formatted("{\"filename\": \"a-1.whl\", \"hashes\": {}}"),
                        "Missing required key 'url'", "files[0] (a-1.whl)"),
                Arguments.of(page.formatted("{\"filename\": \"a-1.whl\", \"url\": \"u\"}"),
                        "Missing required key 'hashes'", "files[0] (a-1.whl)"),
                Arguments.of(page.formatted("{\"hashes\": [], \"filename\": \"a-1.whl\", \"url\": \"u\"}"),
                        "Key 'hashes' must be an object, found an array", "files[0] (a-1.whl)"),
                Arguments.of(page.formatted("{\"hashes\": null, \"filename\": \"a-1.whl\", \"url\": \"u\"}"),
                        "Key 'hashes' must be an object, found null", "files[0] (a-1.whl)"),
                Arguments.of(page.formatted("{\"hashes\": {\"sha256\": 5}, \"filename\": \"a-1.whl\", \"url\": \"u\"}"),
                        "Key 'hashes.sha256' must be a string, found a number", "files[0] (a-1.whl)"),
                Arguments.of(page.formatted("{\"hashes\": {\"sha256\": \"xyz\"}, \"filename\": \"a-1.whl\", \"url\": \"u\"}"),
                        "Key 'hashes' is invalid: The sha256 digest must be a hex string, found 'xyz'",
                        "files[0] (a-1.whl)"),
                Arguments.of(page.formatted("{\"hashes\": {\"sha 256\": \"ab\"}, \"filename\": \"a-1.whl\", \"url\": \"u\"}"),
                        "Key 'hashes' is invalid: A hash algorithm name may hold only letters, digits, '_' and '-',"
                                + " found 'sha 256'", "files[0] (a-1.whl)"),
                Arguments.of(page.formatted("{\"filename\": 1, \"url\": \"u\", \"hashes\": {}}"),
                        "Key 'filename' must be a string, found a number", "files[0]"),
                Arguments.of(page.formatted("{\"filename\": \" \", \"url\": \"u\", \"hashes\": {}}"),
                        "A file needs a file name", "files[0] ( )"),
                Arguments.of(page.formatted("{\"filename\": \"a-1.whl\", \"url\": \"\", \"hashes\": {}}"),
                        "The file a-1.whl needs a URL", "files[0] (a-1.whl)"),
                Arguments.of(page.formatted("{\"filename\": \"a-1.whl\", \"url\": {}, \"hashes\": {}}"),
                        "Key 'url' must be a string, found an object", "files[0] (a-1.whl)"),
                Arguments.of(page.formatted("{\"size\": \"12\", \"filename\": \"a-1.whl\", \"url\": \"u\", \"hashes\": {}}"),
                        "Key 'size' must be an integer, found a string", "files[0] (a-1.whl)"),
                Arguments.of(page.formatted("{\"size\": 1.5, \"filename\": \"a-1.whl\", \"url\": \"u\", \"hashes\": {}}"),
                        "Key 'size' must be an integer, found a number", "files[0] (a-1.whl)"),
                Arguments.of(page.formatted("{\"size\": -1, \"filename\": \"a-1.whl\", \"url\": \"u\", \"hashes\": {}}"),
                        "Key 'size' must not be negative, found -1", "files[0] (a-1.whl)"),
                Arguments.of(page.formatted("{\"size\": 99999999999999999999999, \"filename\": \"a-1.whl\", \"url\": \"u\","
                        + " \"hashes\": {}}"), "Key 'size' is too large: 99999999999999999999999", "files[0] (a-1.whl)"),
                Arguments.of(page.formatted("{\"yanked\": 1, \"filename\": \"a-1.whl\", \"url\": \"u\", \"hashes\": {}}"),
                        "Key 'yanked' must be a boolean or a string, found a number", "files[0] (a-1.whl)"),
                Arguments.of(page.formatted("{\"core-metadata\": \"yes\", \"filename\": \"a-1.whl\", \"url\": \"u\","
                        + " \"hashes\": {}}"), "Key 'core-metadata' must be a boolean or an object of hashes,"
                        + " found a string", "files[0] (a-1.whl)"),
                Arguments.of(page.formatted("{\"dist-info-metadata\": [], \"filename\": \"a-1.whl\", \"url\": \"u\","
                        + " \"hashes\": {}}"), "Key 'dist-info-metadata' must be a boolean or an object of hashes,"
                        + " found an array", "files[0] (a-1.whl)"),
                Arguments.of(page.formatted("{\"gpg-sig\": \"true\", \"filename\": \"a-1.whl\", \"url\": \"u\", \"hashes\": {}}"),
                        "Key 'gpg-sig' must be a boolean, found a string", "files[0] (a-1.whl)"),
                Arguments.of(page.formatted("{\"requires-python\": 3, \"filename\": \"a-1.whl\", \"url\": \"u\", \"hashes\": {}}"),
                        "Key 'requires-python' must be a string, found a number", "files[0] (a-1.whl)"),
                Arguments.of(page.formatted("{\"upload-time\": 1700000000, \"filename\": \"a-1.whl\", \"url\": \"u\","
                        + " \"hashes\": {}}"), "Key 'upload-time' must be a string, found a number", "files[0] (a-1.whl)"),
                Arguments.of(page.formatted("{\"upload-time\": \"yesterday\", \"filename\": \"a-1.whl\", \"url\": \"u\","
                        + " \"hashes\": {}}"), "Key 'upload-time' is invalid: An upload time must be an ISO 8601"
                        + " date-time such as 2024-01-31T12:00:00.123456Z, found 'yesterday'", "files[0] (a-1.whl)"),
                Arguments.of(page.formatted("{\"provenance\": true, \"filename\": \"a-1.whl\", \"url\": \"u\", \"hashes\": {}}"),
                        "Key 'provenance' must be a string, found a boolean", "files[0] (a-1.whl)"),
                Arguments.of(page.formatted(file + ", {\"filename\": \"a-2.whl\", \"url\": 2, \"hashes\": {}}"),
                        "Key 'url' must be a string, found a number", "files[1] (a-2.whl)"),
                Arguments.of("{\"meta\": {\"api-version\": \"1.1\"}, \"name\": \"a\", \"files\": []}",
                        "Missing required key 'versions' (required since API version 1.1)", ""),
                Arguments.of("{\"meta\": {\"api-version\": \"1.1\"}, \"name\": \"a\", \"versions\": [], \"files\": [" + file
                        + "]}", "Missing required key 'size' (required since API version 1.1)", "files[0] (a-1.whl)"),
                Arguments.of("{\"meta\": {\"api-version\": \"1.1\"}, \"name\": \"a\", \"versions\": [\"1\", 2], \"files\": []}",
                        "Key 'versions' must be an array of strings, found a number at index 1", ""),
                Arguments.of("{\"meta\": {\"api-version\": \"1.1\"}, \"name\": \"a\", \"versions\": \"1\", \"files\": []}",
                        "Key 'versions' must be an array of strings, found a string", ""),
                Arguments.of("{\"meta\": {\"api-version\": \"1.2\", \"tracks\": \"x\"}, \"name\": \"a\", \"files\": []}",
                        "Key 'tracks' must be an array of strings, found a string", ""),
                Arguments.of("{\"meta\": {\"api-version\": \"1.0\"}, \"name\": \"a\", \"alternate-locations\": [1],"
                        + " \"files\": []}", "Key 'alternate-locations' must be an array of strings, found a number"
                        + " at index 0", ""),
                Arguments.of("{\"meta\": {\"api-version\": \"1.0\"}, \"name\": \"a\", \"project-status\": \"active\","
                        + " \"files\": []}", "Key 'project-status' must be an object, found a string", ""),
                Arguments.of("{\"meta\": {\"api-version\": \"1.0\"}, \"name\": \"a\", \"project-status\": {\"status\": 1},"
                        + " \"files\": []}", "Key 'status' must be a string, found a number", "project-status"));
    }

    @ParameterizedTest
    @MethodSource
    void invalidPages(String json, String reason, String location) {
        assertThatThrownBy(() -> JSON.readProjectPage(json, null))
                .isInstanceOfSatisfying(InvalidPageException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.location()).isEqualTo(location);
                    assertThat(e.getMessage()).isEqualTo(location.isEmpty() ? reason : reason + " at " + location);
                });
    }

    @Test
    void reportsTheFirstProblemOfAFileWithItsName() {
        String json = "{\"meta\": {\"api-version\": \"1.0\"}, \"name\": \"a\", \"files\": [{\"size\": \"x\", \"yanked\": 3,"
                + " \"filename\": \"late-name-1.0.tar.gz\", \"url\": \"u\", \"hashes\": {}}]}";
        assertThatThrownBy(() -> JSON.readProjectPage(json, null))
                .hasMessage("Key 'size' must be an integer, found a string at files[0] (late-name-1.0.tar.gz)");
    }

    static Stream<String> malformedJson() {
        return Stream.of("{", "{\"meta\": ", "{\"a\" 1}", "{'meta': {}}", "{\"meta\": {\"api-version\": \"1.0\"},}",
                "nul", "{\"x\": [1, 2}", "\u0000", "{\"name\": \"a\\x\"}");
    }

    @ParameterizedTest
    @MethodSource
    void malformedJson(String json) {
        assertThatThrownBy(() -> JSON.readProjectPage(json, null))
                .isInstanceOfSatisfying(InvalidPageException.class, e -> {
                    assertThat(e.reason()).startsWith("Malformed JSON: ");
                    assertThat(e.location()).matches("line \\d+, column \\d+");
                });
        assertThatThrownBy(() -> JSON.readProjectList(json, null)).isInstanceOf(InvalidPageException.class);
    }

    @Test
    void deeplyNestedGarbageIsAnErrorNotAStackOverflow() {
        String json = "{\"meta\": {\"api-version\": \"1.0\"}, \"x\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        assertThatThrownBy(() -> JSON.readProjectPage(json, null))
                .isInstanceOf(InvalidPageException.class)
                .hasMessageStartingWith("Malformed JSON: ");
    }

    @Test
    void streamReadsReportMalformedInputAsInvalidPages() {
        InputStream in = new ByteArrayInputStream("{\"meta\": ".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> JSON.readProjectPage(in, null)).isInstanceOf(InvalidPageException.class);
        InputStream list = new ByteArrayInputStream("[]".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> JSON.readProjectList(list, null))
                .hasMessage("A project list must be a JSON object, found an array");
    }

    @Test
    void streamFailuresStayIOExceptions() {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };
        assertThatThrownBy(() -> JSON.readProjectPage(failing, null))
                .isExactlyInstanceOf(IOException.class)
                .hasMessage("connection reset");
    }

    @Test
    void nullInputsAreRefusedClearly() {
        assertThatThrownBy(() -> JSON.readProjectPage((String) null, null))
                .isInstanceOf(InvalidPageException.class).hasMessage("The page body is null");
        assertThatThrownBy(() -> JSON.readProjectPage((InputStream) null, null))
                .isInstanceOf(InvalidPageException.class);
        assertThatThrownBy(() -> JSON.readProjectList((String) null, null)).isInstanceOf(InvalidPageException.class);
        assertThatThrownBy(() -> JSON.readProjectList((InputStream) null, null)).isInstanceOf(InvalidPageException.class);
        assertThatThrownBy(() -> JSON.writeProjectPage(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JSON.writeProjectPage(SamplePages.awkward(), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JSON.writeProjectList(null)).isInstanceOf(IllegalArgumentException.class);
    }

    static Stream<Arguments> invalidLists() {
        return Stream.of(
                Arguments.of("{\"projects\": []}", "Missing required key 'meta'", ""),
                Arguments.of("{\"meta\": {\"api-version\": \"1.0\"}}", "Missing required key 'projects'", ""),
                Arguments.of("{\"meta\": {\"api-version\": \"1.0\"}, \"projects\": {}}",
                        "Key 'projects' must be an array, found an object", ""),
                Arguments.of("{\"meta\": {\"api-version\": \"1.0\"}, \"projects\": [\"a\"]}",
                        "Each project must be an object, found a string", "projects[0]"),
                Arguments.of("{\"meta\": {\"api-version\": \"1.0\"}, \"projects\": [{\"name\": \"a\"}, {}]}",
                        "Missing required key 'name'", "projects[1]"),
                Arguments.of("{\"meta\": {\"api-version\": \"1.0\"}, \"projects\": [{\"name\": null}]}",
                        "Key 'name' must be a string, found null", "projects[0]"),
                Arguments.of("{\"meta\": {\"api-version\": \"1.0\"}, \"projects\": [{\"name\": \"-a\"}]}",
                        "Invalid project name: A project name must start with a letter or digit at position 0 in '-a'",
                        "projects[0]"),
                Arguments.of("{\"meta\": {\"api-version\": \"3.1\"}, \"projects\": []}",
                        "Unsupported API version 3.1: this reader understands major version 1", "meta"));
    }

    @ParameterizedTest
    @MethodSource
    void invalidLists(String json, String reason, String location) {
        assertThatThrownBy(() -> JSON.readProjectList(json, null))
                .isInstanceOfSatisfying(InvalidPageException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.location()).isEqualTo(location);
                });
    }

    @Test
    void isTheCodecOfTheJsonFormat() {
        assertThat(JSON.format()).isEqualTo(SimpleFormat.JSON_V1);
        assertThat(SimpleFormat.JSON_V1.codec()).isSameAs(JSON);
    }

    private static final class CloseTrackingStream extends ByteArrayOutputStream {
        boolean closed;

        @Override
        public void close() {
            closed = true;
        }
    }
}
