package dev.pymirror.packaging.requirements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MarkerTest {

    private static final Environment LINUX = Environment.forTarget("3.11.7", "manylinux_2_28_x86_64");

    private static boolean eval(String marker, Environment env) {
        return Marker.parse(marker).evaluate(env);
    }


    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "python_version>'2'                            | python_version > \"2\"",
        "os.name=='posix'                              | os_name == \"posix\"",
        "python_implementation == 'CPython'            | platform_python_implementation == \"CPython\"",
        "'3' in python_version                         | \"3\" in python_version",
        "os_name not\tin 'nt'                          | os_name not in \"nt\"",
        "(os_name == 'a')                              | os_name == \"a\"",
        "((os_name == 'a' or os_name == 'b'))          | os_name == \"a\" or os_name == \"b\"",
        "x_y == 'a' and (os_name == 'b')               | ",
        "os_name == 'a' and ((os_name == 'b' or os_name == 'c')) | os_name == \"a\" and (os_name == \"b\" or os_name == \"c\")",
        "(os_name == 'a' and os_name == 'b') or os_name == 'c'   | (os_name == \"a\" and os_name == \"b\") or os_name == \"c\"",
        "os_name == 'a' and os_name == 'b' or os_name == 'c'     | os_name == \"a\" and os_name == \"b\" or os_name == \"c\"",
        "extra == 'Foo.Bar__baz'                       | extra == \"foo-bar-baz\"",
        "'Foo_Bar' == extra                            | \"foo-bar\" == extra",
        "os_name == '\"quoted\"'                       | os_name == '\"quoted\"'",
        "os_name==\"it's\"                             | os_name == \"it's\"",
        "platform_version == 'ünïcode'                 | platform_version == \"ünïcode\"",
        "os_name=='a'and(os_name=='b')                 | os_name == \"a\" and os_name == \"b\"",
    })
    void canonicalForm(String input, String expected) {
        if (expected == null) {
            assertThatThrownBy(() -> Marker.parse(input)).isInstanceOf(InvalidMarkerException.class);
        } else {
            assertThat(Marker.parse(input).toString()).isEqualTo(expected);
            assertThat(Marker.parse(expected).toString()).isEqualTo(expected);
        }
    }

    @Test
    void errorsSayWhatWasExpectedAndWhere() {
        assertError("", 0, "Expected a marker variable");
        assertError("   ", 3, "Expected a marker variable");
        assertError("python_version", 14, "Expected a marker operator");
        assertError("python_version = '3'", 15, "Expected a marker operator");
        assertError("python_version >= ", 18, "Expected a marker variable");
        // As the reference: an unclosed quote is no string, where it opens; a bad string is invalid
        // as a whole, at its end.
        assertError("python_version >= '3", 18, "Expected a marker variable (such as python_version, sys_platform or"
                + " extra) or a quoted string; the ' here is never closed");
        assertError("os_name == 'a\nb'", 16, "Invalid quoted string: control character U+000A at offset 13");
        assertError("os_name == 'a\\nb'", 17, "Invalid quoted string: a backslash at offset 13");
        assertError("os_name not 'a'", 12, "Expected 'in' after 'not'");
        assertError("'a' not\"in\" os_name", 7, "Expected whitespace after 'not'");
        assertError("os_name notin 'a'", 8, "Expected a marker operator");
        assertError("os_name == 'a' and", 18, "Expected a marker variable");
        assertError("os_name == 'a' andos_name == 'b'", 15, "Expected 'and', 'or' or the end of the marker");
        assertError("(os_name == 'a'", 15, "Expected ')' to close the '(' at offset 0");
        assertError("os_name == 'a')", 14, "Expected 'and', 'or' or the end");
        assertError("platform.release == 'a'", 0, "'platform.release' is not a marker variable");
        assertError("python_versionx == 'a'", 0, "'python_versionx' is not a marker variable");
        assertError("python_versioné == 'a'", 0, "is not a marker variable");
        assertError("os_name == 'a' # comment", 15, "Expected 'and', 'or' or the end");
    }

    @Test
    void nullIsAnInvalidMarker() {
        InvalidMarkerException e = catchThrowableOfType(InvalidMarkerException.class, () -> Marker.parse(null));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("required");
    }

    @Test
    void deepNestingIsRefusedNotAStackOverflow() {
        String deep = "(".repeat(100_000) + "os_name == 'a'" + ")".repeat(100_000);
        assertError(deep, MarkerParser.MAX_NESTING, "nested more than");
        String allowed = "(".repeat(MarkerParser.MAX_NESTING) + "os_name == 'a'" + ")".repeat(MarkerParser.MAX_NESTING);
        assertThat(Marker.parse(allowed).toString()).isEqualTo("os_name == \"a\"");
    }

    @Test
    void longFlatMarkersParseAndEvaluate() {
        String clause = "os_name == 'nt'";
        String marker = String.join(" or ", java.util.Collections.nCopies(20_000, clause)) + " or os_name == 'posix'";
        assertThat(eval(marker, LINUX)).isTrue();
        String huge = "os_name == '" + "x".repeat(1_000_000) + "'";
        assertThat(eval(huge, LINUX)).isFalse();
    }

    @Test
    void hugeVersionNumbersAreExact() {
        assertThat(eval("python_version < '3.99999999999999999999999'", LINUX)).isTrue();
        assertThat(eval("python_version > '3.99999999999999999999999'", LINUX)).isFalse();
        Environment future = LINUX.withPythonVersion("3.100000000000000000000000");
        assertThat(eval("python_version > '3.99999999999999999999999'", future)).isTrue();
    }


    @Test
    void combinedMarkersKeepEachSidesGrouping() {
        Marker a = Marker.parse("os_name == 'a' or os_name == 'b'");
        Marker b = Marker.parse("python_version >= '3.8'");
        assertThat(a.and(b).toString())
                .isEqualTo("(os_name == \"a\" or os_name == \"b\") and python_version >= \"3.8\"");
        assertThat(b.or(a).toString())
                .isEqualTo("python_version >= \"3.8\" or (os_name == \"a\" or os_name == \"b\")");
        assertThat(a.and(b).evaluate(LINUX)).isFalse();
        assertThat(a.or(b).evaluate(LINUX)).isTrue();
        assertThat(Marker.parse(a.and(b).toString())).isEqualTo(a.and(b));
    }

    @Test
    void combiningIsBoundedNotAStackOverflow() {
        Marker other = Marker.parse("os_name == 'b' or os_name == 'c'");
        Marker marker = Marker.parse("os_name == 'a'");
        for (int i = 0; i < Marker.MAX_DEPTH - 1; i++) {
            marker = marker.or(other);
        }
        assertThat(marker.evaluate(LINUX)).isFalse();
        Marker deepest = marker;
        assertThatThrownBy(() -> deepest.and(other)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> other.and(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void equalityFollowsTheCanonicalForm() {
        assertThat(Marker.parse("os.name=='posix'")).isEqualTo(Marker.parse("os_name == \"posix\""))
                .hasSameHashCodeAs(Marker.parse("os_name == \"posix\""));
        assertThat(Marker.parse("extra == 'A_B'")).isEqualTo(Marker.parse("extra == 'a-b'"));
        assertThat(Marker.parse("os_name == 'a' or os_name == 'b'"))
                .isNotEqualTo(Marker.parse("os_name == 'b' or os_name == 'a'"));
    }

    private static void assertError(String marker, int position, String reason) {
        InvalidMarkerException e = catchThrowableOfType(InvalidMarkerException.class, () -> Marker.parse(marker));
        assertThat(e).as("parsing %s", marker).isNotNull();
        assertThat(e.reason()).as("reason for %s", marker).contains(reason);
        assertThat(e.position()).as("position for %s: %s", marker, e.reason()).isEqualTo(position);
        assertThat(e.getMessage()).contains("at position " + position);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "extra == 'test'                                          | true",
        "'test' == extra                                          | true",
        "python_version >= '3.8' and extra == 'test'              | true",
        "os_name == 'nt' or (python_version < '3' and extra != 'doc') | true",
        "python_version >= '3.8'                                  | false",
        "os_name == 'extra' or platform_release == 'extra'        | false",
        "'test' in extras                                         | false",
        "'dev' in dependency_groups                               | false",
    })
    void namesExtraWalksTheWholeExpression(String marker, boolean namesExtra) {
        assertThat(Marker.parse(marker).namesExtra()).isEqualTo(namesExtra);
    }
}
