package dev.pymirror.simple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DigestsTest {

    @Test
    void canonicalMapsAreLowerCaseSortedAndImmutable() {
        Map<String, String> raw = new HashMap<>();
        raw.put("SHA512", "AA");
        raw.put("md5", "bb");
        raw.put("Blake2b", "Cc");
        Map<String, String> canonical = Digests.canonical(raw);
        assertThat(canonical).containsExactly(Map.entry("blake2b", "cc"), Map.entry("md5", "bb"), Map.entry("sha512", "aa"));
        assertThat(Digests.canonical(null)).isEmpty();
        assertThat(Digests.canonical(Map.of("sha3-256", "ab"))).containsOnlyKeys("sha3-256");
        assertThat(Digests.algorithm("sha256")).isSameAs("sha256");
    }

    @Test
    void refusesInvalidNamesAndDigests() {
        assertThatThrownBy(() -> Digests.algorithm("x".repeat(65))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Digests.algorithm("sha/256")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Digests.algorithm(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Digests.digest("md5", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Digests.digest("md5", "0x12")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Digests.isHex("0aF9")).isTrue();
        assertThat(Digests.isHex("")).isFalse();
        assertThat(Digests.isHex("g")).isFalse();
    }

    @Test
    void readsFragmentsForgivingly() {
        assertThat(Digests.fromFragment("sha256=AB12")).containsExactly(Map.entry("sha256", "ab12"));
        assertThat(Digests.fromFragment("SHA512=ab&md5=cd&egg=abc&subdirectory=x"))
                .containsExactly(Map.entry("md5", "cd"), Map.entry("sha512", "ab"));
        assertThat(Digests.fromFragment("sha256-ab")).containsExactly(Map.entry("sha256", "ab"));
        assertThat(Digests.fromFragment("sha256=ab&sha256=cd")).containsExactly(Map.entry("sha256", "ab"));
        assertThat(Digests.fromFragment(" sha1 = ab ")).containsExactly(Map.entry("sha1", "ab"));
        assertThat(Digests.fromFragment("sha3_256=ab&blake2s=cd")).containsOnlyKeys("sha3_256", "blake2s");
        for (String ignored : new String[] {"", "egg=abc", "sha256", "sha256=", "sha256=xyz", "crc32=ab", "=ab", "&&&",
            "whirlpool=ab", "true"}) {
            assertThat(Digests.fromFragment(ignored)).as(ignored).isEmpty();
        }
        assertThat(Digests.fromFragment(null)).isEmpty();
    }

    @Test
    void writesTheOneFragmentHashInstallersAccept() {
        assertThat(Digests.toFragment(Map.of("md5", "a", "sha256", "b", "sha512", "c"))).isEqualTo("sha256=b");
        assertThat(Digests.toFragment(Map.of("md5", "a", "sha512", "c", "sha384", "d"))).isEqualTo("sha512=c");
        assertThat(Digests.toFragment(Map.of("md5", "a", "sha384", "d"))).isEqualTo("sha384=d");
        assertThat(Digests.toFragment(Map.of("md5", "a", "sha1", "e"))).isEqualTo("md5=a");
        assertThat(Digests.toFragment(Map.of("sha1", "e", "blake2b", "f"))).isNull();
        assertThat(Digests.keptInFragment(Map.of("sha1", "e", "sha512", "c"))).containsExactly(Map.entry("sha512", "c"));
        assertThat(Digests.keptInFragment(Map.of("sha224", "e"))).isEmpty();
    }
}
