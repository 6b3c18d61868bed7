package dev.pymirror.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.net.URI;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ProxyEnvironmentTest {

    @Test
    void noProxyVariablesSetNothing() {
        assertThat(ProxyEnvironment.of(Map.of("no_proxy", "example.org", "PATH", "/bin")).properties()).isEmpty();
    }

    @Test
    void eachSchemeGetsItsOwnProxyAndEveryHostGoesThroughItWithoutNoProxy() {
        Map<String, String> p = ProxyEnvironment.of(Map.of("http_proxy", "http://proxy.corp:3128",
                "https_proxy", "proxy.corp:8080")).properties();

        assertThat(p).containsExactly(Map.entry("http.proxyHost", "proxy.corp"), Map.entry("http.proxyPort", "3128"),
                Map.entry("https.proxyHost", "proxy.corp"), Map.entry("https.proxyPort", "8080"),
                // Empty, not absent: the JDK's own default would send loopback direct, which curl and pip do not.
                Map.entry("http.nonProxyHosts", ""));
    }

    @Test
    void lowerCaseWinsOverUpperCaseAndAPortDefaultsTo80() {
        Map<String, String> p = ProxyEnvironment.of(Map.of("HTTPS_PROXY", "http://upper:1", "https_proxy",
                "http://lower/")).properties();

        assertThat(p).containsEntry("https.proxyHost", "lower").containsEntry("https.proxyPort", "80")
                .doesNotContainKey("http.proxyHost");
    }

    @Test
    void noProxyEntriesBecomeTheJdksPatternsForTheNameAndItsSubdomains() {
        Map<String, String> p = ProxyEnvironment.of(Map.of("https_proxy", "http://proxy:3128", "NO_PROXY",
                "localhost, .internal.example,*.corp.example, files.example:8443 ,127.0.0.1,[::1],::1,10.0.0.0/8,"
                        + "192.168.1.0/24")).properties();

        assertThat(p.get("http.nonProxyHosts")).isEqualTo("localhost|*.localhost|*.internal.example|internal.example"
                + "|*.corp.example|corp.example|files.example|*.files.example|127.0.0.1|[::1]|::1|10.*|192.168.1.*");
    }

    @Test
    void aStarInNoProxySendsEveryHostDirect() {
        assertThat(ProxyEnvironment.of(Map.of("http_proxy", "http://proxy:3128", "no_proxy", "a.example,*"))
                .properties()).containsEntry("http.nonProxyHosts", "*");
    }

    @Test
    void propertiesGivenWithDashDWinAndAGivenProxyKeepsItsOwnNoProxyList() {
        Properties system = new Properties();
        system.setProperty("https.proxyHost", "given");
        ProxyEnvironment.of(Map.of("https_proxy", "http://env:3128", "http_proxy", "http://env:3129",
                "no_proxy", "a.example")).applyTo(system);

        assertThat(system.getProperty("https.proxyHost")).isEqualTo("given");
        assertThat(system.getProperty("http.proxyHost")).isEqualTo("env");
        assertThat(system.getProperty("http.nonProxyHosts")).isNull();

        Properties fresh = new Properties();
        ProxyEnvironment.of(Map.of("https_proxy", "http://env:3128", "no_proxy", "a.example")).applyTo(fresh);
        assertThat(fresh.getProperty("https.proxyHost")).isEqualTo("env");
        assertThat(fresh.getProperty("http.nonProxyHosts")).isEqualTo("a.example|*.a.example");
    }

    @Test
    void whatTheJdkCannotDoIsRefusedWithTheReasonAndNoPassword() {
        assertThatThrownBy(() -> ProxyEnvironment.of(Map.of("http_proxy", "https://proxy:443")))
                .hasMessageStartingWith("http_proxy names a proxy spoken to over https");
        assertThatThrownBy(() -> ProxyEnvironment.of(Map.of("http_proxy", "socks5://proxy:1080")))
                .hasMessageContaining("over socks5");
        assertThatThrownBy(() -> ProxyEnvironment.of(Map.of("http_proxy", "http://proxy:3128", "no_proxy", "10.1.0.0/12")))
                .hasMessageStartingWith("no_proxy lists the network 10.1.0.0/12");
        assertThatThrownBy(() -> ProxyEnvironment.of(Map.of("http_proxy", "http://proxy:3128", "no_proxy", "fd00::/8")))
                .hasMessageStartingWith("no_proxy lists the network fd00::/8");
        // The value is never repeated: it may hold a password.
        assertThatThrownBy(() -> ProxyEnvironment.of(Map.of("http_proxy", "http://bob:s3 cret@proxy:3128")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("http_proxy is not a proxy's URL: Illegal character in authority at character 14");
        assertThatThrownBy(() -> ProxyEnvironment.of(Map.of("http_proxy", "http://bob:s3cret@:3128")))
                .hasMessage("http_proxy names no proxy host");
        assertThatThrownBy(() -> ProxyEnvironment.of(Map.of("https_proxy", "http://:s3cret@proxy:3128")))
                .hasMessage("https_proxy gives a password without a user name");
    }

    @Test
    void aProxysUserAndPasswordAreDecodedAndShownWithoutThePassword() {
        ProxyEnvironment env = ProxyEnvironment.of(Map.of("http_proxy", "http://build%40ci:p%3Ass%40w0rd@proxy:3128",
                "https_proxy", "http://solo@tls-proxy:8080"));
        ProxyEnvironment.Credentials http = env.http().orElseThrow().credentials().orElseThrow();
        assertThat(http.user()).isEqualTo("build@ci");
        assertThat(http.password()).isEqualTo("p:ss@w0rd");
        assertThat(env.https().orElseThrow().credentials()).contains(new ProxyEnvironment.Credentials("solo", ""));
        assertThat(env.toString()).contains("build@ci:***").doesNotContain("w0rd");
        // No credentials go into a property: the JDK takes them only from an authenticator.
        assertThat(String.join(" ", env.properties().values())).doesNotContain("w0rd").doesNotContain("build@ci");
    }

    @Test
    void basicOverATunnelIsAllowedOnlyWhenTheHttpsProxyHasCredentials() {
        assertThat(ProxyEnvironment.of(Map.of("https_proxy", "http://bob:pw@proxy:3128")).properties())
                .containsEntry(ProxyEnvironment.TUNNELING_DISABLED_SCHEMES, "");
        assertThat(ProxyEnvironment.of(Map.of("https_proxy", "http://proxy:3128", "http_proxy", "http://bob:pw@proxy:3128"))
                .properties()).doesNotContainKey(ProxyEnvironment.TUNNELING_DISABLED_SCHEMES);

        Properties given = new Properties();
        given.setProperty(ProxyEnvironment.TUNNELING_DISABLED_SCHEMES, "Basic");
        ProxyEnvironment.of(Map.of("https_proxy", "http://bob:pw@proxy:3128")).applyTo(given);
        assertThat(given.getProperty(ProxyEnvironment.TUNNELING_DISABLED_SCHEMES)).isEqualTo("Basic");
    }

    @Test
    void theAuthenticatorAnswersOnlyTheProxyWhoseUrlGaveTheCredentials() throws Exception {
        assertThat(ProxyEnvironment.of(Map.of("http_proxy", "http://proxy:3128")).authenticator()).isEmpty();

        ProxyAuthenticator authenticator = ProxyEnvironment.of(Map.of("http_proxy", "http://bob:pw@Proxy.Example:3128",
                "https_proxy", "http://other:3128", "no_proxy", "internal")).authenticator().orElseThrow();
        PasswordAuthentication answer = ask(authenticator, "proxy.example", 3128, Authenticator.RequestorType.PROXY);
        assertThat(answer.getUserName()).isEqualTo("bob");
        assertThat(answer.getPassword()).containsExactly('p', 'w');
        // A server's challenge, another port, the proxy without credentials: no answer.
        assertThat(ask(authenticator, "proxy.example", 3128, Authenticator.RequestorType.SERVER)).isNull();
        assertThat(ask(authenticator, "proxy.example", 8080, Authenticator.RequestorType.PROXY)).isNull();
        assertThat(ask(authenticator, "other", 3128, Authenticator.RequestorType.PROXY)).isNull();

        ProxyAuthenticator v6 = ProxyEnvironment.of(Map.of("http_proxy", "http://bob:pw@[::1]:3128")).authenticator()
                .orElseThrow();
        assertThat(ask(v6, "::1", 3128, Authenticator.RequestorType.PROXY)).isNotNull();
    }

    private static PasswordAuthentication ask(Authenticator authenticator, String host, int port,
            Authenticator.RequestorType type) throws Exception {
        return authenticator.requestPasswordAuthenticationInstance(host, null, port, "http", "proxy", "Basic",
                URI.create("http://upstream.example/simple/").toURL(), type);
    }

    @Test
    void noProxyWithoutAProxyIsNotRead() {
        // A network the JDK cannot say is no reason to refuse when nothing goes through a proxy.
        assertThat(ProxyEnvironment.of(Map.of("no_proxy", "10.1.0.0/12")).properties()).isEmpty();
    }
}
