package dev.pymirror.packaging.version;

/**
 * The versions strictly between two cuts. Never empty once built by {@link VersionSet}.
 *
 * @param low the cut every version of the range is above
 * @param high the cut every version of the range is below
 */
record VersionRange(Cut low, Cut high) {

    private static final Version ZERO = Version.parse("0");

    boolean contains(Version v) {
        return low.below(v) && high.above(v);
    }

    /** True when the range holds a version that is not a pre-release (nor a development release). */
    boolean holdsFinalRelease() {
        Version lowest = switch (low.kind()) {
            case BOTTOM -> ZERO;
            case BEFORE -> low.version().lowestFinalAtOrAbove();
            // Just above a final v lie v+local labels, finals as well; and above the posts of a
            // final v lie finals with longer releases (1.0 < 1.0.0.1 < 1.1 ...).
            case AFTER -> low.version().isPrerelease() ? low.version().lowestFinalAtOrAbove() : null;
            case AFTER_POSTS -> null;
            case TOP -> throw new IllegalStateException("A range cannot start at +inf");
        };
        return lowest == null || high.above(lowest);
    }

    @Override
    public String toString() {
        return "(" + low + ", " + high + ")";
    }
}
