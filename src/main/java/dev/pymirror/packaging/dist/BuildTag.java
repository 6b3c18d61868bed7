package dev.pymirror.packaging.dist;

import dev.pymirror.packaging.PackagingException;
import dev.pymirror.packaging.dist.InvalidFilenameException.Problem;
import java.math.BigInteger;

/**
 * The optional build tag of a wheel (PEP 427), which tells apart builds of one version: leading
 * digits, then any rest ({@code 1}, {@code 2b}, {@code 20240101_abc}). Builds sort by the number,
 * then by the rest as text; a wheel without a build tag sorts before every build tag.
 *
 * @param number the leading digits, unbounded as in Python
 * @param suffix the rest after the digits, possibly empty
 */
public record BuildTag(BigInteger number, String suffix) implements Comparable<BuildTag> {

    public BuildTag {
        if (number == null || number.signum() < 0) {
            throw new InvalidFilenameException(Problem.BUILD_TAG, "A build number must be zero or more",
                    String.valueOf(number));
        }
        if (suffix == null) {
            suffix = "";
        }
        if (!suffix.isEmpty() && isDigit(suffix.charAt(0))) {
            throw new InvalidFilenameException(Problem.BUILD_TAG,
                    "A build tag's suffix must not start with a digit (it would belong to the number)", suffix, 0);
        }
        if (suffix.indexOf('-') >= 0) {
            throw new InvalidFilenameException(Problem.BUILD_TAG, "A build tag must not contain '-'", suffix,
                    suffix.indexOf('-'));
        }
    }

    /**
     * Parses a build tag such as {@code 1} or {@code 2b}.
     *
     * @throws InvalidFilenameException if {@code text} does not start with a digit or holds a {@code -}
     */
    public static BuildTag parse(String text) {
        if (text == null || text.isEmpty() || !isDigit(text.charAt(0))) {
            throw new InvalidFilenameException(Problem.BUILD_TAG, "A build tag must start with a digit", text,
                    text == null || text.isEmpty() ? PackagingException.NO_POSITION : 0);
        }
        int digits = 1;
        while (digits < text.length() && isDigit(text.charAt(digits))) {
            digits++;
        }
        return new BuildTag(leadingNumber(text, digits), text.substring(digits));
    }

    /** The build tag as written: the number, then the suffix. */
    @Override
    public String toString() {
        return number.toString() + suffix;
    }

    @Override
    public int compareTo(BuildTag other) {
        int byNumber = number.compareTo(other.number);
        return byNumber != 0 ? byNumber : suffix.compareTo(other.suffix);
    }

    private static BigInteger leadingNumber(String text, int digits) {
        // Build numbers are small in practice; BigInteger's own parser is only needed past a long.
        return digits <= 18
                ? BigInteger.valueOf(Long.parseLong(text, 0, digits, 10))
                : new BigInteger(text.substring(0, digits));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
