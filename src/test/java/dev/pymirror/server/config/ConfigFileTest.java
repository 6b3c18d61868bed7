package dev.pymirror.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigFileTest {

    @TempDir
    Path dir;

    @Test
    void anEmptyFileGivesTheDefaults() {
        ServerConfig c = ConfigFile.parse("", dir);
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(3141);
        assertThat(c.defaultIndex()).isEqualTo("pypi");
        assertThat(c.defaultMirror().upstream()).isEqualTo(URI.create("https://pypi.org/simple/"));
        assertThat(c.defaultMirror().pageTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.dataDir()).isEqualTo(ServerConfig.defaultDataDir());
    }

    @Test
    void readsEveryKey() throws Exception {
        Path file = dir.resolve("pymirror.toml");
        Files.writeString(file, """
                host = "0.0.0.0"
                port = 8080
                data = "state"
                offline = true
                default-index = "local"

                [index.local]
                upstream = "http://127.0.0.1:9000/simple"
                page-ttl = "90s"
                connect-timeout = 2
                read-timeout = "PT1M"
                """);
        ServerConfig c = ConfigFile.read(file);
        assertThat(c.host()).isEqualTo("0.0.0.0");
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.dataDir()).isEqualTo(dir.resolve("state"));
        assertThat(c.offline()).isTrue();
        MirrorConfig m = c.defaultMirror();
        assertThat(m.name()).isEqualTo("local");
        assertThat(m.upstream()).isEqualTo(URI.create("http://127.0.0.1:9000/simple/"));
        assertThat(m.pageTtl()).isEqualTo(Duration.ofSeconds(90));
        assertThat(m.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(m.readTimeout()).isEqualTo(Duration.ofMinutes(1));
    }

    @ParameterizedTest
    @CsvSource({"500ms,PT0.5S", "30s,PT30S", "5m,PT5M", "2h,PT2H", "1d,PT24H", "45,PT45S", "PT5M,PT5M", "0,PT0S"})
    void durations(String text, String iso) {
        assertThat(ConfigFile.parseDuration(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "m", "5 weeks", "-5s", "five", "99999999999999999s"})
    void badDurationsSaySo(String text) {
        assertThatThrownBy(() -> ConfigFile.parseDuration(text))
                .isInstanceOf(ConfigException.class).hasMessageContaining("is not a duration");
    }

    @Test
    void mistakesAreNamed() throws Exception {
        assertThatThrownBy(() -> ConfigFile.parse("prot = 1", dir)).hasMessageContaining("unknown key 'prot'");
        assertThatThrownBy(() -> ConfigFile.parse("port = \"x\"", dir)).hasMessageContaining("'port' must be a whole number");
        assertThatThrownBy(() -> ConfigFile.parse("port = 70000", dir)).hasMessageContaining("between 0 and 65535");
        assertThatThrownBy(() -> ConfigFile.parse("host = = 1", dir)).hasMessageContaining("not valid TOML");
        assertThatThrownBy(() -> ConfigFile.parse("[index.a]\nupstrem = \"x\"", dir))
                .hasMessageContaining("unknown key 'index.a.upstrem'");
        assertThatThrownBy(() -> ConfigFile.parse("[index.a]\nupstream = \"ftp://x/\"", dir))
                .hasMessageContaining("must be an http:// or https:// URL");
        assertThatThrownBy(() -> ConfigFile.parse("[index.a]\npage-ttl = \"soon\"", dir))
                .hasMessageContaining("index.a: page-ttl: 'soon' is not a duration");
        assertThatThrownBy(() -> ConfigFile.parse("[index.A]", dir)).hasMessageContaining("index name 'A'");
        assertThatThrownBy(() -> ConfigFile.parse("[index.a]\nkind = \"proxy\"", dir))
                .hasMessageContaining("'proxy' is not a supported index kind");
        assertThatThrownBy(() -> ConfigFile.parse("default-index = \"b\"\n[index.a]", dir))
                .hasMessageContaining("default-index 'b' is not one of the indexes [a]");
        assertThatThrownBy(() -> ConfigFile.read(dir.resolve("missing.toml"))).hasMessageContaining("does not exist");
    }
}
