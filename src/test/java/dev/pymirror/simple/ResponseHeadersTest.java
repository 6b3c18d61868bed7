package dev.pymirror.simple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResponseHeadersTest {

    @Test
    void givesContentTypeVaryAndSerial() {
        assertThat(ResponseHeaders.forPage(SimpleFormat.JSON_V1, PageMeta.DEFAULT.withLastSerial(27287043)))
                .containsExactly(
                        java.util.Map.entry("Content-Type", "application/vnd.pypi.simple.v1+json"),
                        java.util.Map.entry("Vary", "Accept"),
                        java.util.Map.entry("X-PyPI-Last-Serial", "27287043"));
        assertThat(ResponseHeaders.forPage(SimpleFormat.HTML_LEGACY, PageMeta.DEFAULT))
                .containsExactly(
                        java.util.Map.entry("Content-Type", "text/html; charset=utf-8"),
                        java.util.Map.entry("Vary", "Accept"));
    }

    @Test
    void isUnmodifiableAndRefusesNulls() {
        var headers = ResponseHeaders.forPage(SimpleFormat.HTML_V1, PageMeta.DEFAULT);
        assertThatThrownBy(() -> headers.put("X", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ResponseHeaders.forPage(null, PageMeta.DEFAULT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResponseHeaders.forPage(SimpleFormat.HTML_V1, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
