package dev.pymirror.inject;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountsTest {

    @Test
    void readsMountPointsFromMountinfo(@TempDir Path dir) throws Exception {
        assertThat(Mounts.isMountPoint(Path.of("/proc"))).isTrue();
        assertThat(Mounts.isMountPoint(dir)).isFalse();
        assertThat(Mounts.isMountPoint(dir.resolve("missing"))).isFalse();
    }

    @Test
    void undoesMountinfosOctalEscapes() {
        assertThat(Mounts.unescape("/mnt/a\\040b\\011c\\012d\\134e")).isEqualTo("/mnt/a b\tc\nd\\e");
        assertThat(Mounts.unescape("/mnt/no\\escape\\04")).isEqualTo("/mnt/no\\escape\\04");
    }
}
