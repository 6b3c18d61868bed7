package dev.pymirror.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class RedactedUrlTest {

    @Test
    void userInformationIsHidden() {
        assertThat(RedactedUrl.of(URI.create("https://user:token@index.example/simple/")))
                .isEqualTo("https://***@index.example/simple/");
        assertThat(RedactedUrl.of(URI.create("https://only-a-token@index.example:8443/simple/acme/")))
                .isEqualTo("https://***@index.example:8443/simple/acme/");
        // A password holding an '@' (encoded or not): everything before the host's '@' goes.
        assertThat(RedactedUrl.of("https://u:p@ss@index.example/simple/")).isEqualTo("https://***@index.example/simple/");
    }

    @Test
    void secretLookingQueryValuesAreHiddenAndTheRestKept() {
        assertThat(RedactedUrl.of("https://cdn.example/f.whl?X-Amz-Signature=abc&X-Amz-Credential=AKIA&x=1#sha256=00"))
                .isEqualTo("https://cdn.example/f.whl?X-Amz-Signature=***&X-Amz-Credential=***&x=1#sha256=00");
        assertThat(RedactedUrl.of("https://host/simple/?token=t0k&access_key=k&apiKey=a&page=2"))
                .isEqualTo("https://host/simple/?token=***&access_key=***&apiKey=***&page=2");
    }

    @Test
    void urlsWithoutSecretsAreUnchanged() {
        for (String url : new String[] {"https://pypi.org/simple/", "http://127.0.0.1:3141/simple/acme/",
                "https://files.example/p/acme-1.0.tar.gz#sha256=abc", "https://host/a@b/simple/", "not a url"}) {
            assertThat(RedactedUrl.of(url)).isEqualTo(url);
        }
    }

    @Test
    void anUpstreamFailureNamesTheUrlWithoutItsCredentials() {
        UpstreamException e = new UpstreamException(UpstreamException.Kind.REFUSED,
                URI.create("http://user:secret@127.0.0.1:9/simple/acme/"), "the upstream refused the connection");
        assertThat(e.getMessage()).isEqualTo("the upstream refused the connection (http://***@127.0.0.1:9/simple/acme/)");
        assertThat(e.url().getUserInfo()).isEqualTo("user:secret"); // still usable for the request itself
    }
}
