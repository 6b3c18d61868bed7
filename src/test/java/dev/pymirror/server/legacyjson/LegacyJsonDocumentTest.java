package dev.pymirror.server.legacyjson;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.metadata.RawMetadata;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.simple.ProjectPage;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The document against the shape PyPI documents for {@code /pypi/<project>/json} and
 * {@code /pypi/<project>/<version>/json}: every key of its examples present with the same type.
 */
class LegacyJsonDocumentTest {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final URI PAGE = URI.create("http://127.0.0.1:3141/main/simple/acme-lib/");

    /** The keys of {@code info} in PyPI's documented examples. */
    static final Set<String> INFO_KEYS = Set.of("author", "author_email", "bugtrack_url", "classifiers",
            "description", "description_content_type", "docs_url", "download_url", "downloads", "home_page",
            "keywords", "license", "maintainer", "maintainer_email", "name", "package_url", "platform",
            "project_url", "project_urls", "release_url", "requires_dist", "requires_python", "summary", "version",
            "yanked", "yanked_reason");

    /** The keys of a file in PyPI's documented examples. */
    static final Set<String> FILE_KEYS = Set.of("comment_text", "digests", "downloads", "filename", "has_sig",
            "md5_digest", "packagetype", "python_version", "size", "upload_time_iso_8601", "url", "yanked",
            "yanked_reason");

    static final String SHA = "a".repeat(64);
    static final String MD5 = "b".repeat(32);
    static final Instant UPLOADED = Instant.parse("2024-05-06T07:08:09.123456Z");

    final ProjectFile wheel10 = ProjectFile.builder("acme_lib-1.0-py2.py3-none-any.whl",
            "../../files/acme-lib/acme_lib-1.0-py2.py3-none-any.whl").hashes(Map.of("sha256", SHA, "md5", MD5))
            .size(1234).uploadTime(UPLOADED).requiresPython(">=3.8").gpgSig(true).build();
    final ProjectFile sdist10 = ProjectFile.builder("acme-lib-1.0.tar.gz", "../../files/acme-lib/acme-lib-1.0.tar.gz")
            .hash("sha256", SHA).build();
    final ProjectFile wheel20 = ProjectFile.builder("acme_lib-2.0-cp312-cp312-manylinux_2_17_x86_64.whl",
            "https://files.example/acme_lib-2.0-cp312-cp312-manylinux_2_17_x86_64.whl").hash("sha256", SHA)
            .yanked("broken on 3.12").build();
    final ProjectPage page = ProjectPage.builder(ProjectName.of("acme-lib")).lastSerial(42)
            .files(List.of(wheel10, sdist10, wheel20)).versions(List.of("0.5", "1.0", "2.0")).build();
    final Releases releases = Releases.of(page);

    static final RawMetadata METADATA = RawMetadata.parse("""
            Metadata-Version: 2.4
            Name: Acme.Lib
            Version: 1.0
            Summary: The acme library
            Home-page: https://acme.example/
            Author: Wile E.
            Author-email: wile@acme.example
            License-Expression: MIT
            License-File: LICENSE
            Keywords: acme,tools
            Platform: any
            Classifier: Programming Language :: Python :: 3
            Classifier: License :: OSI Approved :: MIT License
            Requires-Python: >=3.8
            Requires-Dist: six>=1.0
            Requires-Dist: rich; extra == "cli"
            Provides-Extra: cli
            Project-URL: Source, https://git.acme.example/lib
            Project-URL: Issues, https://git.acme.example/lib/issues
            Description-Content-Type: text/markdown

            # Acme
            The long description.
            """);

    JsonNode project() throws Exception {
        Release shown = releases.latest().orElseThrow();
        return MAPPER.readTree(LegacyJsonDocument.write(page, releases, shown, METADATA, PAGE, true));
    }

    @Test
    void theProjectDocumentHasEveryDocumentedKey() throws Exception {
        JsonNode doc = project();
        assertThat(names(doc)).containsExactly("info", "last_serial", "releases", "urls", "vulnerabilities");
        assertThat(names(doc.get("info"))).containsAll(INFO_KEYS);
        assertThat(doc.get("last_serial").asLong()).isEqualTo(42);
        assertThat(doc.get("vulnerabilities").isArray()).isTrue();
        assertThat(doc.get("vulnerabilities")).isEmpty();
        for (JsonNode files : doc.get("releases")) {
            for (JsonNode f : files) {
                assertThat(names(f)).containsAll(FILE_KEYS);
            }
        }
    }

    @Test
    void infoIsTheCoreMetadataOfTheReleaseShown() throws Exception {
        JsonNode info = project().get("info");
        assertThat(info.get("name").asText()).isEqualTo("Acme.Lib");
        assertThat(info.get("version").asText()).isEqualTo("1.0"); // 2.0 is yanked
        assertThat(info.get("summary").asText()).isEqualTo("The acme library");
        assertThat(info.get("requires_python").asText()).isEqualTo(">=3.8");
        assertThat(texts(info.get("requires_dist"))).containsExactly("six>=1.0", "rich; extra == \"cli\"");
        assertThat(texts(info.get("provides_extra"))).containsExactly("cli");
        assertThat(texts(info.get("classifiers"))).containsExactly("Programming Language :: Python :: 3",
                "License :: OSI Approved :: MIT License");
        assertThat(info.get("home_page").asText()).isEqualTo("https://acme.example/");
        assertThat(info.get("author").asText()).isEqualTo("Wile E.");
        assertThat(info.get("author_email").asText()).isEqualTo("wile@acme.example");
        assertThat(info.get("license").isNull()).isTrue();
        assertThat(info.get("license_expression").asText()).isEqualTo("MIT");
        assertThat(texts(info.get("license_files"))).containsExactly("LICENSE");
        assertThat(info.get("keywords").asText()).isEqualTo("acme,tools");
        assertThat(info.get("platform").asText()).isEqualTo("any");
        assertThat(info.get("description").asText()).isEqualTo("# Acme\nThe long description.\n");
        assertThat(info.get("description_content_type").asText()).isEqualTo("text/markdown");
        assertThat(info.get("project_urls").properties()).extracting(Map.Entry::getKey)
                .containsExactly("Homepage", "Source", "Issues");
        assertThat(info.get("project_urls").get("Source").asText()).isEqualTo("https://git.acme.example/lib");
        assertThat(info.get("yanked").asBoolean()).isFalse();
        assertThat(info.get("yanked_reason").isNull()).isTrue();
        assertThat(info.get("package_url").asText()).isEqualTo(PAGE.toString());
        assertThat(info.get("release_url").asText()).isEqualTo("http://127.0.0.1:3141/main/pypi/acme-lib/1.0/json");
        assertThat(info.get("downloads").get("last_day").asInt()).isEqualTo(-1);
    }

    @Test
    void releasesListEveryVersionWithItsFilesAndUrlsTheFilesOfTheReleaseShown() throws Exception {
        JsonNode doc = project();
        assertThat(names(doc.get("releases"))).containsExactly("0.5", "1.0", "2.0");
        assertThat(doc.get("releases").get("0.5")).isEmpty();
        assertThat(doc.get("urls")).hasSize(2);
        assertThat(doc.get("urls")).isEqualTo(doc.get("releases").get("1.0"));

        JsonNode wheel = doc.get("releases").get("1.0").get(0);
        assertThat(wheel.get("filename").asText()).isEqualTo(wheel10.filename());
        assertThat(wheel.get("url").asText())
                .isEqualTo("http://127.0.0.1:3141/main/files/acme-lib/acme_lib-1.0-py2.py3-none-any.whl");
        assertThat(wheel.get("digests").get("sha256").asText()).isEqualTo(SHA);
        assertThat(wheel.get("digests").get("md5").asText()).isEqualTo(MD5);
        assertThat(wheel.get("md5_digest").asText()).isEqualTo(MD5);
        assertThat(wheel.get("size").asLong()).isEqualTo(1234);
        assertThat(wheel.get("packagetype").asText()).isEqualTo("bdist_wheel");
        assertThat(wheel.get("python_version").asText()).isEqualTo("py2.py3");
        assertThat(wheel.get("requires_python").asText()).isEqualTo(">=3.8");
        assertThat(wheel.get("upload_time").asText()).isEqualTo("2024-05-06T07:08:09");
        assertThat(wheel.get("upload_time_iso_8601").asText()).isEqualTo("2024-05-06T07:08:09.123456Z");
        assertThat(wheel.get("has_sig").asBoolean()).isTrue();
        assertThat(wheel.get("yanked").asBoolean()).isFalse();

        JsonNode sdist = doc.get("releases").get("1.0").get(1);
        assertThat(sdist.get("packagetype").asText()).isEqualTo("sdist");
        assertThat(sdist.get("python_version").asText()).isEqualTo("source");
        assertThat(sdist.get("digests").has("md5")).isFalse();
        assertThat(sdist.get("md5_digest").isNull()).isTrue();
        assertThat(sdist.get("size").isNull()).isTrue();
        assertThat(sdist.get("upload_time_iso_8601").isNull()).isTrue();
        assertThat(sdist.get("requires_python").isNull()).isTrue();

        JsonNode yanked = doc.get("releases").get("2.0").get(0);
        assertThat(yanked.get("url").asText()).isEqualTo(wheel20.url()); // absolute URLs pass unchanged
        assertThat(yanked.get("python_version").asText()).isEqualTo("cp312");
        assertThat(yanked.get("yanked").asBoolean()).isTrue();
        assertThat(yanked.get("yanked_reason").asText()).isEqualTo("broken on 3.12");
    }

    @Test
    void aReleaseDocumentHasNoReleasesAndSaysWhetherItIsYanked() throws Exception {
        Release shown = releases.find("2.0").orElseThrow();
        JsonNode doc = MAPPER.readTree(LegacyJsonDocument.write(page, releases, shown, null, PAGE, false));
        assertThat(names(doc)).containsExactly("info", "last_serial", "urls", "vulnerabilities");
        JsonNode info = doc.get("info");
        assertThat(names(info)).containsAll(INFO_KEYS);
        assertThat(info.get("version").asText()).isEqualTo("2.0");
        assertThat(info.get("yanked").asBoolean()).isTrue();
        assertThat(info.get("yanked_reason").asText()).isEqualTo("broken on 3.12");
        // No metadata: the name is the project's, the rest unknown (null, as PyPI writes it).
        assertThat(info.get("name").asText()).isEqualTo("acme-lib");
        assertThat(info.get("requires_dist").isNull()).isTrue();
        assertThat(info.get("summary").isNull()).isTrue();
        assertThat(info.get("classifiers")).isEmpty();
        assertThat(doc.get("urls")).extracting(f -> f.get("filename").asText()).containsExactly(wheel20.filename());
    }

    @Test
    void aProjectWithoutFilesNamesItselfOnly() throws Exception {
        ProjectPage empty = ProjectPage.of(ProjectName.of("Acme_Lib"), List.of());
        JsonNode doc = MAPPER.readTree(LegacyJsonDocument.write(empty, Releases.of(empty), null, null, PAGE, true));
        assertThat(names(doc)).containsExactly("info", "releases", "urls", "vulnerabilities");
        assertThat(doc.get("info").get("name").asText()).isEqualTo("Acme_Lib");
        assertThat(doc.get("info").get("version").isNull()).isTrue();
        assertThat(doc.get("urls")).isEmpty();
    }

    static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }
}
