package dev.pymirror.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HrefTest {

    @Test
    void namesArePercentEncodedSegments() {
        assertThat(Href.project("main", "a/b?c#d<e>")).hasToString("/-/index/main/a%2Fb%3Fc%23d%3Ce%3E/");
        assertThat(Href.search("<script> & ü", "x y")).hasToString("/-/search?q=%3Cscript%3E+%26+%C3%BC&index=x+y");
    }

    @Test
    void fileLinksResolveOnThisServerOrStayHttp() {
        assertThat(Href.file("main", "acme", "../../files/acme/acme-1.0.tar.gz"))
                .hasToString("/main/files/acme/acme-1.0.tar.gz");
        assertThat(Href.file("main", "acme", "https://files.example/acme-1.0.tar.gz"))
                .hasToString("https://files.example/acme-1.0.tar.gz");
        assertThat(Href.file("main", "acme", "javascript:alert(1)")).isNull();
        assertThat(Href.file("main", "acme", "data:text/html,<script>")).isNull();
        assertThat(Href.file("main", "acme", "//evil.example/x")).isNull();
    }
}
