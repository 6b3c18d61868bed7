package dev.pymirror.sync.reqfile;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The {@code --hash} options of a requirement: the digests its file may have, by algorithm. A file
 * matches when, for some algorithm both sides know, its digest is one of the pinned ones; pip's
 * rule, which lets one pinned line cover every wheel of a release.
 *
 * @param digests lower-case hex digests by algorithm ({@code sha256}, {@code sha384}, {@code sha512})
 */
public record HashPins(Map<String, Set<String>> digests) {

    /** The algorithms pip accepts in {@code --hash}. */
    public static final Set<String> ALGORITHMS = Set.of("sha256", "sha384", "sha512");

    /** No pins: every file is acceptable. */
    public static final HashPins NONE = new HashPins(Map.of());

    public HashPins {
        TreeMap<String, Set<String>> copy = new TreeMap<>();
        digests.forEach((algorithm, values) -> {
            if (!values.isEmpty()) {
                copy.put(algorithm, Collections.unmodifiableSet(new TreeSet<>(values)));
            }
        });
        digests = Collections.unmodifiableMap(copy);
    }

    /**
     * Reads one {@code --hash} value, {@code algorithm:hexdigest}.
     *
     * @throws IllegalArgumentException naming what is wrong with it
     */
    public static HashPins parse(String value) {
        int colon = value.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--hash takes algorithm:digest, such as sha256:<64 hex digits>; found '"
                    + value + "'");
        }
        String algorithm = value.substring(0, colon).toLowerCase(Locale.ROOT);
        String digest = value.substring(colon + 1).toLowerCase(Locale.ROOT);
        if (!ALGORITHMS.contains(algorithm)) {
            throw new IllegalArgumentException("--hash algorithm '" + value.substring(0, colon)
                    + "' is not one pip accepts (sha256, sha384, sha512)");
        }
        int hexLength = switch (algorithm) {
            case "sha256" -> 64;
            case "sha384" -> 96;
            default -> 128;
        };
        if (digest.length() != hexLength || !digest.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new IllegalArgumentException("--hash " + algorithm + " digest must be " + hexLength
                    + " hex digits; found '" + value.substring(colon + 1) + "'");
        }
        return new HashPins(Map.of(algorithm, Set.of(digest)));
    }

    /** Both sets of pins together. */
    public HashPins plus(HashPins other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        TreeMap<String, Set<String>> merged = new TreeMap<>();
        digests.forEach((a, d) -> merged.computeIfAbsent(a, k -> new TreeSet<>()).addAll(d));
        other.digests.forEach((a, d) -> merged.computeIfAbsent(a, k -> new TreeSet<>()).addAll(d));
        return new HashPins(merged);
    }

    /**
     * The pins both sides allow, as pip combines the hashes of several lines naming one project:
     * no pins on one side leaves the other's; otherwise, per algorithm both name, the digests both
     * list (an algorithm only one side names is dropped).
     */
    public HashPins intersect(HashPins other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        TreeMap<String, Set<String>> common = new TreeMap<>();
        digests.forEach((algorithm, mine) -> {
            Set<String> theirs = other.digests.get(algorithm);
            if (theirs != null) {
                Set<String> both = new TreeSet<>(mine);
                both.retainAll(theirs);
                common.put(algorithm, both);
            }
        });
        HashPins result = new HashPins(common);
        // Nothing in common must not read as "no pins": keep an impossible pin that admits nothing.
        return result.isEmpty() ? new HashPins(Map.of("sha256", Set.of(""))) : result;
    }

    /** True when nothing is pinned. */
    public boolean isEmpty() {
        return digests.isEmpty();
    }

    /**
     * Whether a file with these known digests may be the pinned one: true without pins; false when
     * an algorithm both sides know has a digest that is not pinned; true when the digests share no
     * algorithm, since only the downloaded bytes can tell then ({@link #matchesDigests} decides).
     */
    public boolean admits(Map<String, String> knownDigests) {
        if (isEmpty()) {
            return true;
        }
        boolean compared = false;
        for (Map.Entry<String, Set<String>> pin : digests.entrySet()) {
            String known = knownDigests.get(pin.getKey());
            if (known != null) {
                if (pin.getValue().contains(known.toLowerCase(Locale.ROOT))) {
                    return true;
                }
                compared = true;
            }
        }
        return !compared;
    }

    /** Whether bytes with these digests (every pinned algorithm computed) are pinned: exact. */
    public boolean matchesDigests(Map<String, String> actualDigests) {
        if (isEmpty()) {
            return true;
        }
        for (Map.Entry<String, Set<String>> pin : digests.entrySet()) {
            String actual = actualDigests.get(pin.getKey());
            if (actual != null && pin.getValue().contains(actual.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /** {@code --hash=sha256:...} options, space separated. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        digests.forEach((a, ds) -> ds.forEach(d -> {
            if (!out.isEmpty()) {
                out.append(' ');
            }
            out.append("--hash=").append(a).append(':').append(d);
        }));
        return out.toString();
    }
}
