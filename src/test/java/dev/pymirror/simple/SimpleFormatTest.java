package dev.pymirror.simple;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SimpleFormatTest {

    @Test
    void namesItsMediaAndContentTypes() {
        assertThat(SimpleFormat.JSON_V1.mediaType()).isEqualTo("application/vnd.pypi.simple.v1+json");
        assertThat(SimpleFormat.JSON_V1.contentType()).isEqualTo("application/vnd.pypi.simple.v1+json");
        assertThat(SimpleFormat.HTML_V1.mediaType()).isEqualTo("application/vnd.pypi.simple.v1+html");
        assertThat(SimpleFormat.HTML_V1.contentType()).isEqualTo("application/vnd.pypi.simple.v1+html; charset=utf-8");
        assertThat(SimpleFormat.HTML_LEGACY.mediaType()).isEqualTo("text/html");
        assertThat(SimpleFormat.HTML_LEGACY.contentType()).isEqualTo("text/html; charset=utf-8");
        for (SimpleFormat format : SimpleFormat.values()) {
            // Clients compare the part before ';' verbatim, so it must be the bare lower-case type.
            assertThat(format.contentType().split(";")[0]).isEqualTo(format.mediaType());
            assertThat(SimpleFormat.fromMediaType(format.contentType())).contains(format);
            assertThat(format.isJson()).isNotEqualTo(format.isHtml());
        }
    }

    static Stream<Arguments> fromMediaType() {
        return Stream.of(
                Arguments.of("application/vnd.pypi.simple.v1+json", Optional.of(SimpleFormat.JSON_V1)),
                Arguments.of("Application/Vnd.Pypi.Simple.V1+JSON ; charset=UTF-8", Optional.of(SimpleFormat.JSON_V1)),
                Arguments.of("application/vnd.pypi.simple.latest+json", Optional.of(SimpleFormat.JSON_V1)),
                Arguments.of("application/vnd.pypi.simple.v1+html", Optional.of(SimpleFormat.HTML_V1)),
                Arguments.of("application/vnd.pypi.simple.latest+html", Optional.of(SimpleFormat.HTML_V1)),
                Arguments.of("text/html", Optional.of(SimpleFormat.HTML_LEGACY)),
                Arguments.of(" text/html;charset=ISO-8859-1", Optional.of(SimpleFormat.HTML_LEGACY)),
                Arguments.of("application/json", Optional.empty()),
                Arguments.of("application/vnd.pypi.simple.v2+json", Optional.empty()),
                Arguments.of("", Optional.empty()),
                Arguments.of(";", Optional.empty()),
                Arguments.of(null, Optional.empty()));
    }

    @ParameterizedTest
    @MethodSource
    void fromMediaType(String text, Optional<SimpleFormat> expected) {
        assertThat(SimpleFormat.fromMediaType(text)).isEqualTo(expected);
    }

    @Test
    void givesTheCodecForEachFormat() {
        assertThat(SimpleFormat.JSON_V1.codec()).isSameAs(JsonCodec.INSTANCE);
        assertThat(SimpleFormat.HTML_V1.codec()).isSameAs(HtmlCodec.INSTANCE);
        assertThat(SimpleFormat.HTML_LEGACY.codec()).isSameAs(HtmlCodec.INSTANCE);
    }
}
