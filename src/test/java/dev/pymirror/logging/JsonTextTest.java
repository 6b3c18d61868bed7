package dev.pymirror.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonTextTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void whateverAClientSendsStaysOneJsonStringThatReadsBackTheSame() throws Exception {
        String hostile = "pip/24.0 {\"ci\":null} back\\slash\r\n{\"level\":\"ERROR\"}\u0000\u0007\u007f caf\u00e9 \u20ac \ud83d\ude00"
                + " \u2028 lone \ud800 end";
        String json = JsonText.string(new StringBuilder(), hostile).toString();

        assertThat(json).hasLineCount(1).matches("\\p{ASCII}*").doesNotContain("\u0000").doesNotContain("\u007f");
        assertThat(JSON.readValue(json, String.class)).isEqualTo(hostile);
    }

    @Test
    void plainTextIsCopiedAsItIsAndNullIsJsonNull() {
        assertThat(JsonText.string(new StringBuilder(), "GET /simple/acme/").toString()).isEqualTo("\"GET /simple/acme/\"");
        assertThat(JsonText.string(new StringBuilder(), null).toString()).isEqualTo("null");
        assertThat(JsonText.escaped(new StringBuilder(), "a\"b\\c\n").toString()).isEqualTo("a\\\"b\\\\c\\u000a");
    }

    @Test
    void theFormatIsTextOrJsonInAnyCaseAndAnythingElseIsSaid() {
        assertThat(LogFormat.parse(null)).isEqualTo(LogFormat.TEXT);
        assertThat(LogFormat.parse(" ")).isEqualTo(LogFormat.TEXT);
        assertThat(LogFormat.parse("JSON")).isEqualTo(LogFormat.JSON);
        assertThat(LogFormat.parse("text")).isEqualTo(LogFormat.TEXT);
        assertThat(LogFormat.parse("xml")).isNull();
        assertThat(LogFormat.problem("xml")).isEqualTo("PYMIRROR_LOG_FORMAT=xml is neither 'text' nor 'json'; writing text");
        assertThat(LogFormat.problem("json")).isNull();
    }
}
