package dev.pymirror.simple;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A page of 5,000 files, the size of a long-lived project with many wheels per release: both
 * codecs carry it whole. How fast they do is measured by {@link SimplePagesBench}.
 */
class LargePageTest {

    private static final int FILES = 5000;
    private static final URI PAGE = URI.create("https://index.example.org/simple/generated-project/");
    private static final ProjectPage LARGE = SamplePages.generated(FILES);

    @Test
    void jsonCarriesFiveThousandFiles() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonCodec.INSTANCE.writeProjectPage(LARGE, out);
        assertThat(out.size()).isGreaterThan(1_000_000);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(JsonCodec.INSTANCE.writeProjectPage(LARGE));
        ProjectPage back = JsonCodec.INSTANCE.readProjectPage(new ByteArrayInputStream(out.toByteArray()), PAGE);
        assertThat(back).isEqualTo(LARGE);
    }

    @Test
    void htmlCarriesFiveThousandFiles() {
        String body = HtmlCodec.INSTANCE.writeProjectPage(LARGE);
        ProjectPage back = HtmlCodec.INSTANCE.readProjectPage(body, PAGE);
        assertThat(back.files()).hasSize(FILES);
        assertThat(back).isEqualTo(HtmlCodec.INSTANCE.representable(LARGE));
    }

    @Test
    void theGeneratedPageIsWhatItClaims() {
        assertThat(LARGE.files()).hasSize(FILES);
        assertThat(LARGE.versions()).hasSize(FILES / 2);
        assertThat(LARGE.files()).filteredOn(ProjectFile::isYanked).hasSize(FILES / 50);
        assertThat(LARGE.files()).filteredOn(ProjectFile::hasCoreMetadata).hasSize((FILES + 2) / 3);
        assertThat(JsonCodec.INSTANCE.writeProjectPage(LARGE)).contains("\"api-version\":\"1.1\"");
    }
}
