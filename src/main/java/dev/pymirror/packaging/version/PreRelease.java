package dev.pymirror.packaging.version;

import java.math.BigInteger;

/**
 * The pre-release segment of a version, normalized: {@code 1.0alpha2} has label {@code "a"} and number 2.
 *
 * @param label {@code "a"}, {@code "b"} or {@code "rc"}
 * @param number the pre-release number (0 when the version wrote none)
 */
public record PreRelease(String label, BigInteger number) {

    @Override
    public String toString() {
        return label + number;
    }
}
