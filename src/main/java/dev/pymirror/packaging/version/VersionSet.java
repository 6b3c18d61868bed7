package dev.pymirror.packaging.version;

import java.util.ArrayList;
import java.util.List;

/**
 * A set of versions as sorted, disjoint, non-empty ranges: what a specifier accepts, before
 * pre-release policy. Supports the operations a specifier set needs: intersection (combining
 * clauses), complement (subset tests), membership and emptiness (satisfiability).
 */
final class VersionSet {

    static final VersionSet ALL = new VersionSet(new VersionRange[] {new VersionRange(Cut.BOTTOM, Cut.TOP)});
    static final VersionSet NONE = new VersionSet(new VersionRange[0]);

    private final VersionRange[] ranges;

    private VersionSet(VersionRange[] ranges) {
        this.ranges = ranges;
    }

    /** The versions between {@code low} and {@code high}. */
    static VersionSet between(Cut low, Cut high) {
        return Cut.holdsVersions(low, high) ? new VersionSet(new VersionRange[] {new VersionRange(low, high)}) : NONE;
    }

    /** Every version except those between {@code low} and {@code high}. */
    static VersionSet outside(Cut low, Cut high) {
        return between(low, high).complement();
    }

    boolean contains(Version v) {
        for (VersionRange r : ranges) {
            if (r.contains(v)) {
                return true;
            }
            if (r.high().above(v)) {
                return false; // ranges are sorted: v is below this one and all later ones
            }
        }
        return false;
    }

    boolean isEmpty() {
        return ranges.length == 0;
    }

    /** True when some version in the set is neither a pre-release nor a development release. */
    boolean holdsFinalRelease() {
        for (VersionRange r : ranges) {
            if (r.holdsFinalRelease()) {
                return true;
            }
        }
        return false;
    }

    VersionSet intersect(VersionSet other) {
        if (this == ALL || other == NONE) {
            return other;
        }
        if (other == ALL || this == NONE) {
            return this;
        }
        List<VersionRange> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < ranges.length && j < other.ranges.length) {
            VersionRange a = ranges[i];
            VersionRange b = other.ranges[j];
            Cut low = Cut.compare(a.low(), b.low()) >= 0 ? a.low() : b.low();
            int highOrder = Cut.compare(a.high(), b.high());
            Cut high = highOrder <= 0 ? a.high() : b.high();
            if (Cut.holdsVersions(low, high)) {
                out.add(new VersionRange(low, high));
            }
            if (highOrder <= 0) {
                i++;
            } else {
                j++;
            }
        }
        return out.isEmpty() ? NONE : new VersionSet(out.toArray(new VersionRange[0]));
    }

    VersionSet complement() {
        List<VersionRange> out = new ArrayList<>(ranges.length + 1);
        Cut low = Cut.BOTTOM;
        for (VersionRange r : ranges) {
            if (Cut.holdsVersions(low, r.low())) {
                out.add(new VersionRange(low, r.low()));
            }
            low = r.high();
        }
        if (Cut.holdsVersions(low, Cut.TOP)) {
            out.add(new VersionRange(low, Cut.TOP));
        }
        return out.isEmpty() ? NONE : new VersionSet(out.toArray(new VersionRange[0]));
    }

    boolean isSubsetOf(VersionSet other) {
        return intersect(other.complement()).isEmpty();
    }

    boolean isDisjointFrom(VersionSet other) {
        return intersect(other).isEmpty();
    }

    @Override
    public String toString() {
        return List.of(ranges).toString();
    }
}
