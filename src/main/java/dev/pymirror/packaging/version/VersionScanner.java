package dev.pymirror.packaging.version;

import java.math.BigInteger;

/**
 * A hand-written scanner for the PEP 440 version grammar, as the reference's pattern accepts it:
 *
 * <pre>
 *   v? (N!)? N(.N)* ([-_.]? (alpha|a|beta|b|preview|pre|c|rc) [-_.]? N?)?
 *                   (-N | [-_.]? (post|rev|r) [-_.]? N?)?
 *                   ([-_.]? dev [-_.]? N?)?
 *                   (+ [a-z0-9]+ ([-_.] [a-z0-9]+)*)?
 * </pre>
 *
 * <p>Letters match in either case, digits are ASCII only, and surrounding Python whitespace is
 * ignored when asked. A separator after a pre, post or dev label is always taken by that label:
 * the pattern's backtracking would never need to give it back, because every later segment may
 * start with its own optional separator.
 *
 * <p>Failure is reported through {@link #reason()} and {@link #position()} rather than an
 * exception, so that {@link Version#isValid} and specifier matching of arbitrary strings stay cheap.
 */
final class VersionScanner {

    /** Python refuses to turn longer digit strings into an int; so does the reference. */
    static final int MAX_DIGITS = 4300;

    private static final String[] PRE_LABELS = {"alpha", "a", "beta", "b", "preview", "pre", "c", "rc"};
    private static final byte[] PRE_PHASES = {
        Version.PHASE_ALPHA, Version.PHASE_ALPHA, Version.PHASE_BETA, Version.PHASE_BETA,
        Version.PHASE_RC, Version.PHASE_RC, Version.PHASE_RC, Version.PHASE_RC
    };
    private static final String[] POST_LABELS = {"post", "rev", "r"};

    private final String s;
    private final int start;
    private final int end;
    private int pos;
    private String reason;
    private int errorPosition;
    private BigInteger lastHuge;

    private VersionScanner(String s, int start, int end) {
        this.s = s;
        this.start = start;
        this.pos = start;
        this.end = end;
    }

    /** Parses all of {@code text}, ignoring surrounding whitespace; throws on failure. */
    static Version parse(String text) {
        if (text == null) {
            throw new InvalidVersionException("A version is required", null);
        }
        VersionScanner scanner = trimmed(text);
        Version v = scanner.scan();
        if (v == null) {
            throw new InvalidVersionException(scanner.reason, text, scanner.errorPosition);
        }
        return v;
    }

    /** Parses all of {@code text}, ignoring surrounding whitespace; null when invalid. */
    static Version tryParse(String text) {
        if (text == null) {
            return null;
        }
        return trimmed(text).scan();
    }

    /**
     * A scanner for exactly {@code s[start, end)}, whitespace included: for versions inside a
     * larger text, such as a specifier. Call {@link #scan()} once, then {@link #reason()} and
     * {@link #position()} (relative to {@code s}) if it returned null.
     */
    static VersionScanner over(String s, int start, int end) {
        return new VersionScanner(s, start, end);
    }

    private static VersionScanner trimmed(String text) {
        int start = PythonWhitespace.skip(text, 0, text.length());
        int end = PythonWhitespace.skipBack(text, start, text.length());
        return new VersionScanner(text, start, end);
    }

    String reason() {
        return reason;
    }

    int position() {
        return errorPosition;
    }

    /** The version, or null with {@link #reason()} and {@link #position()} set. */
    Version scan() {
        if (pos < end && (s.charAt(pos) == 'v' || s.charAt(pos) == 'V')) {
            pos++;
        }
        if (!digitAt(pos)) {
            return fail(start == end ? "A version must not be empty" : "Expected a release number", pos);
        }

        BigInteger[] hugeParts = null;
        long epoch = 0;
        int digitsEnd = skipDigits(pos);
        if (digitsEnd < end && s.charAt(digitsEnd) == '!') {
            epoch = number(pos, digitsEnd);
            if (reason != null) {
                return null;
            }
            if (epoch == Version.HUGE) {
                hugeParts = new BigInteger[4];
                hugeParts[Version.SLOT_EPOCH] = lastHuge;
            }
            pos = digitsEnd + 1;
            if (!digitAt(pos)) {
                return fail("Expected a release number after the epoch", pos);
            }
        }

        // Count the release components first so the array is allocated once, at its size.
        int count = 1;
        int releaseEnd = skipDigits(pos);
        while (releaseEnd + 1 < end && s.charAt(releaseEnd) == '.' && isDigit(s.charAt(releaseEnd + 1))) {
            releaseEnd = skipDigits(releaseEnd + 1);
            count++;
        }
        long[] release = new long[count];
        BigInteger[] hugeRelease = null;
        for (int k = 0; k < count; k++) {
            int numberEnd = skipDigits(pos);
            release[k] = number(pos, numberEnd);
            if (reason != null) {
                return null;
            }
            if (release[k] == Version.HUGE) {
                if (hugeRelease == null) {
                    hugeRelease = new BigInteger[count];
                }
                hugeRelease[k] = lastHuge;
            }
            pos = numberEnd + 1; // past the dot
        }
        pos = releaseEnd;

        byte phase = Version.PHASE_FINAL;
        long preNumber = 0;
        int p = skipSeparator(pos);
        int label = matchLabel(p, PRE_LABELS);
        if (label >= 0) {
            phase = PRE_PHASES[label];
            p = skipSeparator(p + PRE_LABELS[label].length());
            if (digitAt(p)) {
                int numberEnd = skipDigits(p);
                preNumber = number(p, numberEnd);
                if (reason != null) {
                    return null;
                }
                if (preNumber == Version.HUGE) {
                    hugeParts = withPart(hugeParts, Version.SLOT_PRE);
                }
                p = numberEnd;
            }
            pos = p;
        }

        long post = Version.NONE;
        if (pos + 1 < end && s.charAt(pos) == '-' && isDigit(s.charAt(pos + 1))) {
            int numberEnd = skipDigits(pos + 1);
            post = number(pos + 1, numberEnd);
            pos = numberEnd;
        } else {
            p = skipSeparator(pos);
            label = matchLabel(p, POST_LABELS);
            if (label >= 0) {
                p = skipSeparator(p + POST_LABELS[label].length());
                post = 0;
                if (digitAt(p)) {
                    int numberEnd = skipDigits(p);
                    post = number(p, numberEnd);
                    p = numberEnd;
                }
                pos = p;
            }
        }
        if (reason != null) {
            return null;
        }
        if (post == Version.HUGE) {
            hugeParts = withPart(hugeParts, Version.SLOT_POST);
        }

        long dev = Version.NONE;
        p = skipSeparator(pos);
        if (matchesIgnoreCase(p, "dev")) {
            p = skipSeparator(p + 3);
            dev = 0;
            if (digitAt(p)) {
                int numberEnd = skipDigits(p);
                dev = number(p, numberEnd);
                if (reason != null) {
                    return null;
                }
                if (dev == Version.HUGE) {
                    hugeParts = withPart(hugeParts, Version.SLOT_DEV);
                }
                p = numberEnd;
            }
            pos = p;
        }

        String[] local = null;
        if (pos < end && s.charAt(pos) == '+') {
            local = scanLocal();
            if (local == null) {
                return null;
            }
        }

        if (pos < end) {
            return fail(unexpected(s.charAt(pos)), pos);
        }
        if (phase == Version.PHASE_FINAL && post == Version.NONE && dev != Version.NONE) {
            phase = Version.PHASE_DEV_ONLY;
        }
        BigInteger[] huge = null;
        if (hugeParts != null || hugeRelease != null) {
            huge = new BigInteger[Version.SLOT_RELEASE + count];
            if (hugeParts != null) {
                System.arraycopy(hugeParts, 0, huge, 0, Version.SLOT_RELEASE);
            }
            if (hugeRelease != null) {
                System.arraycopy(hugeRelease, 0, huge, Version.SLOT_RELEASE, count);
            }
        }
        return new Version(epoch, release, phase, preNumber, post, dev, local, huge);
    }

    private BigInteger[] withPart(BigInteger[] parts, int slot) {
        BigInteger[] out = parts == null ? new BigInteger[Version.SLOT_RELEASE] : parts;
        out[slot] = lastHuge;
        return out;
    }

    /** The local label after '+': segments of ASCII letters and digits, lower-cased, numbers unpadded. */
    private String[] scanLocal() {
        int segments = 1;
        for (int i = pos + 1; i < end; i++) {
            if (isSeparator(s.charAt(i))) {
                segments++;
            }
        }
        String[] out = new String[segments];
        int n = 0;
        pos++; // the '+'
        while (true) {
            int from = pos;
            boolean numeric = true;
            boolean lower = true;
            while (pos < end && isAlphanumeric(s.charAt(pos))) {
                char c = s.charAt(pos);
                numeric &= isDigit(c);
                lower &= !(c >= 'A' && c <= 'Z');
                pos++;
            }
            if (pos == from) {
                fail("Expected a letter or digit in the local version label", pos);
                return null;
            }
            String segment;
            if (numeric) {
                int first = from;
                while (first < pos - 1 && s.charAt(first) == '0') {
                    first++;
                }
                segment = s.substring(first, pos);
            } else {
                segment = s.substring(from, pos);
                if (!lower) {
                    segment = asciiLower(segment);
                }
            }
            out[n++] = segment;
            if (pos < end && isSeparator(s.charAt(pos))) {
                pos++;
            } else {
                break;
            }
        }
        // Separators met after the label ended (an invalid tail) were counted but not used.
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    /**
     * The value of the digits {@code s[from, to)}; {@link Version#HUGE} with {@link #lastHuge} set
     * when it does not fit a long below that marker.
     */
    private long number(int from, int to) {
        if (to - from > MAX_DIGITS) {
            fail("A number may have at most " + MAX_DIGITS + " digits", from);
            return 0;
        }
        int first = from;
        while (first < to - 1 && s.charAt(first) == '0') {
            first++;
        }
        if (to - first <= 18) {
            long value = 0;
            for (int i = first; i < to; i++) {
                value = value * 10 + (s.charAt(i) - '0');
            }
            return value;
        }
        BigInteger big = new BigInteger(s.substring(first, to));
        if (big.bitLength() < 63 && big.longValue() != Version.HUGE) {
            return big.longValue();
        }
        lastHuge = big;
        return Version.HUGE;
    }

    private int matchLabel(int at, String[] labels) {
        for (int k = 0; k < labels.length; k++) {
            if (matchesIgnoreCase(at, labels[k])) {
                return k;
            }
        }
        return -1;
    }

    private boolean matchesIgnoreCase(int at, String word) {
        if (at + word.length() > end) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            char c = s.charAt(at + k);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            if (c != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private int skipSeparator(int at) {
        return at < end && isSeparator(s.charAt(at)) ? at + 1 : at;
    }

    private int skipDigits(int at) {
        while (at < end && isDigit(s.charAt(at))) {
            at++;
        }
        return at;
    }

    private boolean digitAt(int at) {
        return at < end && isDigit(s.charAt(at));
    }

    private Version fail(String why, int at) {
        if (reason == null) {
            reason = why;
            errorPosition = at;
        }
        return null;
    }

    private String unexpected(char c) {
        if (PythonWhitespace.isSpace(c)) {
            return "Unexpected whitespace inside the version";
        }
        return "Unexpected character '" + c + "'";
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isSeparator(char c) {
        return c == '.' || c == '-' || c == '_';
    }

    static boolean isAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static String asciiLower(String text) {
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] >= 'A' && chars[i] <= 'Z') {
                chars[i] = (char) (chars[i] + ('a' - 'A'));
            }
        }
        return new String(chars);
    }
}
