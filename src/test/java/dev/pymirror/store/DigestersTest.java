package dev.pymirror.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DigestersTest {

    private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);
    // Published test vectors of "abc".
    private static final String SHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private static final String MD5 = "900150983cd24fb0d6963f7d28e17f72";

    @Test
    void bytesMatchingEveryStatedDigestHaveNoMismatch() {
        assertThat(Digesters.mismatch(Map.of("sha256", SHA256, "md5", MD5), ABC)).isEmpty();
        assertThat(Digesters.mismatch(Map.of("sha256", SHA256.toUpperCase(java.util.Locale.ROOT)), ABC)).isEmpty();
    }

    @Test
    void theFirstContradictedAlgorithmIsNamedWhicheverItIs() {
        assertThat(Digesters.mismatch(Map.of("sha256", SHA256, "md5", "0".repeat(32)), ABC)).hasValue("md5");
        assertThat(Digesters.mismatch(Map.of("sha256", "0".repeat(64)), ABC)).hasValue("sha256");
    }

    @Test
    void digestsPymirrorCannotComputeCheckNothing() {
        assertThat(Digesters.mismatch(Map.of("whirlpool", "00"), ABC)).isEmpty();
        assertThat(Digesters.mismatch(Map.of(), ABC)).isEmpty();
    }
}
