package dev.pymirror.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The storage benchmark's arithmetic on given numbers: medians, ratios to nginx and to (a), the rows. */
class StorageTableTest {

    private static StorageTable smallFile() {
        StorageTable t = new StorageTable();
        // Three rounds; each server has one outlier that the median leaves out.
        for (double v : new double[] {10_000, 9_000, 30_000}) {
            t.add("small-file", StorageTable.NGINX, v);
        }
        for (double v : new double[] {8_000, 1_000, 8_200}) {
            t.add("small-file", StorageTable.DISK, v);
        }
        for (double v : new double[] {6_000, 6_400, 100}) {
            t.add("small-file", StorageTable.S3_WARM, v);
        }
        for (double v : new double[] {2_000, 90_000, 2_400}) {
            t.add("small-file", StorageTable.S3_COLD, v);
        }
        return t;
    }

    @Test
    void mediansAndRatiosToNginxAndToTheDataDirectory() {
        StorageTable t = smallFile();
        assertThat(t.median("small-file", StorageTable.NGINX)).isEqualTo(10_000);
        assertThat(t.median("small-file", StorageTable.DISK)).isEqualTo(8_000);
        assertThat(t.ratio("small-file", StorageTable.DISK, StorageTable.NGINX)).isCloseTo(0.8, within(1e-12));
        assertThat(t.ratio("small-file", StorageTable.S3_WARM, StorageTable.NGINX)).isCloseTo(0.6, within(1e-12));
        assertThat(t.ratio("small-file", StorageTable.S3_WARM, StorageTable.DISK)).isCloseTo(0.75, within(1e-12));
        assertThat(t.ratio("small-file", StorageTable.S3_COLD, StorageTable.DISK)).isCloseTo(0.3, within(1e-12));
    }

    @Test
    void theRowShowsMediansThenRatios() {
        assertThat(smallFile().row("small-file", "small wheel", "%.0f")).isEqualTo(
                "| small wheel | 10000 | 8000 | 6000 | 2400 | 0.80 | 0.60 | 0.24 | **0.75** | **0.30** |");
    }

    @Test
    void aServerNotMeasuredInACaseIsADashAndSoAreItsRatios() {
        StorageTable t = new StorageTable();
        t.add("page", StorageTable.NGINX, 2.0);
        t.add("page", StorageTable.DISK, 3.0);
        t.add("page", StorageTable.DISK, 4.0);
        t.add("page", StorageTable.S3_WARM, 5.0);
        assertThat(t.median("page", StorageTable.DISK)).isEqualTo(3.5);
        assertThat(t.median("page", StorageTable.S3_COLD)).isNaN();
        assertThat(t.row("page", "page", "%.1f"))
                .isEqualTo("| page | 2.0 | 3.5 | 5.0 | — | 1.75 | 2.50 | — | **1.43** | **—** |");
        assertThat(t.rounds("page", "%.1f")).isEqualTo("| page | 2.0 | 3.0 / 4.0 | 5.0 | — |");
    }

    @Test
    void theHeaderHasAColumnForEachCellOfARow() {
        String header = StorageTable.header("req/s");
        String[] lines = header.split("\n");
        String row = smallFile().row("small-file", "x", "%.0f");
        long cells = row.chars().filter(c -> c == '|').count();
        assertThat(lines[0].chars().filter(c -> c == '|').count()).isEqualTo(cells);
        assertThat(lines[1].chars().filter(c -> c == '|').count()).isEqualTo(cells);
    }

    @Test
    void casesKeepTheirOrderAndUnknownServersAreRefused() {
        StorageTable t = new StorageTable();
        t.add("b", StorageTable.NGINX, 1);
        t.add("a", StorageTable.NGINX, 1);
        assertThat(t.cases()).containsExactly("b", "a");
        assertThatThrownBy(() -> t.add("a", "apache", 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
