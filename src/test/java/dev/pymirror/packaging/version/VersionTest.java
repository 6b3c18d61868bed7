package dev.pymirror.packaging.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pymirror.testing.Conformance;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionTest {

    private static final String FILE = "versions.json";

    static List<String> valid() {
        return Conformance.strings(Conformance.section(FILE, "valid"));
    }

    static List<String> invalid() {
        return Conformance.strings(Conformance.section(FILE, "invalid"));
    }

    static List<Map.Entry<String, JsonNode>> normalized() {
        return Conformance.entries(FILE, "normalized");
    }

    static List<JsonNode> equalPairs() {
        return Conformance.cases(FILE, "equal_pairs");
    }

    static List<Map.Entry<String, JsonNode>> components() {
        return Conformance.entries(FILE, "components");
    }

    static List<Map.Entry<String, JsonNode>> canonicalizeVersion() {
        return Conformance.entries(FILE, "canonicalize_version");
    }

    static List<Map.Entry<String, JsonNode>> canonicalizeVersionNoStrip() {
        return Conformance.entries(FILE, "canonicalize_version_no_strip");
    }

    @ParameterizedTest
    @MethodSource
    void valid(String text) {
        assertThat(Version.isValid(text)).isTrue();
        Version v = Version.parse(text);
        assertThat(Version.parse(v.toString())).isEqualTo(v);
        assertThat(Version.parse(v.toString()).toString()).isEqualTo(v.toString());
    }

    @ParameterizedTest
    @MethodSource
    void invalid(String text) {
        assertThat(Version.isValid(text)).isFalse();
        assertThat(Version.parseOrNull(text)).isNull();
        assertThatThrownBy(() -> Version.parse(text))
                .isInstanceOf(InvalidVersionException.class)
                .satisfies(e -> assertThat(((InvalidVersionException) e).input()).isEqualTo(text));
    }

    @Test
    void sorted() {
        List<Version> expected = new ArrayList<>();
        for (String text : Conformance.strings(Conformance.section(FILE, "sorted"))) {
            expected.add(Version.parse(text));
        }
        for (int i = 1; i < expected.size(); i++) {
            Version a = expected.get(i - 1);
            Version b = expected.get(i);
            assertThat(a.compareTo(b)).as("%s < %s", a, b).isNegative();
            assertThat(b.compareTo(a)).as("%s > %s", b, a).isPositive();
            assertThat(a).isNotEqualTo(b);
        }
        List<Version> shuffled = new ArrayList<>(expected);
        Collections.shuffle(shuffled, new Random(440));
        Collections.sort(shuffled);
        assertThat(shuffled).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest
    @MethodSource
    void normalized(Map.Entry<String, JsonNode> c) {
        assertThat(Version.parse(c.getKey()).toString()).isEqualTo(c.getValue().asText());
    }

    @ParameterizedTest
    @MethodSource
    void equalPairs(JsonNode pair) {
        Version a = Version.parse(pair.get(0).asText());
        Version b = Version.parse(pair.get(1).asText());
        assertThat(a).isEqualTo(b);
        assertThat(a.compareTo(b)).isZero();
        assertThat(a).hasSameHashCodeAs(b);
    }

    @ParameterizedTest
    @MethodSource
    void components(Map.Entry<String, JsonNode> c) {
        Version v = Version.parse(c.getKey());
        JsonNode e = c.getValue();
        assertThat(v.toString()).isEqualTo(e.get("normalized").asText());
        assertThat(v.epoch()).isEqualTo(e.get("epoch").asInt());
        assertThat(v.epochValue()).isEqualTo(e.get("epoch").bigIntegerValue());
        List<BigInteger> release = new ArrayList<>();
        e.get("release").forEach(n -> release.add(n.bigIntegerValue()));
        assertThat(v.release()).isEqualTo(release);
        if (e.get("pre").isNull()) {
            assertThat(v.pre()).isNull();
        } else {
            assertThat(v.pre()).isEqualTo(new PreRelease(e.get("pre").get(0).asText(),
                    e.get("pre").get(1).bigIntegerValue()));
        }
        assertThat(v.post()).isEqualTo(e.get("post").isNull() ? null : e.get("post").bigIntegerValue());
        assertThat(v.dev()).isEqualTo(e.get("dev").isNull() ? null : e.get("dev").bigIntegerValue());
        assertThat(v.local()).isEqualTo(e.get("local").isNull() ? null : e.get("local").asText());
        assertThat(v.publicVersion()).isEqualTo(e.get("public").asText());
        assertThat(v.baseVersion()).isEqualTo(e.get("base_version").asText());
        assertThat(v.isPrerelease()).isEqualTo(e.get("is_prerelease").asBoolean());
        assertThat(v.isPostrelease()).isEqualTo(e.get("is_postrelease").asBoolean());
        assertThat(v.isDevrelease()).isEqualTo(e.get("is_devrelease").asBoolean());
        assertThat(v.major()).isEqualTo(e.get("major").bigIntegerValue());
        assertThat(v.minor()).isEqualTo(e.get("minor").bigIntegerValue());
        assertThat(v.micro()).isEqualTo(e.get("micro").bigIntegerValue());
    }

    @ParameterizedTest
    @MethodSource
    void canonicalizeVersion(Map.Entry<String, JsonNode> c) {
        assertThat(Version.canonicalize(c.getKey(), true)).isEqualTo(c.getValue().asText());
    }

    @ParameterizedTest(allowZeroInvocations = true) // the shared sample of this section is empty
    @MethodSource
    void canonicalizeVersionNoStrip(Map.Entry<String, JsonNode> c) {
        assertThat(Version.canonicalize(c.getKey(), false)).isEqualTo(c.getValue().asText());
    }

    // ------------------------------------------------------------ beyond the vectors

    @Test
    void numbersBeyondLongAreExact() {
        Version a = Version.parse("1.99999999999999999999999");
        Version b = Version.parse("1.99999999999999999999998");
        assertThat(a.toString()).isEqualTo("1.99999999999999999999999");
        assertThat(a.release().get(1)).isEqualTo(new BigInteger("99999999999999999999999"));
        assertThat(a).isGreaterThan(b);
        assertThat(a).isLessThan(Version.parse("1.100000000000000000000000"));
        assertThat(a).isGreaterThan(Version.parse("1." + Long.MAX_VALUE));
        assertThat(Version.parse("1.0099999999999999999999999")).isEqualTo(a).hasSameHashCodeAs(a);
        assertThat(Version.parse("9223372036854775807").toString()).isEqualTo("9223372036854775807");
        assertThat(Version.parse("9223372036854775807")).isLessThan(Version.parse("9223372036854775808"));
        assertThat(Version.parse("9223372036854775806")).isLessThan(Version.parse("9223372036854775807"));
        Version big = Version.parse("123456789012345678901234567890!1.0rc123456789012345678901234567890"
                + ".post123456789012345678901234567890.dev123456789012345678901234567890+1234567890123456789012345");
        assertThat(big.toString()).isEqualTo("123456789012345678901234567890!1.0rc123456789012345678901234567890"
                + ".post123456789012345678901234567890.dev123456789012345678901234567890+1234567890123456789012345");
        assertThat(big.epochValue()).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThatThrownBy(big::epoch).isInstanceOf(ArithmeticException.class);
        assertThat(big.pre()).isEqualTo(new PreRelease("rc", new BigInteger("123456789012345678901234567890")));
    }

    @Test
    void numbersLongerThanPythonAcceptsAreRejected() {
        String digits = "1".repeat(VersionScanner.MAX_DIGITS + 1);
        assertThatThrownBy(() -> Version.parse(digits))
                .isInstanceOf(InvalidVersionException.class)
                .hasMessageStartingWith("A number may have at most 4300 digits at position 0");
        assertThat(Version.isValid("1.0.dev" + digits)).isFalse();
        assertThat(Version.isValid("1." + "1".repeat(VersionScanner.MAX_DIGITS))).isTrue();
    }

    @Test
    void veryLongInputParsesInLinearTime() {
        String many = "1" + ".0".repeat(200_000);
        Version v = Version.parse(many);
        assertThat(v).isEqualTo(Version.parse("1"));
        assertThat(Version.isValid("1" + ".0".repeat(200_000) + "x")).isFalse();
        assertThat(Version.isValid("1+" + "a.".repeat(100_000) + "b")).isTrue();
        assertThat(Version.isValid(" ".repeat(100_000))).isFalse();
    }

    @Test
    void errorsSayWhatAndWhere() {
        assertThatThrownBy(() -> Version.parse(null))
                .isInstanceOf(InvalidVersionException.class)
                .hasMessage("A version is required: null");
        assertThatThrownBy(() -> Version.parse(""))
                .hasMessage("A version must not be empty at position 0 in ''");
        assertThatThrownBy(() -> Version.parse("   "))
                .hasMessage("A version must not be empty at position 3 in '   '");
        assertThatThrownBy(() -> Version.parse("1.0 a1"))
                .hasMessage("Unexpected whitespace inside the version at position 3 in '1.0 a1'");
        assertThatThrownBy(() -> Version.parse("1.0+a+"))
                .hasMessage("Unexpected character '+' at position 5 in '1.0+a+'");
        assertThatThrownBy(() -> Version.parse("1.0+_x"))
                .hasMessage("Expected a letter or digit in the local version label at position 4 in '1.0+_x'");
        assertThatThrownBy(() -> Version.parse("french toast"))
                .hasMessage("Expected a release number at position 0 in 'french toast'");
        assertThatThrownBy(() -> Version.parse("1!"))
                .hasMessage("Expected a release number after the epoch at position 2 in '1!'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0a-", "1.0.post-", "1.0.dev.", "1.0a-.post1", "1.0a--1", "V1.0", "1.0.DEV-+ABC",
        "1.0-r-5", "1.0preview_3", "1.0_pre.4"})
    void separatorsAfterLabelsAreAcceptedAsThePatternDoes(String text) {
        assertThat(Version.isValid(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0-", "1.0.", "1.0a1-", "1.0.re", "1.0+", "1.0+a-", "1.0+a..b", "v", "1.0 +a",
        "1.0\u0131", "1.0+\u0130", "١.0", "1.0-1-1", "1.0a1a2", "!1.0", "1!!1", "1.0.post1.post2", "1.0dev1dev2"})
    void invalidSpellings(String text) {
        assertThat(Version.isValid(text)).isFalse();
    }

    @Test
    void normalizationDetails() {
        assertThat(Version.parse("1.0+Ubuntu-01.ABC_003").toString()).isEqualTo("1.0+ubuntu.1.abc.3");
        assertThat(Version.parse("1.0+Ubuntu-01.ABC_003").local()).isEqualTo("ubuntu.1.abc.3");
        assertThat(Version.parse("1.0a-.post1").toString()).isEqualTo("1.0a0.post1");
        assertThat(Version.parse("1.0-r-5").toString()).isEqualTo("1.0.post5");
        assertThat(Version.parse("1.0preview_3").toString()).isEqualTo("1.0rc3");
        assertThat(Version.parse("\u00a01.0\u3000").toString()).isEqualTo("1.0");
        assertThat(Version.parse("1!1.0").publicVersion()).isEqualTo("1!1.0");
        assertThat(Version.parse("1.0+abc").withoutLocal()).isEqualTo(Version.parse("1.0"));
    }

    @Test
    void localLabelsOrder() {
        List<String> ascending = List.of("1.0", "1.0+a", "1.0+a.0a", "1.0+a.a", "1.0+a.0", "1.0+a.1", "1.0+a.10",
                "1.0+abc", "1.0+0", "1.0+1", "1.0+1.a", "1.0+2", "1.0+10", "1.0+99999999999999999999999",
                "1.0.post0.dev0");
        for (int i = 1; i < ascending.size(); i++) {
            assertThat(Version.parse(ascending.get(i - 1))).as(ascending.get(i - 1) + " < " + ascending.get(i))
                    .isLessThan(Version.parse(ascending.get(i)));
        }
        assertThat(Version.parse("1.0+01")).isEqualTo(Version.parse("1.0+1")).hasSameHashCodeAs(Version.parse("1.0+1"));
        assertThat(Version.parse("1.0+ABC")).isEqualTo(Version.parse("1.0+abc"));
    }

    @Test
    void trailingZerosDoNotCount() {
        assertThat(Version.parse("1.0")).isEqualTo(Version.parse("1.0.0.0")).hasSameHashCodeAs(Version.parse("1"));
        assertThat(Version.parse("0")).isEqualTo(Version.parse("0.0")).hasSameHashCodeAs(Version.parse("0.0.0"));
        assertThat(Version.parse("1.0.0.1")).isGreaterThan(Version.parse("1.0.post1"));
        assertThat(Version.parse("0!1.0")).isEqualTo(Version.parse("1.0"));
    }

    @Test
    void canonicalizeKeepsOneReleaseNumber() {
        assertThat(Version.canonicalize("0.0.0", true)).isEqualTo("0");
        assertThat(Version.canonicalize("1.0.0rc1+Local", true)).isEqualTo("1rc1+local");
        assertThat(Version.canonicalize("1.0.0", false)).isEqualTo("1.0.0");
        assertThat(Version.canonicalize("not a version", true)).isEqualTo("not a version");
        assertThat(Version.canonicalize(null, true)).isNull();
    }

    /**
     * The order checked against a plain statement of PEP 440's ordering over the public accessors,
     * on random versions mixing small numbers (compared through packed keys) and huge ones.
     */
    @Test
    void orderAgreesWithPep440OnRandomVersions() {
        Random random = new Random(440);
        List<Version> versions = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            versions.add(Version.parse(randomVersion(random)));
        }
        for (int i = 0; i < 30_000; i++) {
            Version a = versions.get(random.nextInt(versions.size()));
            Version b = versions.get(random.nextInt(versions.size()));
            int expected = Integer.signum(Pep440Order.compare(a, b));
            assertThat(Integer.signum(a.compareTo(b))).as("%s vs %s", a, b).isEqualTo(expected);
            assertThat(a.equals(b)).isEqualTo(expected == 0);
            if (expected == 0) {
                assertThat(a.hashCode()).isEqualTo(b.hashCode());
            }
        }
    }

    /**
     * Versions held whole in the packed keys and versions that keep their parts apart must read
     * back the same: each random version's normalized text parses to an equal version with the
     * same parts.
     */
    @Test
    void partsReadBackWhetherPackedOrNot() {
        Random random = new Random(2);
        for (int i = 0; i < 5000; i++) {
            Version v = Version.parse(randomVersion(random));
            Version again = Version.parse(v.toString());
            assertThat(again).isEqualTo(v).hasSameHashCodeAs(v);
            assertThat(again.toString()).isEqualTo(v.toString());
            assertThat(again.epochValue()).isEqualTo(v.epochValue());
            assertThat(again.release()).isEqualTo(v.release());
            assertThat(again.pre()).isEqualTo(v.pre());
            assertThat(again.post()).isEqualTo(v.post());
            assertThat(again.dev()).isEqualTo(v.dev());
            assertThat(again.local()).isEqualTo(v.local());
            assertThat(again.baseVersion()).isEqualTo(v.baseVersion());
            assertThat(v.withoutLocal().toString()).isEqualTo(v.publicVersion());
        }
        Version packed = Version.parse("3!1.2.3rc4.post5.dev524286");
        assertThat(packed.epoch()).isEqualTo(3);
        assertThat(packed.release()).containsExactly(BigInteger.ONE, BigInteger.TWO, BigInteger.valueOf(3));
        assertThat(packed.pre()).isEqualTo(new PreRelease("rc", BigInteger.valueOf(4)));
        assertThat(packed.post()).isEqualTo(BigInteger.valueOf(5));
        assertThat(packed.dev()).isEqualTo(BigInteger.valueOf(524286));
        assertThat(packed.toString()).isEqualTo("3!1.2.3rc4.post5.dev524286");
        assertThat(Version.parse("1.0.0.0").release()).hasSize(4);
        assertThat(Version.parse("1.0.0.0").toString()).isEqualTo("1.0.0.0");
        assertThat(packed).isLessThan(Version.parse("3!1.2.3rc4.post5.dev524287"))
                .isLessThan(Version.parse("4!0"));
    }

    private static String randomVersion(Random random) {
        // Either side of every limit of the packed keys: epoch 3, 2^19 - 1 (dev), 2^20 - 1 (pre, post,
        // first three release numbers), and of a long.
        String[] numbers = {"0", "1", "2", "3", "4", "7", "8", "524286", "524287", "524288", "1048574", "1048575",
            "1048576", "2097151", "2097152", "99999999999999999999", "00"};
        StringBuilder out = new StringBuilder();
        if (random.nextInt(5) == 0) {
            out.append(numbers[random.nextInt(numbers.length)]).append('!');
        }
        out.append(numbers[random.nextInt(numbers.length)]);
        for (int k = random.nextInt(8); k > 0; k--) {
            out.append('.').append(numbers[random.nextInt(numbers.length)]);
        }
        if (random.nextInt(3) == 0) {
            out.append(new String[] {"a", "b", "rc"}[random.nextInt(3)]).append(numbers[random.nextInt(numbers.length)]);
        }
        if (random.nextInt(3) == 0) {
            out.append(".post").append(numbers[random.nextInt(numbers.length)]);
        }
        if (random.nextInt(3) == 0) {
            out.append(".dev").append(numbers[random.nextInt(numbers.length)]);
        }
        if (random.nextInt(4) == 0) {
            out.append('+').append(new String[] {"a", "1", "a.1", "1.a", "z", "10"}[random.nextInt(6)]);
        }
        return out.toString();
    }

    @Test
    void sortingManyVersionsGivesATotalOrder() {
        Random random = new Random(7);
        List<Version> versions = new ArrayList<>();
        String[] tails = {"", "a1", "b2", "rc1", ".post1", ".dev3", "+local.7"};
        for (int i = 0; i < 100_000; i++) {
            versions.add(Version.parse(random.nextInt(5) + "." + random.nextInt(30) + "." + random.nextInt(30)
                    + tails[random.nextInt(tails.length)]));
        }
        // How fast is PackagingBench's business; here the order must be consistent over many versions.
        List<Version> copy = new ArrayList<>(versions);
        copy.sort(null);
        for (int i = 1; i < copy.size(); i++) {
            assertThat(copy.get(i - 1).compareTo(copy.get(i))).isLessThanOrEqualTo(0);
        }
    }
}
