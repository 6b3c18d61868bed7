package dev.pymirror.simple;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UrlReferencesTest {

    private static final String BASE = "http://a/b/c/d;p?q";

    /** RFC 3986 section 5.4: every normal and abnormal example. */
    static Stream<Arguments> rfc3986Examples() {
        return Stream.of(
                Arguments.of("g:h", "g:h"), Arguments.of("g", "http://a/b/c/g"), Arguments.of("./g", "http://a/b/c/g"),
                Arguments.of("g/", "http://a/b/c/g/"), Arguments.of("/g", "http://a/g"), Arguments.of("//g", "http://g"),
                Arguments.of("?y", "http://a/b/c/d;p?y"), Arguments.of("g?y", "http://a/b/c/g?y"),
                Arguments.of("#s", "http://a/b/c/d;p?q#s"), Arguments.of("g#s", "http://a/b/c/g#s"),
                Arguments.of("g?y#s", "http://a/b/c/g?y#s"), Arguments.of(";x", "http://a/b/c/;x"),
                Arguments.of("g;x", "http://a/b/c/g;x"), Arguments.of("g;x?y#s", "http://a/b/c/g;x?y#s"),
                Arguments.of("", "http://a/b/c/d;p?q"), Arguments.of(".", "http://a/b/c/"), Arguments.of("./", "http://a/b/c/"),
                Arguments.of("..", "http://a/b/"), Arguments.of("../", "http://a/b/"), Arguments.of("../g", "http://a/b/g"),
                Arguments.of("../..", "http://a/"), Arguments.of("../../", "http://a/"), Arguments.of("../../g", "http://a/g"),
                Arguments.of("../../../g", "http://a/g"), Arguments.of("../../../../g", "http://a/g"),
                Arguments.of("/./g", "http://a/g"), Arguments.of("/../g", "http://a/g"), Arguments.of("g.", "http://a/b/c/g."),
                Arguments.of(".g", "http://a/b/c/.g"), Arguments.of("g..", "http://a/b/c/g.."),
                Arguments.of("..g", "http://a/b/c/..g"), Arguments.of("./../g", "http://a/b/g"),
                Arguments.of("./g/.", "http://a/b/c/g/"), Arguments.of("g/./h", "http://a/b/c/g/h"),
                Arguments.of("g/../h", "http://a/b/c/h"), Arguments.of("g;x=1/./y", "http://a/b/c/g;x=1/y"),
                Arguments.of("g;x=1/../y", "http://a/b/c/y"), Arguments.of("g?y/./x", "http://a/b/c/g?y/./x"),
                Arguments.of("g?y/../x", "http://a/b/c/g?y/../x"), Arguments.of("g#s/./x", "http://a/b/c/g#s/./x"),
                Arguments.of("g#s/../x", "http://a/b/c/g#s/../x"), Arguments.of("http:g", "http:g"));
    }

    @ParameterizedTest
    @MethodSource
    void rfc3986Examples(String reference, String expected) {
        assertThat(UrlReferences.resolve(BASE, reference)).isEqualTo(expected);
    }

    @Test
    void resolvesWhatPagesHold() {
        assertThat(UrlReferences.resolve("https://e.example.org", "a.whl")).isEqualTo("https://e.example.org/a.whl");
        assertThat(UrlReferences.resolve("https://e.example.org/simple/a", "0.1/a-0.1.tar.gz"))
                .isEqualTo("https://e.example.org/simple/0.1/a-0.1.tar.gz"); // no trailing slash: a sibling
        assertThat(UrlReferences.resolve("https://e.example.org/simple/a/", "a b/ünï|c.whl"))
                .isEqualTo("https://e.example.org/simple/a/a b/ünï|c.whl"); // kept, not refused
        assertThat(UrlReferences.resolve("file:///srv/simple/a/", "../../pkgs/a.whl")).isEqualTo("file:///srv/pkgs/a.whl");
        assertThat(UrlReferences.resolve(null, "../a.whl")).isEqualTo("../a.whl");
        assertThat(UrlReferences.resolve("", "../a.whl")).isEqualTo("../a.whl");
        // A relative base (a page whose URL is unknown): joined, its leading .. kept.
        assertThat(UrlReferences.resolve("../../files/", "a.whl#sha256=ab")).isEqualTo("../../files/a.whl#sha256=ab");
        assertThat(UrlReferences.resolve("../../files/x?q", "")).isEqualTo("../../files/x?q");
        assertThat(UrlReferences.resolve("../../files/", "/abs/a.whl")).isEqualTo("/abs/a.whl");
        assertThat(UrlReferences.resolve("files/", "?v=1")).isEqualTo("files/?v=1");
    }

    @Test
    void findsTheFileNameAtTheEndOfThePath() {
        assertThat(UrlReferences.lastSegment("https://e.example.org/p/a-1.0.tar.gz?x=1#sha256=ab")).isEqualTo("a-1.0.tar.gz");
        assertThat(UrlReferences.lastSegment("https://e.example.org/p/a-1.0%2Blocal.whl")).isEqualTo("a-1.0+local.whl");
        assertThat(UrlReferences.lastSegment("https://e.example.org/p/")).isEmpty();
        assertThat(UrlReferences.lastSegment("https://e.example.org")).isEmpty();
        assertThat(UrlReferences.lastSegment("a.whl")).isEqualTo("a.whl");
        assertThat(UrlReferences.path("https://u:p@e.example.org:8080/x/y?z#w")).isEqualTo("/x/y");
    }

    @Test
    void findsTheScheme() {
        assertThat(UrlReferences.scheme("HTTPS://e.example.org/")).isEqualTo("https");
        assertThat(UrlReferences.scheme("mailto:a@example.org")).isEqualTo("mailto");
        assertThat(UrlReferences.scheme("a.whl")).isNull();
        assertThat(UrlReferences.scheme("./a:b.whl")).isNull();
        assertThat(UrlReferences.scheme("1http://x")).isNull();
        assertThat(UrlReferences.scheme("")).isNull();
        assertThat(UrlReferences.fragmentStart("a#b")).isEqualTo(1);
        assertThat(UrlReferences.fragmentStart("ab")).isEqualTo(-1);
    }

    @Test
    void percentDecodesAsUtf8KeepingPlusSigns() {
        assertThat(UrlReferences.percentDecode("a%20b+c")).isEqualTo("a b+c");
        assertThat(UrlReferences.percentDecode("%C3%BCn%C3%AF")).isEqualTo("ünï");
        assertThat(UrlReferences.percentDecode("%F0%9F%90%8D🐍")).isEqualTo("🐍🐍");
        assertThat(UrlReferences.percentDecode("100%")).isEqualTo("100%");
        assertThat(UrlReferences.percentDecode("%zz%4")).isEqualTo("%zz%4");
        assertThat(UrlReferences.percentDecode("%FF%FE")).isEqualTo("%FF%FE"); // not UTF-8: left alone
        assertThat(UrlReferences.percentDecode("plain")).isEqualTo("plain");
    }

    @Test
    void removesDotSegments() {
        assertThat(UrlReferences.removeDotSegments("/a/b/c/./../../g")).isEqualTo("/a/g");
        assertThat(UrlReferences.removeDotSegments("mid/content=5/../6")).isEqualTo("mid/6");
        assertThat(UrlReferences.removeDotSegments("/plain/path")).isEqualTo("/plain/path");
    }
}
