package dev.pymirror.simple;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A page of 5,000 files, the size of a long-lived project with many wheels per release: both
 * codecs read and write it correctly, and JSON does each in well under 100 ms.
 *
 * <p>Timings take the best of several runs after a warm-up, so that a busy shared machine or a
 * garbage collection does not fail the test; a regression of ten times still does.
 */
class LargePageTest {

    private static final int FILES = 5000;
    private static final URI PAGE = URI.create("https://index.example.org/simple/generated-project/");
    private static final ProjectPage LARGE = SamplePages.generated(FILES);

    @Test
    void jsonReadsAndWritesFiveThousandFilesFast() throws IOException {
        byte[] body = jsonBytes(LARGE);
        assertThat(body.length).isGreaterThan(1_000_000);
        assertThat(JsonCodec.INSTANCE.readProjectPage(new ByteArrayInputStream(body), PAGE)).isEqualTo(LARGE);

        long write = bestNanos(() -> jsonBytes(LARGE));
        long read = bestNanos(() -> readJson(body));
        System.out.printf("JSON, %d files, %d KiB: write %.1f ms, read %.1f ms%n", FILES, body.length / 1024,
                write / 1e6, read / 1e6);
        assertThat(write).as("writing, ns").isLessThan(100_000_000L);
        assertThat(read).as("reading, ns").isLessThan(100_000_000L);
    }

    @Test
    void htmlReadsAndWritesFiveThousandFiles() {
        String body = HtmlCodec.INSTANCE.writeProjectPage(LARGE);
        ProjectPage back = HtmlCodec.INSTANCE.readProjectPage(body, PAGE);
        assertThat(back.files()).hasSize(FILES);
        assertThat(back).isEqualTo(HtmlCodec.INSTANCE.representable(LARGE));

        long write = bestNanos(() -> HtmlCodec.INSTANCE.writeProjectPage(LARGE));
        long read = bestNanos(() -> HtmlCodec.INSTANCE.readProjectPage(body, PAGE));
        System.out.printf("HTML, %d files, %d KiB: write %.1f ms, read %.1f ms%n", FILES, body.length() / 1024,
                write / 1e6, read / 1e6);
        // jsoup builds a full HTML5 tree, so reading is slower than JSON; still far from a second.
        assertThat(write).as("writing, ns").isLessThan(100_000_000L);
        assertThat(read).as("reading, ns").isLessThan(300_000_000L);
    }

    private static byte[] jsonBytes(ProjectPage page) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2 << 20);
        try {
            JsonCodec.INSTANCE.writeProjectPage(page, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static ProjectPage readJson(byte[] body) {
        try {
            return JsonCodec.INSTANCE.readProjectPage(new ByteArrayInputStream(body), PAGE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fastest of several timed runs, after untimed ones that let the JIT compile the code. */
    private static long bestNanos(Runnable work) {
        for (int i = 0; i < 15; i++) {
            work.run();
        }
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            long start = System.nanoTime();
            work.run();
            best = Math.min(best, System.nanoTime() - start);
        }
        return best;
    }

    @Test
    void theGeneratedPageIsWhatItClaims() {
        assertThat(LARGE.files()).hasSize(FILES);
        assertThat(LARGE.versions()).hasSize(FILES / 2);
        assertThat(LARGE.files()).filteredOn(ProjectFile::isYanked).hasSize(FILES / 50);
        assertThat(new String(jsonBytes(LARGE), StandardCharsets.UTF_8)).contains("\"api-version\":\"1.1\"");
    }
}
