package dev.pymirror.simple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pymirror.packaging.ProjectName;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.ParseError;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.Test;

class HtmlCodecTest {

    private static final HtmlCodec HTML = HtmlCodec.INSTANCE;
    private static final URI PAGE = URI.create("https://index.example.org/simple/sampleproject/");

    // ---- round trips -------------------------------------------------------------------------

    @Test
    void awkwardPageRoundTripsAsFarAsHtmlCarriesIt() {
        ProjectPage page = SamplePages.awkward();
        ProjectPage back = HTML.readProjectPage(HTML.writeProjectPage(page), null);
        assertThat(back).isEqualTo(HTML.representable(page));
        // What HTML cannot carry is exactly: versions, sizes and upload times.
        ProjectPage expected = page.toBuilder().versions(List.of())
                .files(page.files().stream().map(f -> f.toBuilder().noSize().uploadTime(null).build()).toList())
                .build();
        assertThat(back).isEqualTo(expected);
        // Every awkward value survives: unicode, quotes, <>&, line breaks, yank reasons.
        assertThat(back.files().get(0).yank().orElseThrow().reason())
                .isEqualTo("Broke <everything> & \"more\"; it's 'bad' — ünïcödé 🐍\nsecond line");
        assertThat(back.status().orElseThrow().reason()).contains("Use <new> & \"better\" — ünïcödé 🐍");
        assertThat(back.alternateLocations()).containsExactly("https://alt.example.org/simple/awkward-name-pkg/?a=1&b=\"2\"");
        assertThat(back.name().original()).isEqualTo("Awkward.Name_pkg");
        assertThat(back.meta()).isEqualTo(page.meta());
    }

    @Test
    void representablePagesRoundTripExactly() {
        ProjectPage page = HTML.representable(SamplePages.awkward());
        assertThat(HTML.representable(page)).isEqualTo(page);
        String html = HTML.writeProjectPage(page);
        assertThat(HTML.readProjectPage(html, null)).isEqualTo(page);
        assertThat(HTML.writeProjectPage(HTML.readProjectPage(html, null))).isEqualTo(html);
    }

    @Test
    void carriesOneHashPerFileThePreferredOneInstallersAccept() {
        ProjectPage back = HTML.readProjectPage(HTML.writeProjectPage(SamplePages.manyHashes()), null);
        assertThat(back).isEqualTo(HTML.representable(SamplePages.manyHashes()));
        List<ProjectFile> files = back.files();
        assertThat(files.get(0).hashes()).containsOnly(Map.entry("sha256", SamplePages.SHA256));
        assertThat(files.get(0).coreMetadata()).isEmpty(); // "not available" has no HTML form: no attribute
        assertThat(files.get(1).hashes()).isEmpty(); // sha1 and blake2b are refused in fragments by installers
        assertThat(files.get(1).coreMetadata()).contains(CoreMetadata.withHashes(Map.of("sha512", SamplePages.SHA512)));
        assertThat(files.get(2).hashes()).containsOnly(Map.entry("sha512", SamplePages.SHA512));
    }

    @Test
    void generatedPageRoundTripsThroughStreams() throws IOException {
        ProjectPage page = SamplePages.generated(3000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HTML.writeProjectPage(page, out);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(HTML.writeProjectPage(page));
        ProjectPage back = HTML.readProjectPage(new ByteArrayInputStream(out.toByteArray()),
                URI.create("https://index.example.org/simple/generated-project/"));
        ProjectPage expected = HTML.representable(page);
        assertThat(back.files()).hasSameSizeAs(expected.files());
        for (int i = 0; i < expected.files().size(); i++) {
            assertThat(back.files().get(i)).isEqualTo(expected.files().get(i));
        }
        assertThat(back.withFiles(List.of())).isEqualTo(expected.withFiles(List.of()));
    }

    @Test
    void projectListRoundTrips() throws IOException {
        ProjectList list = new ProjectList(PageMeta.of(ApiVersion.LATEST).withLastSerial(99), List.of(
                ListedProject.of(ProjectName.of("Django"), 5), ListedProject.of(ProjectName.of("zope.interface")),
                ListedProject.of(ProjectName.of("0-._.-0"))));
        String html = HTML.writeProjectList(list);
        assertThat(HTML.readProjectList(html, null)).isEqualTo(HTML.representable(list));
        assertThat(HTML.representable(list).projects().get(0).lastSerial()).isEmpty();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HTML.writeProjectList(list, out);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(html);
        assertThat(HTML.readProjectList(new ByteArrayInputStream(out.toByteArray()), null))
                .isEqualTo(HTML.representable(list));
    }

    @Test
    void largeProjectListsStreamOut() throws IOException {
        List<ListedProject> projects = new java.util.ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            projects.add(ListedProject.of(ProjectName.of("project-" + i)));
        }
        ProjectList list = new ProjectList(PageMeta.DEFAULT, projects);
        CountingStream out = new CountingStream();
        HTML.writeProjectList(list, out);
        assertThat(out.writes).isGreaterThan(1); // handed over in chunks, not as one string
        assertThat(HTML.readProjectList(out.toString(StandardCharsets.UTF_8), null)).isEqualTo(list);
    }

    // ---- what is written ---------------------------------------------------------------------

    @Test
    void writesValidHtml5() {
        for (ProjectPage page : List.of(SamplePages.awkward(), SamplePages.manyHashes(), SamplePages.generated(50))) {
            assertValidHtml5(HTML.writeProjectPage(page));
        }
        assertValidHtml5(HTML.writeProjectList(new ProjectList(PageMeta.DEFAULT.withLastSerial(3),
                List.of(ListedProject.of(ProjectName.of("a"))))));
        assertValidHtml5(HTML.writeProjectList(ProjectList.of(List.of())));
    }

    @Test
    void writesPyPIsShape() {
        String html = HTML.writeProjectPage(SamplePages.awkward());
        assertThat(html).startsWith("<!DOCTYPE html>\n<html>\n  <head>\n    <meta charset=\"utf-8\">\n"
                + "    <meta name=\"pypi:repository-version\" content=\"1.4\">\n");
        assertThat(html).contains(
                "    <meta name=\"pypi:tracks\" content=\"https://upstream.example.org/simple/awkward-name-pkg/\">\n",
                "    <meta name=\"pypi:alternate-locations\" content=\"https://alt.example.org/simple/awkward-name-pkg/"
                        + "?a=1&amp;b=&quot;2&quot;\">\n",
                "    <meta name=\"pypi:project-status\" content=\"deprecated\">\n",
                "    <meta name=\"pypi:project-status-reason\" content=\"Use &lt;new&gt; &amp; &quot;better&quot;"
                        + " — ünïcödé 🐍\">\n",
                "    <title>Links for Awkward.Name_pkg</title>\n",
                "    <h1>Links for Awkward.Name_pkg</h1>\n");
        assertThat(html).endsWith("  </body>\n</html>\n<!--SERIAL 123456789012-->\n");
        assertThat(html).contains("    <a href=\"https://files.example.org/p/Awkward.Name_pkg-1.0.tar.gz?token=a&amp;b=c"
                + "#sha256=" + SamplePages.SHA256 + "\" data-requires-python=\"&gt;=3.8,&lt;4,!=3.9.*\""
                + " data-yanked=\"Broke &lt;everything&gt; &amp; &quot;more&quot;; it's 'bad' — ünïcödé 🐍\nsecond line\""
                + " data-gpg-sig=\"true\">Awkward.Name_pkg-1.0.tar.gz</a><br>\n");
        assertThat(html).contains("    <a href=\"../../files/awkward_name_pkg-2.0rc1-py3-none-any.whl#sha256="
                + SamplePages.SHA256_B + "\" data-yanked=\"\""
                + " data-core-metadata=\"sha256=" + SamplePages.SHA256 + "\" data-gpg-sig=\"false\""
                + " data-provenance=\"https://prov.example.org/awkward/2.0rc1/provenance\">"
                + "awkward_name_pkg-2.0rc1-py3-none-any.whl</a><br>\n");
        assertThat(html).contains("    <a href=\"/files/awkward_name_pkg-3.0+local.7-cp312-cp312-manylinux_2_17_x86_64.whl\""
                + " data-core-metadata=\"true\">");
        assertThat(html).contains("#md5=" + SamplePages.MD5 + "\" data-requires-python=\"&lt;3.13\">");
    }

    @Test
    void writesCoreMetadataUnderPep714sNameOnlyNeverTheLegacyOne() {
        // pip 22.x to 23.0 (Debian 12's) act on data-dist-info-metadata by refusing a metadata Name
        // ("Flask") not spelled as typed ("flask"): a page must not carry it, read or not.
        ProjectPage read = HTML.readProjectPage("""
                <a href="Flask-3.0-py3-none-any.whl" data-dist-info-metadata="sha256=%s">Flask-3.0-py3-none-any.whl</a>
                """.formatted(SamplePages.SHA256), URI.create("https://legacy.example.org/simple/flask/"), ProjectName.of("flask"));
        assertThat(read.files().getFirst().hasCoreMetadata()).isTrue();

        for (ProjectPage page : List.of(SamplePages.awkward(), read)) {
            String html = HTML.writeProjectPage(page);
            assertThat(html).contains(" data-core-metadata=\"").doesNotContain("dist-info-metadata");
        }
    }

    @Test
    void escapesTextAndAttributesWherePagesCouldBreakOut() {
        ProjectFile hostile = ProjectFile.builder("x-1.0.tar.gz\"><script>alert(1)</script>.tar.gz",
                        "https://e.example.org/\"><script>x</script>/x-1.0.tar.gz")
                .requiresPython("\"><b>")
                .yanked("</a><a href=\"javascript:alert(1)\">")
                .build();
        String html = HTML.writeProjectPage(ProjectPage.of(ProjectName.of("x"), List.of(hostile)));
        assertThat(html).doesNotContain("<script>", "<b>", "</a><a");
        Document document = Jsoup.parse(html);
        assertThat(document.select("a")).hasSize(1);
        assertThat(document.select("script, b")).isEmpty();
        Element anchor = document.selectFirst("a");
        assertThat(anchor.attr("data-requires-python")).isEqualTo("\"><b>");
        assertThat(anchor.attr("data-yanked")).isEqualTo("</a><a href=\"javascript:alert(1)\">");
        assertThat(anchor.text()).isEqualTo("x-1.0.tar.gz\"><script>alert(1)</script>.tar.gz");
        assertValidHtml5(html);
    }

    @Test
    void writesTheProjectListWithRelativeNormalizedLinks() {
        String html = HTML.writeProjectList(ProjectList.of(List.of(ProjectName.of("Zope.Interface"))));
        assertThat(html).contains("<title>Simple index</title>", "<a href=\"zope-interface/\">Zope.Interface</a><br>")
                .doesNotContain("SERIAL");
    }

    @Test
    void writersLeaveTheStreamOpenAndReportItsFailures() throws IOException {
        ByteArrayOutputStream open = new ByteArrayOutputStream() {
            @Override
            public void close() {
                throw new AssertionError("closed");
            }
        };
        HTML.writeProjectPage(SamplePages.awkward(), open);
        assertThat(open.size()).isPositive();

        OutputStream failing = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }
        };
        assertThatThrownBy(() -> HTML.writeProjectPage(SamplePages.generated(2000), failing))
                .isExactlyInstanceOf(IOException.class).hasMessage("disk full");
        List<ListedProject> many = java.util.stream.IntStream.range(0, 5000)
                .mapToObj(i -> ListedProject.of(ProjectName.of("p" + i))).toList();
        assertThatThrownBy(() -> HTML.writeProjectList(new ProjectList(PageMeta.DEFAULT, many), failing))
                .isExactlyInstanceOf(IOException.class).hasMessage("disk full");
    }

    // ---- real-world pages ----------------------------------------------------------------------

    @Test
    void readsPyPIsProjectPage() {
        ProjectPage page = HTML.readProjectPage(SamplePages.resource("pypi-project.html"), PAGE);
        assertThat(page.name().original()).isEqualTo("sampleproject");
        assertThat(page.meta()).isEqualTo(new PageMeta(ApiVersion.LATEST, OptionalLong.of(27287043)));
        assertThat(page.status()).contains(ProjectStatus.ACTIVE);
        assertThat(page.versions()).isEmpty();
        assertThat(page.files()).extracting(ProjectFile::filename).containsExactly(
                "sampleproject-1.2.0.tar.gz", "sampleproject-3.0.0-py3-none-any.whl", "sampleproject-3.0.0.tar.gz",
                "sampleproject-4.0.0-py3-none-any.whl", "sampleproject-4.0.0.tar.gz");
        ProjectFile wheel = page.files().get(1);
        assertThat(wheel.url()).isEqualTo("https://files.example.org/packages/3e/4f/5a6b/sampleproject-3.0.0-py3-none-any.whl");
        assertThat(wheel.hashes()).containsOnly(Map.entry("sha256", SamplePages.SHA256_B));
        assertThat(wheel.requiresPython()).contains(">=3.7");
        assertThat(wheel.yank()).contains(new Yank("Missing dependency on peppercorn"));
        assertThat(wheel.coreMetadata().orElseThrow().hashes()).containsOnlyKeys("sha256");
        assertThat(page.files().get(2).yank()).contains(Yank.WITHOUT_REASON);
        assertThat(page.files().get(3).provenance()).isPresent();
        assertThat(page.files().get(4).requiresPython()).contains("<4,>=3.8");
        assertThat(page.files().get(0).coreMetadata()).isEmpty();
    }

    @Test
    void readsPyPIsProjectList() {
        ProjectList list = HTML.readProjectList(SamplePages.resource("pypi-root.html"), URI.create("https://index.example.org/simple/"));
        assertThat(list.meta()).isEqualTo(new PageMeta(ApiVersion.LATEST, OptionalLong.of(27300001)));
        assertThat(list.names()).extracting(ProjectName::original).containsExactly(
                "0", "0-._.-._.-._.-._.-._.-._.-0", "Django", "ruamel.yaml", "sampleproject", "zope.interface");
        assertThat(list).isEqualTo(HTML.representable(JsonCodec.INSTANCE.readProjectList(
                SamplePages.resource("pypi-root.json"), null)));
    }

    @Test
    void readsDevpisPageResolvingItsRelativeLinks() {
        URI url = URI.create("https://devpi.example.org/root/pypi/+simple/sampleproject/");
        ProjectPage page = HTML.readProjectPage(SamplePages.resource("devpi-project.html"), url);
        assertThat(page.name().original()).isEqualTo("sampleproject");
        assertThat(page.meta()).isEqualTo(PageMeta.DEFAULT);
        assertThat(page.files()).extracting(ProjectFile::url).containsExactly(
                "https://devpi.example.org/root/pypi/+f/2d5/91e8be1a49bb0/sampleproject-1.2.0.tar.gz",
                "https://devpi.example.org/root/pypi/+f/429/efa43064ffc49/sampleproject-3.0.0-py3-none-any.whl",
                "https://devpi.example.org/root/pypi/+e/https_files.example.org_packages_1a_2b_3c4d/"
                        + "sampleproject-4.0.0-py3-none-any.whl",
                "https://devpi.example.org/root/pypi/+f/8e7/1c3203ff5c8d4/sampleproject-4.0.0.tar.gz");
        assertThat(page.files().get(1).yank()).contains(Yank.WITHOUT_REASON);
        assertThat(page.files().get(1).requiresPython()).contains(">=3.7");
        assertThat(page.files().get(3).requiresPython()).contains("<4,>=3.8");
        assertThat(page.files()).allSatisfy(file -> assertThat(file.hashes()).containsOnlyKeys("sha256"));
    }

    @Test
    void readsPypiserversPageWithMd5Fragments() {
        URI url = URI.create("http://localhost:8080/simple/sampleproject/");
        ProjectPage page = HTML.readProjectPage(SamplePages.resource("pypiserver-project.html"), url);
        assertThat(page.files()).hasSize(3);
        assertThat(page.files().get(0).url()).isEqualTo("http://localhost:8080/packages/sampleproject-1.2.0.tar.gz");
        assertThat(page.files().get(0).hashes()).containsOnly(Map.entry("md5", SamplePages.MD5));
        assertThat(page.files().get(2).filename()).isEqualTo("sampleproject-4.0.0-py3-none-any.whl");
    }

    @Test
    void readsArtifactorysPageWithUnescapedComparisonsAndItsOwnVersionTag() {
        URI url = URI.create("https://artifacts.example.org/artifactory/api/pypi/pypi-remote/simple/sampleproject/");
        ProjectPage page = HTML.readProjectPage(SamplePages.resource("artifactory-project.html"), url);
        assertThat(page.meta().apiVersion()).isEqualTo(ApiVersion.V1_0); // its "api-version" tag is not PEP 629's
        assertThat(page.files()).extracting(file -> file.requiresPython().orElseThrow())
                .containsExactly(">=3.7", "<4,>=3.8");
        assertThat(page.files().get(0).url()).isEqualTo("https://artifacts.example.org/artifactory/api/pypi/pypi-remote/"
                + "sampleproject/3.0.0/sampleproject-3.0.0-py3-none-any.whl");
    }

    @Test
    void readsNexusPage() {
        URI url = URI.create("https://nexus.example.org/repository/pypi-proxy/simple/sampleproject/");
        ProjectPage page = HTML.readProjectPage(SamplePages.resource("nexus-project.html"), url);
        assertThat(page.files()).extracting(ProjectFile::url).containsExactly(
                "https://nexus.example.org/repository/pypi-proxy/packages/sampleproject/1.2.0/sampleproject-1.2.0.tar.gz",
                "https://nexus.example.org/repository/pypi-proxy/packages/sampleproject/4.0.0/"
                        + "sampleproject-4.0.0-py3-none-any.whl");
        assertThat(page.files().get(1).requiresPython()).contains(">=3.8");
    }

    @Test
    void readsAnNginxDirectoryListing() {
        URI url = URI.create("https://static.example.org/simple/sampleproject/");
        ProjectPage page = HTML.readProjectPage(SamplePages.resource("nginx-autoindex.html"), url);
        assertThat(page.name()).isEqualTo(ProjectName.of("sampleproject"));
        // The parent and sub-directories and the read-me are not files; companions are folded in.
        assertThat(page.files()).extracting(ProjectFile::filename).containsExactly(
                "sampleproject-4.0.0-py3-none-any.whl", "sampleproject-4.0.0.tar.gz",
                "sampleproject-4.0.1+local.build-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl");
        assertThat(page.files().get(0).coreMetadata()).contains(CoreMetadata.AVAILABLE);
        assertThat(page.files().get(0).gpgSig()).isEmpty();
        assertThat(page.files().get(1).gpgSig()).contains(true);
        assertThat(page.files().get(1).coreMetadata()).isEmpty();
        // The truncated link text ("..>") loses to the URL's own name, percent-decoded.
        assertThat(page.files().get(2).url()).isEqualTo("https://static.example.org/simple/sampleproject/"
                + "sampleproject-4.0.1%2Blocal.build-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl");
        assertThat(page.files()).allSatisfy(file -> assertThat(file.hashes()).isEmpty());
    }

    @Test
    void foldsCompanionFilesWhateverTheirCaseAndOrder() {
        String html = """
                <pre><a href="b-1.0.tar.gz.ASC">b-1.0.tar.gz.ASC</a>
                <a href="b-1.0.tar.gz.METADATA">b-1.0.tar.gz.METADATA</a>
                <a href="b-1.0.tar.gz">b-1.0.tar.gz</a>
                <a href="c-1.0.whl" data-core-metadata="false" data-gpg-sig="false">c-1.0.whl</a>
                <a href="c-1.0.whl.metadata">c-1.0.whl.metadata</a><a href="c-1.0.whl.asc">c-1.0.whl.asc</a>
                <a href="orphan-1.0.whl.metadata">orphan-1.0.whl.metadata</a>
                <a href="notes.metadata">notes.metadata</a></pre>
                """;
        List<ProjectFile> files = HTML.readProjectPage(html, null, ProjectName.of("b")).files();
        assertThat(files).extracting(ProjectFile::filename).containsExactly("b-1.0.tar.gz", "c-1.0.whl");
        assertThat(files.get(0).coreMetadata()).contains(CoreMetadata.AVAILABLE);
        assertThat(files.get(0).gpgSig()).contains(true);
        // What the page states outright wins over what the listing suggests.
        assertThat(files.get(1).coreMetadata()).contains(CoreMetadata.NOT_AVAILABLE);
        assertThat(files.get(1).gpgSig()).contains(false);
    }

    @Test
    void readsAnApacheDirectoryListingSkippingItsSortLinks() {
        String html = """
                <!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">
                <html><head><title>Index of /simple/a</title></head><body>
                <h1>Index of /simple/a</h1>
                <table><tr><th><a href="?C=N;O=D">Name</a></th><th><a href="?C=M;O=A">Last modified</a></th>
                <th><a href="?C=S;O=A">Size</a></th></tr>
                <tr><td><a href="/simple/">Parent Directory</a></td></tr>
                <tr><td><a href="a-1.0.tar.gz">a-1.0.tar.gz</a></td></tr>
                </table></body></html>
                """;
        ProjectPage page = HTML.readProjectPage(html, URI.create("https://static.example.org/simple/a/"));
        assertThat(page.files()).extracting(ProjectFile::url).containsExactly("https://static.example.org/simple/a/a-1.0.tar.gz");
        ProjectList list = HTML.readProjectList(html.replace("a-1.0.tar.gz", "b/"), null);
        assertThat(list.names()).containsExactly(ProjectName.of("b"));
    }

    // ---- forgiving reading -------------------------------------------------------------------

    @Test
    void readsMessyHtml() {
        String html = """
                <HTML><HEAD><TITLE>Links for Messy</TITLE>
                <META NAME="PYPI:REPOSITORY-VERSION" CONTENT=" 1.1 ">
                <BODY>
                <A HREF='messy-1.0.tar.gz#SHA256=%s' DATA-REQUIRES-PYTHON='&gt;=3.6'>messy-1.0.tar.gz
                <A href=messy-1.1.tar.gz#md5=%s data-yanked>messy-1.1.tar.gz</A>
                <a href="messy-1.2.tar.gz#sha512=%s&amp;egg=messy" data-gpg-sig="TRUE">messy-1.2.tar.gz</a>
                <a href="dl/messy-1.3.tar.gz#sha256-%s" data-yanked="&lt;bad&gt; &amp; &quot;worse&quot; &#x1F40D;">x</a>
                <a href="  sub/messy-1.4.tar.gz\t#sha1=%s&sha256=%s  ">messy-1.4.tar.gz</a>
                <a href="messy-1.5.tar.gz#sha256=not-hex">messy-1.5.tar.gz</a>
                <a href="messy&#45;1.6&period;zip">messy-1.6.zip</a>
                <a>no href</a><a href="">empty</a><a href="#top">top</a><a href="mailto:a@example.org">messy-9.tar.gz</a>
                <a href="javascript:void(0)">messy-9.whl</a><a href="../">../</a>
                """.formatted(SamplePages.SHA256.toUpperCase(), SamplePages.MD5, SamplePages.SHA512, SamplePages.SHA256,
                SamplePages.SHA1, SamplePages.SHA256_B);
        ProjectPage page = HTML.readProjectPage(html, URI.create("https://index.example.org/simple/messy/"));
        assertThat(page.name().original()).isEqualTo("Messy");
        assertThat(page.meta().apiVersion()).isEqualTo(ApiVersion.V1_1);
        assertThat(page.files()).extracting(ProjectFile::filename).containsExactly("messy-1.0.tar.gz", "messy-1.1.tar.gz",
                "messy-1.2.tar.gz", "messy-1.3.tar.gz", "messy-1.4.tar.gz", "messy-1.5.tar.gz", "messy-1.6.zip");
        List<ProjectFile> files = page.files();
        assertThat(files.get(0).hashes()).containsOnly(Map.entry("sha256", SamplePages.SHA256));
        assertThat(files.get(0).requiresPython()).contains(">=3.6");
        assertThat(files.get(0).url()).isEqualTo("https://index.example.org/simple/messy/messy-1.0.tar.gz");
        assertThat(files.get(1).yank()).contains(Yank.WITHOUT_REASON);
        assertThat(files.get(1).hashes()).containsOnly(Map.entry("md5", SamplePages.MD5));
        assertThat(files.get(2).hashes()).containsOnly(Map.entry("sha512", SamplePages.SHA512));
        assertThat(files.get(2).gpgSig()).contains(true);
        assertThat(files.get(3).yank()).contains(new Yank("<bad> & \"worse\" 🐍"));
        assertThat(files.get(3).hashes()).containsOnly(Map.entry("sha256", SamplePages.SHA256));
        assertThat(files.get(4).url()).isEqualTo("https://index.example.org/simple/messy/sub/messy-1.4.tar.gz");
        assertThat(files.get(4).hashes()).containsOnly(Map.entry("sha1", SamplePages.SHA1),
                Map.entry("sha256", SamplePages.SHA256_B));
        assertThat(files.get(5).hashes()).isEmpty();
        assertThat(files.get(6).url()).isEqualTo("https://index.example.org/simple/messy/messy-1.6.zip");
    }

    @Test
    void decodesDoublyEscapedRequiresPythonAsPipDoes() {
        String html = """
                <title>Links for a</title>
                <a href="a-1.tar.gz" data-requires-python="&amp;gt;=3.8, &amp;lt;4">a-1.tar.gz</a>
                <a href="a-2.tar.gz" data-requires-python=" &gt;=3.8 ">a-2.tar.gz</a>
                <a href="a-3.tar.gz" data-requires-python="">a-3.tar.gz</a>
                """;
        assertThat(HTML.readProjectPage(html, null).files()).extracting(ProjectFile::requiresPython)
                .containsExactly(Optional.of(">=3.8, <4"), Optional.of(">=3.8"), Optional.empty());
    }

    @Test
    void resolvesAgainstTheBaseElement() {
        String html = """
                <html><head><base href="../../files/"><title>Links for a</title></head><body>
                <a href="a-1.0.tar.gz">a-1.0.tar.gz</a>
                <a href="/root/a-2.0.tar.gz" data-provenance="prov/a-2.0">a-2.0.tar.gz</a>
                <a href="https://cdn.example.org/a-3.0.tar.gz">a-3.0.tar.gz</a>
                <base href="https://ignored.example.org/">
                </body></html>
                """;
        ProjectPage page = HTML.readProjectPage(html, URI.create("https://index.example.org/simple/a/"));
        assertThat(page.files()).extracting(ProjectFile::url).containsExactly(
                "https://index.example.org/files/a-1.0.tar.gz",
                "https://index.example.org/root/a-2.0.tar.gz",
                "https://cdn.example.org/a-3.0.tar.gz");
        assertThat(page.files().get(1).provenance()).contains("https://index.example.org/files/prov/a-2.0");
        String absoluteBase = html.replace("../../files/", "https://mirror.example.org/pkgs/");
        assertThat(HTML.readProjectPage(absoluteBase, null).files().get(0).url())
                .isEqualTo("https://mirror.example.org/pkgs/a-1.0.tar.gz");
        // Without a page URL, a relative base stays relative too.
        assertThat(HTML.readProjectPage(html, null).files().get(0).url()).isEqualTo("../../files/a-1.0.tar.gz");
    }

    @Test
    void takesTheFileNameFromTheTextWhenTheUrlHasNone() {
        String html = """
                <title>Links for a</title>
                <a href="https://dl.example.org/download?id=17#sha256=%s">a-1.0-py3-none-any.whl</a>
                <a href="https://dl.example.org/files/17/">a-1.1.tar.gz</a>
                <a href="https://dl.example.org/files/18/">Download</a>
                <a href="https://dl.example.org/files/a-1.2.tar.gz"></a>
                <a href="https://dl.example.org/files/a-1.3.tar.gz">
                """.formatted(SamplePages.SHA256);
        ProjectPage page = HTML.readProjectPage(html, null);
        assertThat(page.files()).extracting(ProjectFile::filename, ProjectFile::url).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a-1.0-py3-none-any.whl", "https://dl.example.org/download?id=17"),
                org.assertj.core.groups.Tuple.tuple("a-1.1.tar.gz", "https://dl.example.org/files/17/"),
                org.assertj.core.groups.Tuple.tuple("a-1.2.tar.gz", "https://dl.example.org/files/a-1.2.tar.gz"),
                org.assertj.core.groups.Tuple.tuple("a-1.3.tar.gz", "https://dl.example.org/files/a-1.3.tar.gz"));
        assertThat(page.files().get(0).hashes()).containsKey("sha256");
    }

    @Test
    void readsCoreMetadataAttributes() {
        String html = """
                <title>Links for a</title>
                <a href="a-1.whl" data-core-metadata="true">a-1.whl</a>
                <a href="a-2.whl" data-core-metadata="sha256=%1$s" data-dist-info-metadata="sha256=%2$s">a-2.whl</a>
                <a href="a-3.whl" data-dist-info-metadata="sha256=%2$s">a-3.whl</a>
                <a href="a-4.whl" data-core-metadata="false">a-4.whl</a>
                <a href="a-5.whl" data-core-metadata>a-5.whl</a>
                <a href="a-6.whl" data-dist-info-metadata="TRUE">a-6.whl</a>
                <a href="a-7.whl">a-7.whl</a>
                """.formatted(SamplePages.SHA256, SamplePages.SHA256_B);
        assertThat(HTML.readProjectPage(html, null).files()).extracting(ProjectFile::coreMetadata).containsExactly(
                Optional.of(CoreMetadata.AVAILABLE),
                Optional.of(CoreMetadata.withHashes(Map.of("sha256", SamplePages.SHA256))),
                Optional.of(CoreMetadata.withHashes(Map.of("sha256", SamplePages.SHA256_B))),
                Optional.of(CoreMetadata.NOT_AVAILABLE),
                Optional.of(CoreMetadata.AVAILABLE),
                Optional.of(CoreMetadata.AVAILABLE),
                Optional.empty());
    }

    @Test
    void readsIndexMetadata() {
        String html = """
                <!DOCTYPE html><html><head>
                <meta name="pypi:repository-version" content="1.4">
                <meta name="pypi:tracks" content="https://upstream.example.org/simple/a/">
                <meta name="pypi:tracks" content="https://other.example.org/simple/a/">
                <meta name="pypi-alternate-locations" content="https://alt.example.org/simple/a/">
                <meta name="pypi:project-status" content="quarantined">
                <meta name="pypi:project-status-reason" content="the project is haunted">
                <title>Links for a</title></head><body></body></html>
                <!-- SERIAL 1234 -->
                """;
        ProjectPage page = HTML.readProjectPage(html, null);
        assertThat(page.tracks()).containsExactly("https://upstream.example.org/simple/a/", "https://other.example.org/simple/a/");
        assertThat(page.alternateLocations()).containsExactly("https://alt.example.org/simple/a/");
        assertThat(page.status()).contains(ProjectStatus.of("quarantined", "the project is haunted"));
        assertThat(page.meta()).isEqualTo(new PageMeta(ApiVersion.LATEST, OptionalLong.of(1234)));
        assertThat(page.files()).isEmpty();
    }

    @Test
    void versionTagsItCannotReadMean1_0() {
        for (String content : List.of("", "1", "v1.1", "1.1.1", "one", "1.x")) {
            String html = "<meta name=\"pypi:repository-version\" content=\"" + content + "\"><title>Links for a</title>";
            assertThat(HTML.readProjectPage(html, null).meta().apiVersion()).as(content).isEqualTo(ApiVersion.V1_0);
        }
        assertThat(HTML.readProjectList("<p>nothing here</p>", null).meta()).isEqualTo(PageMeta.DEFAULT);
    }

    @Test
    void refusesAnotherMajorVersion() {
        String html = "<meta name=\"pypi:repository-version\" content=\"2.0\"><title>Links for a</title>";
        assertThatThrownBy(() -> HTML.readProjectPage(html, null))
                .isInstanceOf(InvalidPageException.class)
                .hasMessage("Unsupported API version 2.0: this reader understands major version 1"
                        + " at <meta name=\"pypi:repository-version\">");
        assertThatThrownBy(() -> HTML.readProjectList(html, null)).isInstanceOf(InvalidPageException.class);
    }

    @Test
    void ignoresSerialCommentsItCannotRead() {
        for (String comment : List.of("<!--SERIAL-->", "<!--SERIAL abc-->", "<!--SERIAL 99999999999999999999999-->",
                "<!--serial 5-->")) {
            assertThat(HTML.readProjectPage("<title>Links for a</title>" + comment, null).meta().lastSerial())
                    .as(comment).isEmpty();
        }
    }

    @Test
    void findsTheProjectName() {
        String titled = "<title>Links for Foo.Bar</title>";
        assertThat(HTML.readProjectPage(titled, null).name().original()).isEqualTo("Foo.Bar");
        // The URL's name wins when the title disagrees; the title's spelling when they agree.
        assertThat(HTML.readProjectPage(titled, URI.create("https://e.example.org/simple/foo-bar/")).name().original())
                .isEqualTo("Foo.Bar");
        assertThat(HTML.readProjectPage(titled, URI.create("https://e.example.org/simple/other/")).name().original())
                .isEqualTo("other");
        assertThat(HTML.readProjectPage("<h1>root/dev: links for qux</h1>", null).name().original()).isEqualTo("qux");
        assertThat(HTML.readProjectPage("", URI.create("https://e.example.org/simple/baz/index.html")).name().original())
                .isEqualTo("baz");
        assertThat(HTML.readProjectPage("", URI.create("https://e.example.org/simple/baz")).name().original())
                .isEqualTo("baz");
        assertThat(HTML.readProjectPage(titled, null, ProjectName.of("given")).name().original()).isEqualTo("given");
        assertThatThrownBy(() -> HTML.readProjectPage("<title>Index of /</title>", URI.create("https://e.example.org/")))
                .isInstanceOf(InvalidPageException.class)
                .hasMessage("Cannot tell which project the page is for: it has no 'Links for NAME' title and its URL"
                        + " names none; pass the project name");
    }

    @Test
    void garbageIsAPageWithoutFilesNotAnError() {
        for (String garbage : List.of("", "   ", "\u0000\u0001", "<<<>>>", "<a href=", "{\"json\": true}",
                "<a href=\"x.tar.gz\"".repeat(10), "<div>".repeat(50_000), "&#xFFFFFFFF; &bogus; &")) {
            ProjectPage page = HTML.readProjectPage(garbage, null, ProjectName.of("a"));
            assertThat(page.files()).as(garbage.length() > 40 ? garbage.substring(0, 40) : garbage).isEmpty();
            assertThat(HTML.readProjectList(garbage, null).projects()).isEmpty();
        }
    }

    @Test
    void readsTheProjectListForgivingly() {
        String html = """
                <html><body>
                <a href="/simple/ok/">ok</a><br>
                <A HREF="/simple/weird-name/">Weird_Name</A>
                <a href="from-href/">not a name!</a><a href="/simple/up/">not a name!</a>
                <a href="../">../</a><a href="?C=N;O=D">Name</a><a href="#x">x</a><a>no href</a>
                <a href="/simple/index/index.html">index</a>
                <a href="https://e.example.org/simple/abs/">abs</a>
                </body></html>
                """;
        assertThat(HTML.readProjectList(html, null).names()).extracting(ProjectName::original)
                .containsExactly("ok", "Weird_Name", "from-href", "index", "abs");
    }

    @Test
    void detectsTheCharsetOfBytes() throws IOException {
        String html = "<meta charset=\"iso-8859-1\"><title>Links for a</title>"
                + "<a href=\"a-1.tar.gz\" data-yanked=\"caf\u00e9\">a-1.tar.gz</a>";
        byte[] latin1 = html.getBytes(StandardCharsets.ISO_8859_1);
        assertThat(HTML.readProjectPage(new ByteArrayInputStream(latin1), null).files().get(0).yank())
                .contains(new Yank("caf\u00e9"));
        byte[] utf8 = html.replace("iso-8859-1", "utf-8").getBytes(StandardCharsets.UTF_8);
        assertThat(HTML.readProjectPage(new ByteArrayInputStream(utf8), null).files().get(0).yank())
                .contains(new Yank("caf\u00e9"));
        byte[] undeclared = html.replace("<meta charset=\"iso-8859-1\">", "").getBytes(StandardCharsets.UTF_16);
        assertThat(HTML.readProjectPage(new ByteArrayInputStream(undeclared), StandardCharsets.UTF_16, null, null)
                .files().get(0).yank()).contains(new Yank("caf\u00e9"));
        Charset declaredByServer = StandardCharsets.ISO_8859_1;
        byte[] noMeta = html.replace("<meta charset=\"iso-8859-1\">", "").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(HTML.readProjectPage(new ByteArrayInputStream(noMeta), declaredByServer, null, null)
                .files().get(0).yank()).contains(new Yank("caf\u00e9"));
    }

    @Test
    void readersLeaveTheStreamOpen() throws IOException {
        boolean[] closed = {false};
        InputStream in = new ByteArrayInputStream(SamplePages.resource("pypi-project.html").getBytes(StandardCharsets.UTF_8)) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        HTML.readProjectPage(in, PAGE);
        assertThat(closed[0]).isFalse();
    }

    @Test
    void nullInputsAreRefusedClearly() {
        assertThatThrownBy(() -> HTML.readProjectPage((String) null, null))
                .isInstanceOf(InvalidPageException.class).hasMessage("The page body is null");
        assertThatThrownBy(() -> HTML.readProjectPage((InputStream) null, null)).isInstanceOf(InvalidPageException.class);
        assertThatThrownBy(() -> HTML.readProjectList((String) null, null)).isInstanceOf(InvalidPageException.class);
        assertThatThrownBy(() -> HTML.readProjectList((InputStream) null, null)).isInstanceOf(InvalidPageException.class);
        assertThatThrownBy(() -> HTML.writeProjectPage(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HTML.writeProjectList(null, new ByteArrayOutputStream()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void isTheCodecOfBothHtmlFormats() {
        assertThat(HTML.format()).isEqualTo(SimpleFormat.HTML_V1);
        assertThat(SimpleFormat.HTML_V1.codec()).isSameAs(HTML);
        assertThat(SimpleFormat.HTML_LEGACY.codec()).isSameAs(HTML);
    }

    /** Parses with the HTML5 parser's error tracking on: a valid document produces no parse errors. */
    private static void assertValidHtml5(String html) {
        Parser parser = Parser.htmlParser().setTrackErrors(50);
        Document document = Jsoup.parse(html, "", parser);
        List<ParseError> errors = parser.getErrors();
        assertThat(errors).as("parse errors in:\n" + html).isEmpty();
        assertThat(document.documentType()).isNotNull();
        assertThat(document.documentType().name()).isEqualTo("html");
        assertThat(document.title()).isNotBlank();
        assertThat(document.select("head > meta[charset=utf-8]")).hasSize(1);
        assertThat(document.select("head > meta[name=pypi:repository-version]")).hasSize(1);
    }

    private static final class CountingStream extends ByteArrayOutputStream {
        int writes;

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            writes++;
            super.write(b, off, len);
        }
    }
}
