package dev.pymirror.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's arithmetic on given numbers: medians, the added time, the ratio, the row. */
class ServerAddedTimeTest {

    @Test
    void medianOfAnOddCountIsTheMiddleOneWhateverTheOrder() {
        assertThat(ServerAddedTime.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(ServerAddedTime.median(List.of(9.5))).isEqualTo(9.5);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleOnes() {
        assertThat(ServerAddedTime.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    }

    @Test
    void addedTimeIsTheDifferenceOfTheMediansAndTheRatioTheirQuotient() {
        // nginx 4.0 s (one slow outlier ignored by the median), pymirror 4.6 s.
        ServerAddedTime t = new ServerAddedTime(List.of(4.1, 3.9, 4.0, 9.0, 3.8), List.of(4.6, 4.5, 4.8));
        assertThat(t.yardstickMedian()).isEqualTo(4.0);
        assertThat(t.serverMedian()).isEqualTo(4.6);
        assertThat(t.added()).isCloseTo(0.6, within(1e-9));
        assertThat(t.ratio()).isCloseTo(1.15, within(1e-9));
    }

    @Test
    void aServerFasterThanTheYardstickAddsANegativeTime() {
        ServerAddedTime t = new ServerAddedTime(List.of(2.0), List.of(1.5));
        assertThat(t.added()).isEqualTo(-0.5);
        assertThat(t.ratio()).isEqualTo(0.75);
        assertThat(t.row("second run")).isEqualTo("| second run | 2.00 s | 1.50 s | **-0.50 s** | **0.75x** | 2.00 | 1.50 |");
    }

    @Test
    void theRowShowsTheMediansAndEveryRun() {
        ServerAddedTime t = new ServerAddedTime(List.of(4.0, 4.2), List.of(6.44, 6.2));
        assertThat(t.row("fresh start, empty cache"))
                .isEqualTo("| fresh start, empty cache | 4.10 s | 6.32 s | **+2.22 s** | **1.54x** | 4.00 4.20 | 6.44 6.20 |");
    }

    @Test
    void noRunsIsAnError() {
        assertThatThrownBy(() -> new ServerAddedTime(List.of(), List.of(1.0))).isInstanceOf(IllegalArgumentException.class);
    }
}
