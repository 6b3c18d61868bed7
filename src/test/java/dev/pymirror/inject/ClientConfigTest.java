package dev.pymirror.inject;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exact text of each client's configuration file. */
class ClientConfigTest {

    private static final String HEADER = "# Written by pymirror inject for an image build; pymirror eject removes it.\n";

    private static ClientSettings settings(Map<String, String> env, IndexFlags flags, boolean breakSystemPackages) {
        return new ClientSettings(IndexSelection.choose(env, flags), breakSystemPackages);
    }

    private static final ClientSettings THREE_MIRRORS_ONLINE = settings(Map.of(
            "DIB_PYPI_MIRROR_URL", "http://mirror.internal/simple",
            "DIB_PYPI_MIRROR_URL_1", "https://secure.internal/simple",
            "DIB_PYPI_MIRROR_URL_2", "http://10.0.0.5:3141/root/pypi/+simple/",
            "DIB_PIP_RETRIES", "0"), IndexFlags.NONE, true);

    private static final ClientSettings DEFAULTS = settings(Map.of(), IndexFlags.NONE, false);

    @Test
    void pipGetsEveryIndexTrustForEveryPlainHttpHostAndRetries() {
        assertThat(PipConfig.render(THREE_MIRRORS_ONLINE)).isEqualTo(HEADER + """
                [global]
                index-url = http://mirror.internal/simple
                extra-index-url =
                    https://secure.internal/simple
                    http://10.0.0.5:3141/root/pypi/+simple/
                    https://pypi.org/simple
                trusted-host =
                    mirror.internal
                    10.0.0.5:3141
                retries = 0
                break-system-packages = true
                """);
    }

    @Test
    void pipWithNothingSetReadsTheMountedMirrorThenTheOfficialIndex() {
        assertThat(PipConfig.render(DEFAULTS)).isEqualTo(HEADER + """
                [global]
                index-url = file:///tmp/pypi
                extra-index-url =
                    https://pypi.org/simple
                """);
    }

    @Test
    void pipOfflineWithOneMirrorHasNoExtraIndex() {
        ClientSettings s = settings(Map.of("DIB_OFFLINE", "1"), IndexFlags.NONE, false);
        assertThat(PipConfig.render(s)).isEqualTo(HEADER + "[global]\nindex-url = file:///tmp/pypi\n");
    }

    @Test
    void uvListsTheIndexesInPipsOrderWithTheLastAsDefault() throws Exception {
        String text = UvConfig.render(THREE_MIRRORS_ONLINE);
        assertThat(text).isEqualTo(HEADER + """

                [[index]]
                url = "http://mirror.internal/simple"

                [[index]]
                url = "https://secure.internal/simple"

                [[index]]
                url = "http://10.0.0.5:3141/root/pypi/+simple/"

                [[index]]
                url = "https://pypi.org/simple"
                default = true

                [pip]
                break-system-packages = true
                """);
        JsonNode parsed = new TomlMapper().readTree(text);
        assertThat(parsed.get("index")).hasSize(4);
        assertThat(parsed.get("index").get(3).get("default").asBoolean()).isTrue();
        assertThat(parsed.get("pip").get("break-system-packages").asBoolean()).isTrue();
    }

    @Test
    void uvOfflineMakesTheLastMirrorTheDefaultSoTheOfficialIndexIsNotAddedBehindIt() throws Exception {
        ClientSettings s = settings(Map.of(), new IndexFlags(List.of("file:///tmp/pypi", "http://b/simple"), true, false, null), false);
        String text = UvConfig.render(s);
        assertThat(text).isEqualTo(HEADER + """

                [[index]]
                url = "file:///tmp/pypi"

                [[index]]
                url = "http://b/simple"
                default = true
                """);
        assertThat(new TomlMapper().readTree(text).get("index").get(0).get("url").asText()).isEqualTo("file:///tmp/pypi");
    }

    @Test
    void easyInstallGetsTheLastMirrorNotTheOfficialIndex() {
        assertThat(EasyInstallConfig.render(THREE_MIRRORS_ONLINE)).isEqualTo(HEADER + """
                [easy_install]
                index_url = http://10.0.0.5:3141/root/pypi/+simple/
                """);
        assertThat(EasyInstallConfig.render(DEFAULTS)).isEqualTo(HEADER + "[easy_install]\nindex_url = file:///tmp/pypi\n");
    }
}
