package dev.pymirror.packaging.version;

/**
 * A point on the line of versions that falls between versions, never on one: where a range of
 * versions starts or stops.
 *
 * <p>{@code before(v)} sits just below {@code v}; {@code after(v)} just above {@code v} (and below
 * every {@code v+local}); {@code afterPosts(v)}, for a final release {@code v}, above {@code v},
 * its local variants and all its post-releases, which is where {@code >v} starts (PEP 440 keeps
 * post-releases of {@code v} out of {@code >v}). Since a cut is never equal to a version, a range
 * is simply "every version above its lower cut and below its upper cut", and its complement uses
 * the same cuts.
 *
 * @param kind where the cut sits relative to {@code version}
 * @param version the version it is placed by; null for {@link #BOTTOM} and {@link #TOP}
 */
record Cut(Kind kind, Version version) {

    enum Kind { BOTTOM, BEFORE, AFTER, AFTER_POSTS, TOP }

    static final Cut BOTTOM = new Cut(Kind.BOTTOM, null);
    static final Cut TOP = new Cut(Kind.TOP, null);

    /** The smallest version there is: nothing sorts below {@code 0.dev0}. */
    static final Version MINIMUM = Version.parse("0.dev0");

    static Cut before(Version v) {
        return new Cut(Kind.BEFORE, v);
    }

    static Cut after(Version v) {
        return new Cut(Kind.AFTER, v);
    }

    /**
     * Above {@code v} and every post-release of it. A pre-release {@code 1.0a1} has a next version,
     * {@code 1.0a2.dev0}, so its cut is placed just before that one: ranges then stay exact
     * about emptiness ({@code >1.0a1,<1.0a2.dev0} holds nothing).
     */
    static Cut afterPosts(Version v) {
        return v.hasPre() ? before(v.nextPreRelease()) : new Cut(Kind.AFTER_POSTS, v);
    }

    /** True when {@code w} lies above this cut. */
    boolean below(Version w) {
        return switch (kind) {
            case BOTTOM -> true;
            case BEFORE -> w.compareTo(version) >= 0;
            case AFTER -> w.compareTo(version) > 0;
            case AFTER_POSTS -> w.compareThroughPre(version) > 0;
            case TOP -> false;
        };
    }

    /** True when {@code w} lies below this cut. */
    boolean above(Version w) {
        return !below(w);
    }

    static int compare(Cut a, Cut b) {
        if (a.kind == b.kind && (a.kind == Kind.BOTTOM || a.kind == Kind.TOP)) {
            return 0;
        }
        if (a.kind == Kind.BOTTOM || b.kind == Kind.TOP) {
            return -1;
        }
        if (a.kind == Kind.TOP || b.kind == Kind.BOTTOM) {
            return 1;
        }
        if (a.kind == Kind.AFTER_POSTS && b.kind == Kind.AFTER_POSTS) {
            return Integer.signum(a.version.compareThroughPre(b.version));
        }
        if (a.kind == Kind.AFTER_POSTS) {
            return b.version.compareThroughPre(a.version) > 0 ? -1 : 1;
        }
        if (b.kind == Kind.AFTER_POSTS) {
            return a.version.compareThroughPre(b.version) > 0 ? 1 : -1;
        }
        int c = a.version.compareTo(b.version);
        if (c != 0) {
            return c;
        }
        return Integer.compare(a.kind.ordinal(), b.kind.ordinal()); // before(v) < after(v)
    }

    /**
     * True when some version lies between {@code low} and {@code high}. Between two distinct cuts
     * there always is one, local labels being dense, except below {@link #MINIMUM}.
     */
    static boolean holdsVersions(Cut low, Cut high) {
        if (compare(low, high) >= 0) {
            return false;
        }
        return !(low.kind == Kind.BOTTOM && high.kind == Kind.BEFORE && high.version.compareTo(MINIMUM) <= 0);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case BOTTOM -> "-inf";
            case BEFORE -> "before " + version;
            case AFTER -> "after " + version;
            case AFTER_POSTS -> "after posts of " + version;
            case TOP -> "+inf";
        };
    }
}
