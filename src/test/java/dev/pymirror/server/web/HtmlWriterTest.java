package dev.pymirror.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HtmlWriterTest {

    static final String HOSTILE = "<script>alert(\"x\")</script> & 'quoted' \"double\" ünïcødé 🐍";

    @Test
    void textIsEscapedSoMarkupInItStaysText() {
        String html = new HtmlWriter().element("p", HOSTILE).finish();
        assertThat(html).contains("<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;"
                + " &quot;double&quot; ünïcødé 🐍</p>");
        assertThat(html).doesNotContain("<script>");
    }

    @Test
    void attributeValuesAreEscapedAndCannotEndTheAttribute() {
        String html = new HtmlWriter().element("a", "x", "href", "/\" onmouseover=\"alert(1)", "title", "a\nb<c>").finish();
        assertThat(html).contains("<a href=\"/&quot; onmouseover=&quot;alert(1)\" title=\"a b&lt;c&gt;\">x</a>");
    }

    @Test
    void controlCharactersAndLoneSurrogatesBecomeReplacementCharacters() {
        String html = new HtmlWriter().element("p", "a\u0000b\u001bc\ud800d\u0085e").finish();
        assertThat(html).contains("<p>a\uFFFDb\uFFFDc\uFFFDd\uFFFDe</p>");
    }

    @Test
    void namesAreCheckedAndScriptAttributesRefused() {
        assertThatThrownBy(() -> new HtmlWriter().open("script src=x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HtmlWriter().open("p", "onclick", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HtmlWriter().open("p", "style", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HtmlWriter().open("p", "title")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void elementsCloseInOrderAndADocumentWithOneOpenIsRefused() {
        HtmlWriter h = new HtmlWriter().open("div").open("p").text("t");
        assertThatThrownBy(h::finish).isInstanceOf(IllegalStateException.class);
        assertThat(h.closeThrough("div").finish()).endsWith("<div><p>t</p></div>");
        assertThatThrownBy(() -> new HtmlWriter().close()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void voidElementsHaveNoEndTagAndNullAttributesAreLeftOut() {
        String html = new HtmlWriter().open("input", "type", "search", "value", null, "required", "").finish();
        assertThat(html).endsWith("<input type=\"search\" required>");
    }
}
