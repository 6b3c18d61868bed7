package dev.pymirror.simple;

import static dev.pymirror.simple.SimpleFormat.HTML_LEGACY;
import static dev.pymirror.simple.SimpleFormat.HTML_V1;
import static dev.pymirror.simple.SimpleFormat.JSON_V1;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ContentNegotiationTest {

    static Stream<Arguments> selections() {
        return Stream.of(
                // The headers real clients send.
                Arguments.of("application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1,"
                        + " text/html; q=0.01", JSON_V1), // pip
                Arguments.of("application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2,"
                        + " text/html;q=0.01", JSON_V1), // uv, and PEP 691's example
                Arguments.of(ContentNegotiation.CLIENT_ACCEPT, JSON_V1),
                Arguments.of("text/html", HTML_LEGACY), // pip before PEP 691
                Arguments.of("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
                        HTML_LEGACY), // a browser
                Arguments.of("*/*", HTML_LEGACY), // curl, requests: legacy clients that parse HTML
                Arguments.of("text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2", HTML_LEGACY), // Java's URLConnection
                Arguments.of("application/vnd.pypi.simple.v1+html", HTML_V1),
                Arguments.of("application/vnd.pypi.simple.v1+json", JSON_V1),
                // No header, or one saying nothing readable: PEP 691 treats absence as */*.
                Arguments.of(null, HTML_LEGACY),
                Arguments.of("", HTML_LEGACY),
                Arguments.of("   ", HTML_LEGACY),
                Arguments.of(",,, ;;", HTML_LEGACY),
                Arguments.of("garbage", HTML_LEGACY),
                // The latest aliases.
                Arguments.of("application/vnd.pypi.simple.latest+json", JSON_V1),
                Arguments.of("application/vnd.pypi.simple.latest+html", HTML_V1),
                Arguments.of("application/vnd.pypi.simple.latest+json;q=0.5, text/html;q=0.4", JSON_V1),
                // Quality values decide, whatever the order.
                Arguments.of("text/html, application/vnd.pypi.simple.v1+json;q=0.9", HTML_LEGACY),
                Arguments.of("application/vnd.pypi.simple.v1+json;q=0.1, text/html", HTML_LEGACY),
                Arguments.of("text/html;q=0.5, application/vnd.pypi.simple.v1+html;q=0.6", HTML_V1),
                Arguments.of("text/html;q=0.500, application/vnd.pypi.simple.v1+html;q=0.5001", HTML_V1),
                Arguments.of("text/html;q=1.0, application/vnd.pypi.simple.v1+json;q=1", JSON_V1),
                // Equal quality, named explicitly: the most featureful.
                Arguments.of("text/html, application/vnd.pypi.simple.v1+html, application/vnd.pypi.simple.v1+json",
                        JSON_V1),
                Arguments.of("text/html, application/vnd.pypi.simple.v1+html", HTML_V1),
                // Equal quality, but one named and one by wildcard: the named one.
                Arguments.of("application/vnd.pypi.simple.v1+json, */*", JSON_V1),
                Arguments.of("application/vnd.pypi.simple.v1+html, text/*", HTML_V1),
                Arguments.of("application/*", HTML_V1), // a wildcard names no format: HTML first
                Arguments.of("text/*", HTML_LEGACY),
                Arguments.of("application/*;q=0.5, text/*;q=0.4", HTML_V1),
                // The most specific range sets a format's quality, even to zero.
                Arguments.of("application/vnd.pypi.simple.v1+json;q=0, */*", HTML_LEGACY),
                Arguments.of("text/html;q=0, */*", HTML_V1),
                Arguments.of("text/html;q=0, application/vnd.pypi.simple.v1+html;q=0, */*", JSON_V1),
                Arguments.of("*/*;q=0.1, application/vnd.pypi.simple.v1+json", JSON_V1),
                Arguments.of("application/*;q=0, */*", HTML_LEGACY),
                // Case, spacing and parameters other than q do not matter.
                Arguments.of("APPLICATION/VND.PYPI.SIMPLE.V1+JSON", JSON_V1),
                Arguments.of("  text/html ;  Q = 0.3 , application/vnd.pypi.simple.v1+html;level=1;q=0.4", HTML_V1),
                Arguments.of("application/vnd.pypi.simple.v1+json; charset=utf-8", JSON_V1),
                Arguments.of("application/vnd.pypi.simple.v1+json;q=0.9;ext=\"a,b;q=0\", text/html;q=0.8", JSON_V1),
                // Unreadable entries are skipped, the rest still count.
                Arguments.of("text/html;q=abc, application/vnd.pypi.simple.v1+json;q=0.2", JSON_V1),
                Arguments.of("text/html;q=-1, application/vnd.pypi.simple.v1+html;q=0.2", HTML_V1),
                Arguments.of("*/json, text/html", HTML_LEGACY),
                Arguments.of("text/html;q=7", HTML_LEGACY),
                Arguments.of("application/vnd.pypi.simple.v1+json;q=1.5, text/html", JSON_V1),
                Arguments.of("\u00e9/\u00e9, text/html", HTML_LEGACY));
    }

    @ParameterizedTest
    @MethodSource
    void selections(String accept, SimpleFormat expected) {
        assertThat(ContentNegotiation.select(accept)).contains(expected);
    }

    static Stream<String> notAcceptable() {
        return Stream.of(
                "application/json", // PEP 691 rejected the plain JSON alias
                "application/vnd.pypi.simple.v2+json",
                "image/png",
                "text/plain, image/*",
                "application/vnd.pypi.simple.v1+json;q=0",
                "*/*;q=0",
                "text/html;q=0, application/*;q=0",
                "text/html;q=0.0000");
    }

    @ParameterizedTest
    @MethodSource
    void notAcceptable(String accept) {
        assertThat(ContentNegotiation.select(accept)).isEmpty();
    }

    @Test
    void choosesAmongWhatTheServerOffers() {
        String pip = "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01";
        assertThat(ContentNegotiation.select(pip, EnumSet.of(HTML_V1, HTML_LEGACY))).contains(HTML_V1);
        assertThat(ContentNegotiation.select(pip, Set.of(HTML_LEGACY))).contains(HTML_LEGACY);
        assertThat(ContentNegotiation.select("*/*", Set.of(JSON_V1))).contains(JSON_V1);
        assertThat(ContentNegotiation.select("application/vnd.pypi.simple.v1+json", Set.of(HTML_LEGACY))).isEmpty();
        assertThat(ContentNegotiation.select("*/*", Set.of())).isEmpty();
        assertThat(ContentNegotiation.select("*/*", null)).isEmpty();
    }

    @Test
    void installersNameTheSimpleApiAndBrowsersDoNot() {
        assertThat(ContentNegotiation.namesSimpleApi(
                "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01")).isTrue();
        assertThat(ContentNegotiation.namesSimpleApi(ContentNegotiation.CLIENT_ACCEPT)).isTrue();
        assertThat(ContentNegotiation.namesSimpleApi("application/vnd.pypi.simple.latest+html")).isTrue();
        assertThat(ContentNegotiation.namesSimpleApi(
                "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")).isFalse();
        assertThat(ContentNegotiation.namesSimpleApi("*/*")).isFalse();
        assertThat(ContentNegotiation.namesSimpleApi("text/html")).isFalse();
        assertThat(ContentNegotiation.namesSimpleApi(null)).isFalse();
        assertThat(ContentNegotiation.namesSimpleApi("application/vnd.pypi.simple.v1+json;q=0, text/html")).isFalse();
    }

    @Test
    void neverThrowsOnGarbage() {
        String[] garbage = {"\u0000", ";q=1", "/", "//", "a/", "/b", "a/b/c", "text/html;q", "text/html;q=",
            "text/html;=", "text/html;q=\"0.5\"", "\"", "text/html;\"unterminated", "text/html, \\", "*/*;q=1e3",
            "text/html;q=0.12345678901234567890", ";".repeat(10_000), "a/b,".repeat(100_000),
            "text/html;q=." , "text/html;q=1.", "\uD800"};
        for (String header : garbage) {
            Optional<SimpleFormat> selected = ContentNegotiation.select(header);
            assertThat(selected).as(header.length() > 30 ? header.substring(0, 30) : header).isNotNull();
        }
        assertThat(ContentNegotiation.select("text/html;q=\"0.5\", application/vnd.pypi.simple.v1+html;q=0.4"))
                .contains(HTML_LEGACY);
        assertThat(ContentNegotiation.select("text/html;q=1., application/vnd.pypi.simple.v1+html;q=0.4"))
                .contains(HTML_LEGACY);
    }

    @Test
    void theClientHeaderPrefersJsonAndAcceptsHtml() {
        assertThat(ContentNegotiation.select(ContentNegotiation.CLIENT_ACCEPT, Set.of(HTML_LEGACY))).contains(HTML_LEGACY);
        assertThat(ContentNegotiation.select(ContentNegotiation.CLIENT_ACCEPT, Set.of(HTML_V1))).contains(HTML_V1);
        assertThat(ContentNegotiation.VARY).isEqualTo("Accept");
    }
}
