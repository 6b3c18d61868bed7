package dev.pymirror.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ManifestTest {

    static final String A = "a".repeat(64);
    static final String B = "b".repeat(64);

    @Test
    void sameFilesInAnyOrderGiveTheSameBytesAndTheyReadBack() throws Exception {
        List<BundleFile> files = List.of(new BundleFile("lib/lib-2.0.whl", 10, B), new BundleFile("index.html", 3, A),
                new BundleFile("app/app-1.0.whl", 10, B));
        Manifest one = Manifest.of(null, files, Set.of());
        Manifest two = Manifest.of(null, files.reversed(), Set.of());

        assertThat(one.toBytes()).isEqualTo(two.toBytes());
        assertThat(one.files()).extracting(BundleFile::path)
                .containsExactly("app/app-1.0.whl", "index.html", "lib/lib-2.0.whl");
        assertThat(one.objects()).containsExactly(A, B);
        assertThat(Manifest.parse(one.toBytes(), "m")).isEqualTo(one);
    }

    @Test
    void anIncrementalManifestCarriesOnlyWhatTheBaseLacksAndNamesIt() throws Exception {
        Manifest m = Manifest.of("c".repeat(64), List.of(new BundleFile("x", 1, A), new BundleFile("y", 1, B)), Set.of(A));

        assertThat(m.objects()).containsExactly(B);
        assertThat(Manifest.parse(m.toBytes(), "m").base()).isEqualTo("c".repeat(64));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../evil", "/etc/passwd", "a/../../evil", "a//b", "./a", "a/.", ".pymirror/bundle/manifest.json",
        ".pymirror", "a\\..\\b", ""})
    void pathsThatCouldLeaveTheTreeOrTouchTheRecordAreRefused(String path) {
        byte[] bytes = new Manifest(null, List.of(new BundleFile(path, 1, A)), List.of(A)).toBytes();

        assertThatThrownBy(() -> Manifest.parse(bytes, "bundle.tar (manifest.json)"))
                .isInstanceOf(BundleException.class)
                .hasMessageStartingWith("bundle.tar (manifest.json) names a");
    }

    @Test
    void aPathThatIsBothAFileAndADirectoryIsRefused() {
        byte[] bytes = new Manifest(null, List.of(new BundleFile("a", 1, A), new BundleFile("a/b", 1, A)), List.of(A))
                .toBytes();

        assertThatThrownBy(() -> Manifest.parse(bytes, "m")).hasMessage("m: 'a' is both a file and a directory");
    }

    @Test
    void unsortedOrDuplicatePathsAndObjectsNoFileHasAreRefused() {
        byte[] twice = new Manifest(null, List.of(new BundleFile("a", 1, A), new BundleFile("a", 1, A)), List.of(A))
                .toBytes();
        byte[] stray = new Manifest(null, List.of(new BundleFile("a", 1, A)), List.of(A, B)).toBytes();
        byte[] missing = new Manifest(null, List.of(new BundleFile("a", 1, A), new BundleFile("b", 1, B)), List.of(A))
                .toBytes();

        assertThatThrownBy(() -> Manifest.parse(twice, "m")).hasMessageContaining("'a' is listed twice");
        assertThatThrownBy(() -> Manifest.parse(stray, "m")).hasMessageContaining("is no file's SHA-256");
        assertThatThrownBy(() -> Manifest.parse(missing, "m")).hasMessageContaining("must carry every object");
    }

    @Test
    void somethingElseIsNotAManifest() {
        assertThatThrownBy(() -> Manifest.parse("{\"format\":\"other\"}".getBytes(StandardCharsets.UTF_8), "m"))
                .hasMessage("m is not a bundle manifest of format pymirror-bundle/1");
        assertThatThrownBy(() -> Manifest.parse("not json".getBytes(StandardCharsets.UTF_8), "m"))
                .hasMessage("m is not a bundle manifest: it is not JSON");
    }
}
