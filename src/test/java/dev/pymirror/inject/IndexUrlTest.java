package dev.pymirror.inject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class IndexUrlTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "file:///tmp/pypi", "file://localhost/srv/mirror", "http://mirror.internal/simple",
        "https://user:secret@mirror.internal:8443/pypi/simple/", "HTTP://Mirror.Internal/simple", "http://[::1]:3141/root/pypi"
    })
    void acceptsIndexUrlsPipAndUvRead(String url) {
        assertThat(IndexUrl.parse(url, "--index-url").toString()).isEqualTo(url);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                          | --index-url is empty",
        "'   '                       | --index-url is empty",
        "mirror.internal/simple      | has no scheme",
        "ftp://mirror.internal/x     | has scheme 'ftp' (pip and uv read http, https and file)",
        "http:///simple              | names no host",
        "https://                    | not a valid index URL",
        "file:tmp/pypi               | not an absolute file URL",
        "file://other-host/srv/pypi  | names a remote host in a file URL",
        "'http://a b/simple'         | contains a space at position 9",
        "http://mirror/sim\"ple      | contains '\"' at position 18",
        "http://mirror/x\\y          | contains '\\' at position 16",
        "http://mirror/%zz           | Malformed escape pair at position 15",
    })
    void refusesWhatIsNoIndexUrlAndSaysWhy(String url, String reason) {
        assertThatThrownBy(() -> IndexUrl.parse(url, "--index-url"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("--index-url ")
                .hasMessageContaining(reason);
    }

    @Test
    void refusesALineBreakThatWouldAddALineToAConfigurationFile() {
        assertThatThrownBy(() -> IndexUrl.parse("http://mirror/simple\nindex-url = http://evil/", "DIB_PYPI_MIRROR_URL"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("DIB_PYPI_MIRROR_URL is not a valid index URL: 'http://mirror/simple\\u000aindex-url"
                        + " = http://evil/' contains the control character U+000A at position 21");
    }

    @Test
    void trustsTheHostAndPortOfPlainHttpOnly() {
        assertThat(IndexUrl.parse("http://Mirror.Internal/simple", "x").trustedHost()).contains("mirror.internal");
        assertThat(IndexUrl.parse("http://127.0.0.1:8080/simple", "x").trustedHost()).contains("127.0.0.1:8080");
        assertThat(IndexUrl.parse("http://[::1]:3141/simple", "x").trustedHost()).contains("[::1]:3141");
        assertThat(IndexUrl.parse("https://mirror.internal/simple", "x").trustedHost()).isEmpty();
        assertThat(IndexUrl.parse("file:///tmp/pypi", "x").trustedHost()).isEmpty();
    }
}
