package dev.pymirror.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MemoryBudgetTest {

    private static final long MB = 1024 * 1024;

    @Test
    void sharesOutTheDirectLimitSoThatWhatIsKeptStaysUnderIt() {
        MemoryBudget b = MemoryBudget.of(64 * MB, 96 * MB);
        assertThat(b.fileCache()).isEqualTo(32 * MB);
        assertThat(b.pooledDirect()).isEqualTo(8 * MB);
        assertThat(b.pooledHeap()).isEqualTo(6 * MB);
        assertThat(b.largestCachedFile()).isEqualTo(1024 * 1024);
        assertThat(b.fileCache() + b.pooledDirect()).isLessThan(b.directLimit());
    }

    @Test
    void aSmallLimitKeepsRoomForManyFilesRatherThanAFewLargeOnes() {
        MemoryBudget b = MemoryBudget.of(16 * MB, 64 * MB);
        assertThat(b.fileCache()).isEqualTo(8 * MB);
        assertThat(b.largestCachedFile()).isEqualTo(256 * 1024);
    }

    @Test
    void thisJvmsLimitIsTheHeapsWhenNoneIsSet() {
        MemoryBudget b = MemoryBudget.ofThisJvm();
        assertThat(b.heapLimit()).isEqualTo(Runtime.getRuntime().maxMemory());
        assertThat(b.directLimit()).isPositive();
    }
}
