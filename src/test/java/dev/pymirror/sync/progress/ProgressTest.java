package dev.pymirror.sync.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.sync.download.ExpectedFile;
import dev.pymirror.sync.download.FetchedFile;
import dev.pymirror.sync.download.PlannedFile;
import dev.pymirror.sync.reqfile.HashPins;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {

    final StringWriter text = new StringWriter();
    final AtomicLong now = new AtomicLong();

    static PlannedFile file(String name, long size) {
        return new PlannedFile(ProjectName.of("p"), ProjectFile.builder(name, "https://x/" + name).build(),
                Path.of("/t/" + name), new ExpectedFile(Map.of(), size, HashPins.NONE), List.of("t"));
    }

    @Test
    void theTerminalLineShowsABarFilesBytesRateAndTimeLeft() {
        TerminalProgress progress = new TerminalProgress(new PrintWriter(text), now::get, 120);
        progress.planned(4, 4_000_000);
        now.set(2_000_000_000L);
        progress.received(1_000_000);
        progress.finished(file("a.whl", 1_000_000), new FetchedFile(Path.of("/t/a.whl"), "x", 1_000_000), false);

        assertThat(progress.downloadLine(now.get()))
                .isEqualTo("[######..................]  1/4 files  1.00 MB/4.00 MB  500 kB/s  ETA 6.0s");
    }

    @Test
    void theTerminalLineIsRedrawnAtMostTenTimesASecondAndStepsGoAboveIt() {
        TerminalProgress progress = new TerminalProgress(new PrintWriter(text), now::get, 80);
        progress.planned(100, 100_000);
        int drawsBefore = count(text.toString(), "\r\033[2K");
        for (int i = 0; i < 50; i++) {
            now.addAndGet(1_000_000); // 1 ms apart: 50 ms in all
            progress.received(10);
        }
        int draws = count(text.toString(), "\r\033[2K") - drawsBefore;
        progress.step("writing pages");
        progress.close();

        assertThat(draws).isZero();
        assertThat(text.toString()).contains("\r\033[2Kwriting pages\n").endsWith("\r\033[2K");
    }

    @Test
    void resolvingCountsPagesAndMetadata() {
        TerminalProgress progress = new TerminalProgress(new PrintWriter(text), now::get, 80);
        progress.pageFetched(ProjectName.of("a"), 3);
        now.addAndGet(200_000_000);
        progress.metadataRead("a-1.0-py3-none-any.whl", dev.pymirror.sync.index.UpstreamPackageIndex.MetadataSource.PEP_658);

        assertThat(text.toString()).endsWith("resolving: 1 pages, 1 metadata files read");
    }

    @Test
    void plainProgressWritesOneLinePerEvent() {
        PlainProgress progress = new PlainProgress(new PrintWriter(text));
        progress.step("downloading 2 of 2 files");
        progress.planned(2, 3000);
        progress.finished(file("a.whl", 1000), new FetchedFile(Path.of("/t/a.whl"), "x", 1000), false);
        progress.retrying(URI.create("http://up/b.whl"), 1, Duration.ofMillis(500), "the upstream answered HTTP 503");
        progress.finished(file("b.whl", 2000), new FetchedFile(Path.of("/t/b.whl"), "x", 2000), true);
        progress.failed(file("c.whl", 1), "c.whl: gone");

        assertThat(text.toString()).isEqualTo("""
                ==> downloading 2 of 2 files
                fetched a.whl (1.00 kB) [1/2]
                retrying http://up/b.whl in 0.5s (attempt 1 failed: the upstream answered HTTP 503)
                fetched b.whl (2.00 kB, while resolving) [2/2]
                FAILED c.whl: gone
                """);
    }

    @Test
    void sizesAndDurationsAreShort() {
        assertThat(ByteSizes.format(999)).isEqualTo("999 B");
        assertThat(ByteSizes.format(1_500)).isEqualTo("1.50 kB");
        assertThat(ByteSizes.format(45_300_000)).isEqualTo("45.3 MB");
        assertThat(ByteSizes.format(1_020_000_000)).isEqualTo("1.02 GB");
        assertThat(ByteSizes.format(Duration.ofMillis(12_345))).isEqualTo("12.3s");
        assertThat(ByteSizes.format(Duration.ofSeconds(125))).isEqualTo("2m05s");
        assertThat(ByteSizes.format(Duration.ofMinutes(62))).isEqualTo("1h02m");
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
