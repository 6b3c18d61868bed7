package dev.pymirror.simple;

import dev.pymirror.packaging.ProjectName;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Pages for the tests: awkward hand-made ones, generated large ones, and the resource fixtures. */
public final class SamplePages {

    static final String SHA256 = "2d591e8be1a49bb07f281f0bc1d0500b4e91343bbd2759ce2230761ecf567dbb";
    static final String SHA256_B = "429efa43064ffc495f95da888bd7fc4b5d93a5eda57076d764709374e7fce5a9";
    static final String SHA512 = "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
            + "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e";
    static final String MD5 = "5a2cf94d7b5b36cf774d5de309e0294b";
    static final String SHA1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
    static final String BLAKE2B = "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419"
            + "d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce";

    private SamplePages() {}

    /** A page exercising every field with values that need escaping, in a form both codecs carry whole. */
    static ProjectPage awkward() {
        return ProjectPage.builder(ProjectName.of("Awkward.Name_pkg"))
                .apiVersion(ApiVersion.LATEST)
                .lastSerial(123456789012L)
                .versions(List.of("1.0", "2.0rc1", "3.0+local.7"))
                .tracks(List.of("https://upstream.example.org/simple/awkward-name-pkg/"))
                .alternateLocations(List.of("https://alt.example.org/simple/awkward-name-pkg/?a=1&b=\"2\""))
                .status(ProjectStatus.of("deprecated", "Use <new> & \"better\" — ünïcödé 🐍"))
                .files(List.of(
                        ProjectFile.builder("Awkward.Name_pkg-1.0.tar.gz",
                                        "https://files.example.org/p/Awkward.Name_pkg-1.0.tar.gz?token=a&b=c")
                                .hash("sha256", SHA256)
                                .requiresPython(">=3.8,<4,!=3.9.*")
                                .yanked("Broke <everything> & \"more\"; it's 'bad' — ünïcödé 🐍\nsecond line")
                                .size(1234)
                                .uploadTime(Instant.parse("2024-01-31T12:34:56.123456Z"))
                                .gpgSig(true)
                                .build(),
                        ProjectFile.builder("awkward_name_pkg-2.0rc1-py3-none-any.whl",
                                        "../../files/awkward_name_pkg-2.0rc1-py3-none-any.whl")
                                .hash("sha256", SHA256_B)
                                .coreMetadata(CoreMetadata.withHashes(Map.of("sha256", SHA256)))
                                .yanked()
                                .size(0)
                                .uploadTime(Instant.parse("2024-02-01T00:00:00Z"))
                                .gpgSig(false)
                                .provenance("https://prov.example.org/awkward/2.0rc1/provenance")
                                .build(),
                        ProjectFile.builder("awkward_name_pkg-3.0+local.7-cp312-cp312-manylinux_2_17_x86_64.whl",
                                        "/files/awkward_name_pkg-3.0+local.7-cp312-cp312-manylinux_2_17_x86_64.whl")
                                .coreMetadata(CoreMetadata.AVAILABLE)
                                .size(Long.MAX_VALUE)
                                .build(),
                        ProjectFile.builder("awkward_name_pkg-3.0+local.7.zip",
                                        "https://files.example.org/a%20b/awkward_name_pkg-3.0+local.7.zip")
                                .hash("md5", MD5)
                                .requiresPython("<3.13")
                                .size(99)
                                .build()))
                .build();
    }

    /** A page with many algorithms per file and a "not available" core metadata: only JSON carries it whole. */
    static ProjectPage manyHashes() {
        return ProjectPage.builder(ProjectName.of("many"))
                .apiVersion(ApiVersion.V1_1)
                .versions(List.of("1.0"))
                .files(List.of(
                        ProjectFile.builder("many-1.0.tar.gz", "https://files.example.org/many-1.0.tar.gz")
                                .hashes(Map.of("sha256", SHA256, "sha512", SHA512, "md5", MD5, "sha1", SHA1,
                                        "blake2b", BLAKE2B))
                                .coreMetadata(CoreMetadata.NOT_AVAILABLE)
                                .size(10)
                                .build(),
                        ProjectFile.builder("many-1.0-py3-none-any.whl", "https://files.example.org/many-1.0-py3-none-any.whl")
                                .hashes(Map.of("sha1", SHA1, "blake2b", BLAKE2B))
                                .coreMetadata(CoreMetadata.withHashes(Map.of("sha512", SHA512, "sha1", SHA1)))
                                .size(11)
                                .build(),
                        ProjectFile.builder("many-1.0-py2-none-any.whl", "https://files.example.org/many-1.0-py2-none-any.whl")
                                .hashes(Map.of("sha512", SHA512, "md5", MD5))
                                .size(12)
                                .build()))
                .build();
    }

    /** A generated page of {@code count} files, as PyPI serves a project with a long history. */
    public static ProjectPage generated(int count) {
        List<ProjectFile> files = new ArrayList<>(count);
        List<String> versions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String version = (i / 10) + "." + (i % 10) + ".0";
            if (i % 2 == 0) {
                versions.add(version);
            }
            String filename = i % 2 == 0
                    ? "generated_project-" + version + ".tar.gz"
                    : "generated_project-" + version + "-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl";
            String digest = String.format("%064x", (long) filename.hashCode() * 31L + i);
            ProjectFile.Builder file = ProjectFile.builder(filename,
                            "https://files.example.org/packages/" + (i % 256) + "/" + i + "/" + filename)
                    .hash("sha256", digest)
                    .requiresPython(">=3." + (i % 13))
                    .size(100_000L + i)
                    .uploadTime(Instant.ofEpochSecond(1_500_000_000L + i * 3600L, (i % 7) * 1000L));
            if (i % 3 == 0) {
                file.coreMetadata(CoreMetadata.withHashes(Map.of("sha256", digest)));
            }
            if (i % 50 == 0) {
                file.yanked(i % 100 == 0 ? "bad build " + i : null);
            }
            files.add(file.build());
        }
        return ProjectPage.builder(ProjectName.of("generated-project"))
                .apiVersion(ApiVersion.V1_1)
                .lastSerial(42)
                .versions(versions)
                .files(files)
                .build();
    }

    /** A test resource of this package, as text. */
    static String resource(String name) {
        try (InputStream in = SamplePages.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new AssertionError("Missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
