package dev.pymirror.packaging.version;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A PEP 440 version: {@code [N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local]}.
 *
 * <p>Parsing accepts every spelling PEP 440 normalizes ({@code 1.0-ALPHA.1}, {@code v1.0},
 * {@code 1.0-5}, surrounding whitespace) and {@link #toString()} gives the normalized form.
 * Versions are compared in PEP 440 order: trailing zeros of the release do not count
 * ({@code 1.0 == 1.0.0}), {@code .devN} sorts before pre-releases of the same release,
 * post-releases after it, and local labels after the public version they extend.
 *
 * <p>Numbers are unbounded, as in Python: a component that does not fit a {@code long} is kept
 * exactly. Instances are immutable and thread-safe; {@link #compareTo}, {@link #equals} and
 * {@link #hashCode} do not allocate.
 */
public final class Version implements Comparable<Version> {

    /** Marks an absent post or dev number. */
    static final long NONE = -1;
    /** Marks a number at or beyond {@link Long#MAX_VALUE}: its exact value is in {@link #huge}. */
    static final long HUGE = Long.MAX_VALUE;

    static final int SLOT_EPOCH = 0;
    static final int SLOT_PRE = 1;
    static final int SLOT_POST = 2;
    static final int SLOT_DEV = 3;
    static final int SLOT_RELEASE = 4;

    // Where the version sits among the releases sharing its epoch and release numbers, in order.
    static final byte PHASE_DEV_ONLY = 0; // 1.0.dev1: before every pre-release of 1.0
    static final byte PHASE_ALPHA = 1;
    static final byte PHASE_BETA = 2;
    static final byte PHASE_RC = 3;
    static final byte PHASE_FINAL = 4; // 1.0, 1.0.post1, 1.0.post1.dev1

    private static final String[] PRE_LABELS = {null, "a", "b", "rc", null};

    private final long epoch;
    private final long[] release;
    /** The release length without trailing zeros: what comparison and hashing look at. */
    private final int significant;
    private final byte phase;
    private final long preNumber;
    private final long post;
    private final long dev;
    /** Normalized local segments (lower case, numbers without leading zeros), or null. */
    private final String[] local;
    /** Exact values of the numbers stored as {@link #HUGE}, by slot; null when there are none. */
    private final BigInteger[] huge;
    private final int hash;
    /**
     * Epoch and first three release numbers packed into one non-negative long, ordered as they
     * are, or -1 when they do not fit (epoch above 7, a number above 2^20 - 1). Most comparisons,
     * sorting in particular, are decided by this alone.
     */
    private final long headKey;
    /** Release numbers four to six packed likewise, or -1 (a seventh number, or one above 2^21 - 1). */
    private final long midKey;
    /** Phase, pre-release, post and dev numbers packed the same way, or -1. */
    private final long tailKey;
    private String text; // the normalized form, computed on first use

    Version(long epoch, long[] release, byte phase, long preNumber, long post, long dev, String[] local,
            BigInteger[] huge) {
        this.epoch = epoch;
        this.release = release;
        this.phase = phase;
        this.preNumber = preNumber;
        this.post = post;
        this.dev = dev;
        this.local = local;
        this.huge = huge;
        int n = release.length;
        while (n > 0 && release[n - 1] == 0) {
            n--;
        }
        this.significant = n;
        this.hash = computeHash();
        this.headKey = packHead();
        this.midKey = packMid();
        this.tailKey = packTail();
    }

    private static final int PACKED_BITS = 20;
    private static final long PACKED_MAX = (1L << PACKED_BITS) - 1;
    private static final int MID_BITS = 21;
    private static final long MID_MAX = (1L << MID_BITS) - 1;

    private long packHead() {
        if (epoch > 7) {
            return -1;
        }
        long key = epoch;
        for (int i = 0; i < 3; i++) {
            long n = i < significant ? release[i] : 0;
            if (n > PACKED_MAX) {
                return -1;
            }
            key = (key << PACKED_BITS) | n;
        }
        return key;
    }

    private long packMid() {
        if (significant > 6) {
            return -1;
        }
        long key = 0;
        for (int i = 3; i < 6; i++) {
            long n = i < significant ? release[i] : 0;
            if (n > MID_MAX) {
                return -1;
            }
            key = (key << MID_BITS) | n;
        }
        return key;
    }

    private long packTail() {
        long pre = hasPre() ? preNumber : 0;
        long postKey = post == NONE ? 0 : post + 1; // absent sorts first
        long devKey = dev == NONE ? PACKED_MAX : dev; // absent sorts last
        if (pre > PACKED_MAX || post >= PACKED_MAX || dev >= PACKED_MAX) {
            return -1;
        }
        return ((((long) phase << PACKED_BITS | pre) << PACKED_BITS) | postKey) << PACKED_BITS | devKey;
    }

    /**
     * Parses a version, ignoring surrounding whitespace.
     *
     * @throws InvalidVersionException if {@code text} is null or not a PEP 440 version
     */
    public static Version parse(String text) {
        return VersionScanner.parse(text);
    }

    /** True when {@code text} is a PEP 440 version. Does not throw. */
    public static boolean isValid(String text) {
        return VersionScanner.tryParse(text) != null;
    }

    /** The version, or null when {@code text} is null or not a PEP 440 version. Does not throw. */
    public static Version parseOrNull(String text) {
        return VersionScanner.tryParse(text);
    }

    /**
     * The canonical form of a version string, as tools use it in file names and index paths: the
     * normalized version with, if {@code stripTrailingZero}, the release's trailing zeros removed
     * ({@code 1.0.0 -> 1}, {@code 1.2.0.post0 -> 1.2.post0}). A string that is not a valid version
     * is returned unchanged.
     */
    public static String canonicalize(String text, boolean stripTrailingZero) {
        Version v = VersionScanner.tryParse(text);
        if (v == null) {
            return text;
        }
        return v.canonical(stripTrailingZero);
    }

    /** This version's canonical form; see {@link #canonicalize(String, boolean)}. */
    public String canonical(boolean stripTrailingZero) {
        if (!stripTrailingZero || significant == release.length) {
            return toString();
        }
        StringBuilder out = new StringBuilder(24);
        appendPublic(out, Math.max(significant, 1));
        appendLocal(out);
        return out.toString();
    }

    // ---------------------------------------------------------------- components

    /**
     * The epoch ({@code 2} in {@code 2!1.0}), 0 when none is written.
     *
     * @throws ArithmeticException if it does not fit an int; use {@link #epochValue()} then
     */
    public int epoch() {
        if (epoch > Integer.MAX_VALUE) {
            throw new ArithmeticException("Epoch " + epochValue() + " does not fit an int");
        }
        return (int) epoch;
    }

    /** The epoch, exactly. */
    public BigInteger epochValue() {
        return value(epoch, SLOT_EPOCH);
    }

    /** The release numbers as written (trailing zeros kept): {@code [1, 0]} for {@code 1.0}. */
    public List<BigInteger> release() {
        List<BigInteger> out = new ArrayList<>(release.length);
        for (int i = 0; i < release.length; i++) {
            out.add(value(release[i], SLOT_RELEASE + i));
        }
        return Collections.unmodifiableList(out);
    }

    /** The first release number. */
    public BigInteger major() {
        return releaseAt(0);
    }

    /** The second release number, 0 when there is none. */
    public BigInteger minor() {
        return releaseAt(1);
    }

    /** The third release number, 0 when there is none. */
    public BigInteger micro() {
        return releaseAt(2);
    }

    private BigInteger releaseAt(int i) {
        return i < release.length ? value(release[i], SLOT_RELEASE + i) : BigInteger.ZERO;
    }

    /** The pre-release segment, or null. */
    public PreRelease pre() {
        return hasPre() ? new PreRelease(PRE_LABELS[phase], value(preNumber, SLOT_PRE)) : null;
    }

    /** The post-release number, or null. */
    public BigInteger post() {
        return post == NONE ? null : value(post, SLOT_POST);
    }

    /** The development release number, or null. */
    public BigInteger dev() {
        return dev == NONE ? null : value(dev, SLOT_DEV);
    }

    /** The normalized local label ({@code "ubuntu.1"} for {@code 1.0+Ubuntu-1}), or null when there is none. */
    public String local() {
        return local == null ? null : String.join(".", local);
    }

    /** True for development and pre-releases: {@code 1.0.dev1}, {@code 1.0a1}, {@code 1.0.post1.dev1}. */
    public boolean isPrerelease() {
        return dev != NONE || hasPre();
    }

    /** True when the version has a post-release segment. */
    public boolean isPostrelease() {
        return post != NONE;
    }

    /** True when the version has a development release segment. */
    public boolean isDevrelease() {
        return dev != NONE;
    }

    /** True when the version has a local label. */
    public boolean hasLocal() {
        return local != null;
    }

    /** The normalized version without its local label. */
    public String publicVersion() {
        if (local == null) {
            return toString();
        }
        StringBuilder out = new StringBuilder(24);
        appendPublic(out, release.length);
        return out.toString();
    }

    /** The epoch and release only: {@code 1!2.0} for {@code 1!2.0rc1.post2+local}. */
    public String baseVersion() {
        StringBuilder out = new StringBuilder(16);
        appendBase(out, release.length);
        return out.toString();
    }

    /** This version without its local label (itself when it has none). */
    public Version withoutLocal() {
        return local == null ? this : new Version(epoch, release, phase, preNumber, post, dev, null, huge);
    }

    /** The normalized form. */
    @Override
    public String toString() {
        String t = text;
        if (t == null) {
            StringBuilder out = new StringBuilder(24);
            appendPublic(out, release.length);
            appendLocal(out);
            t = out.toString();
            text = t;
        }
        return t;
    }

    // ---------------------------------------------------------------- ordering

    @Override
    public int compareTo(Version o) {
        if (this == o) {
            return 0;
        }
        int c;
        if ((headKey | o.headKey) >= 0) { // both packed
            if (headKey != o.headKey) {
                return headKey < o.headKey ? -1 : 1;
            }
            if ((midKey | o.midKey) >= 0) {
                if (midKey != o.midKey) {
                    return midKey < o.midKey ? -1 : 1;
                }
                c = 0;
            } else {
                c = compareRelease(o, 3);
            }
        } else {
            c = compareNumber(epoch, o.epoch, o, SLOT_EPOCH);
            if (c == 0) {
                c = compareRelease(o, 0);
            }
        }
        if (c != 0) {
            return c;
        }
        if ((tailKey | o.tailKey) >= 0) {
            if (tailKey != o.tailKey) {
                return tailKey < o.tailKey ? -1 : 1;
            }
            return local == null && o.local == null ? 0 : compareLocal(local, o.local);
        }
        c = comparePre(o);
        if (c != 0) {
            return c;
        }
        c = compareNumber(post, o.post, o, SLOT_POST); // NONE (-1) sorts first
        if (c != 0) {
            return c;
        }
        if (dev != o.dev) { // NONE sorts last
            if (dev == NONE) {
                return 1;
            }
            if (o.dev == NONE) {
                return -1;
            }
            return dev < o.dev ? -1 : 1;
        }
        if (dev == HUGE) {
            c = huge[SLOT_DEV].compareTo(o.huge[SLOT_DEV]);
            if (c != 0) {
                return c;
            }
        }
        return compareLocal(local, o.local);
    }

    /**
     * Compares epoch, release and pre-release only: the part that a post-release, a development
     * release or a local label of a version shares with it (except that {@code 1.0.dev1}, having no
     * pre-release and no post-release, sorts before every pre-release of {@code 1.0}).
     */
    int compareThroughPre(Version o) {
        int c = compareNumber(epoch, o.epoch, o, SLOT_EPOCH);
        if (c != 0) {
            return c;
        }
        c = compareRelease(o, 0);
        return c != 0 ? c : comparePre(o);
    }

    private int comparePre(Version o) {
        if (phase != o.phase) {
            return phase < o.phase ? -1 : 1;
        }
        return hasPre() ? compareNumber(preNumber, o.preNumber, o, SLOT_PRE) : 0;
    }

    /** Compares release numbers from index {@code from} on, trailing zeros aside. */
    private int compareRelease(Version o, int from) {
        int n = Math.max(significant, o.significant);
        for (int i = from; i < n; i++) {
            long a = i < significant ? release[i] : 0;
            long b = i < o.significant ? o.release[i] : 0;
            int c = compareNumber(a, b, o, SLOT_RELEASE + i);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private int compareNumber(long a, long b, Version o, int slot) {
        if (a != b) {
            return a < b ? -1 : 1;
        }
        return a == HUGE ? huge[slot].compareTo(o.huge[slot]) : 0;
    }

    /** Local labels: none sorts first; numeric segments sort after alphanumeric ones, by value. */
    private static int compareLocal(String[] a, String[] b) {
        if (a == b) {
            return 0;
        }
        if (a == null) {
            return -1;
        }
        if (b == null) {
            return 1;
        }
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            String x = a[i];
            String y = b[i];
            boolean xNumeric = isNumeric(x);
            boolean yNumeric = isNumeric(y);
            int c;
            if (xNumeric && yNumeric) {
                // No leading zeros are kept, so the longer number is the larger one.
                c = x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
            } else if (xNumeric != yNumeric) {
                c = xNumeric ? 1 : -1;
            } else {
                c = x.compareTo(y);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.length, b.length);
    }

    private static boolean isNumeric(String segment) {
        for (int i = 0; i < segment.length(); i++) {
            if (!VersionScanner.isDigit(segment.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Version v && hash == v.hash && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    private int computeHash() {
        int h = hashNumber(epoch, SLOT_EPOCH);
        for (int i = 0; i < significant; i++) {
            h = 31 * h + hashNumber(release[i], SLOT_RELEASE + i);
        }
        h = 31 * h + phase;
        if (hasPre()) {
            h = 31 * h + hashNumber(preNumber, SLOT_PRE);
        }
        h = 31 * h + hashNumber(post, SLOT_POST);
        h = 31 * h + hashNumber(dev, SLOT_DEV);
        if (local != null) {
            for (String segment : local) {
                h = 31 * h + segment.hashCode();
            }
        }
        return h;
    }

    private int hashNumber(long n, int slot) {
        return n == HUGE ? huge[slot].hashCode() : Long.hashCode(n);
    }

    // ---------------------------------------------------------------- derived versions (for specifiers)

    boolean hasPre() {
        return phase >= PHASE_ALPHA && phase <= PHASE_RC;
    }

    /** Number of release components as written. */
    int releaseLength() {
        return release.length;
    }

    /**
     * The smallest version above this one and all its local variants: what {@code <=V} stops
     * before and the upper part of {@code !=V} starts at. {@code 1.0 -> 1.0.post0.dev0},
     * {@code 1.0.post2 -> 1.0.post3.dev0}, {@code 1.0.dev2 -> 1.0.dev3}.
     */
    Version successor() {
        if (dev != NONE) {
            return make(release, release.length, phase, post, exact(post, SLOT_POST),
                    incremented(dev), incrementedExact(dev, SLOT_DEV));
        }
        if (post != NONE) {
            return make(release, release.length, phase, incremented(post), incrementedExact(post, SLOT_POST), 0, null);
        }
        return make(release, release.length, phase, 0, null, 0, null);
    }

    /**
     * The smallest version above this pre-release and all its post-releases: {@code 1.0a1 -> 1.0a2.dev0}.
     * Only for a pre-release without post or dev segment.
     */
    Version nextPreRelease() {
        BigInteger[] h = releaseHuge(release.length);
        long next = incremented(preNumber);
        if (next == HUGE) {
            h[SLOT_PRE] = incrementedExact(preNumber, SLOT_PRE);
        }
        return new Version(epoch, release, phase, next, NONE, 0, null, trimHuge(h));
    }

    /** The smallest version at or above this one that is neither a pre-release nor a development release. */
    Version lowestFinalAtOrAbove() {
        if (!isPrerelease()) {
            return this;
        }
        if (hasPre()) { // 1.0a1.post2 -> 1.0
            return make(release, release.length, PHASE_FINAL, NONE, null, NONE, null);
        }
        return make(release, release.length, PHASE_FINAL, post, exact(post, SLOT_POST), NONE, null); // drop .devN
    }

    /** This version's {@code .dev0}, without local label: the first pre-release of it. */
    Version withDev0() {
        return make(release, release.length, phase, post, exact(post, SLOT_POST), 0, null);
    }

    /** The first development release of the epoch and release only: {@code 1.2.3a1 -> 1.2.3.dev0}. */
    Version releaseDev0() {
        return make(release, release.length, PHASE_FINAL, NONE, null, 0, null);
    }

    /**
     * The first development release after every version starting with the first {@code length}
     * release numbers: {@code (1.2.3, 2) -> 1.3.dev0}.
     */
    Version nextPrefixDev0(int length) {
        long[] r = java.util.Arrays.copyOf(release, length);
        int last = length - 1;
        r[last] = incremented(release[last]);
        BigInteger[] h = releaseHuge(length);
        if (r[last] == HUGE) {
            h[SLOT_RELEASE + last] = incrementedExact(release[last], SLOT_RELEASE + last);
        }
        return new Version(epoch, r, PHASE_DEV_ONLY, 0, NONE, 0, null, trimHuge(h));
    }

    /** A version with this epoch, {@code r} (its huge values taken from this version's release) and the given tail. */
    private Version make(long[] r, int length, byte oldPhase, long newPost, BigInteger postExact, long newDev,
            BigInteger devExact) {
        BigInteger[] h = releaseHuge(length);
        byte p = oldPhase;
        long pre = 0;
        if (p != PHASE_ALPHA && p != PHASE_BETA && p != PHASE_RC) {
            p = newPost == NONE && newDev != NONE ? PHASE_DEV_ONLY : PHASE_FINAL;
        } else {
            pre = preNumber;
            h[SLOT_PRE] = exact(preNumber, SLOT_PRE);
        }
        h[SLOT_POST] = postExact;
        h[SLOT_DEV] = devExact;
        return new Version(epoch, r, p, pre, newPost, newDev, null, trimHuge(h));
    }

    private static long incremented(long n) {
        return n >= HUGE - 1 ? HUGE : n + 1;
    }

    private BigInteger incrementedExact(long n, int slot) {
        if (n == HUGE) {
            return huge[slot].add(BigInteger.ONE);
        }
        return n == HUGE - 1 ? BigInteger.valueOf(HUGE) : null;
    }

    private BigInteger exact(long n, int slot) {
        return n == HUGE ? huge[slot] : null;
    }

    /** A fresh side table holding this version's huge epoch and first {@code length} release numbers. */
    private BigInteger[] releaseHuge(int length) {
        BigInteger[] h = new BigInteger[SLOT_RELEASE + length];
        if (huge != null) {
            h[SLOT_EPOCH] = huge[SLOT_EPOCH];
            System.arraycopy(huge, SLOT_RELEASE, h, SLOT_RELEASE, length);
        }
        return h;
    }

    private static BigInteger[] trimHuge(BigInteger[] h) {
        for (BigInteger b : h) {
            if (b != null) {
                return h;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- text

    private BigInteger value(long n, int slot) {
        return n == HUGE ? huge[slot] : BigInteger.valueOf(n);
    }

    private void appendNumber(StringBuilder out, long n, int slot) {
        if (n == HUGE) {
            out.append(huge[slot]);
        } else {
            out.append(n);
        }
    }

    private void appendBase(StringBuilder out, int releaseCount) {
        if (epoch != 0) {
            appendNumber(out, epoch, SLOT_EPOCH);
            out.append('!');
        }
        for (int i = 0; i < releaseCount; i++) {
            if (i > 0) {
                out.append('.');
            }
            appendNumber(out, i < release.length ? release[i] : 0, SLOT_RELEASE + i);
        }
    }

    private void appendPublic(StringBuilder out, int releaseCount) {
        appendBase(out, releaseCount);
        if (hasPre()) {
            out.append(PRE_LABELS[phase]);
            appendNumber(out, preNumber, SLOT_PRE);
        }
        if (post != NONE) {
            out.append(".post");
            appendNumber(out, post, SLOT_POST);
        }
        if (dev != NONE) {
            out.append(".dev");
            appendNumber(out, dev, SLOT_DEV);
        }
    }

    private void appendLocal(StringBuilder out) {
        if (local != null) {
            out.append('+');
            for (int i = 0; i < local.length; i++) {
                if (i > 0) {
                    out.append('.');
                }
                out.append(local[i]);
            }
        }
    }
}
