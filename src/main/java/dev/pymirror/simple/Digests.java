package dev.pymirror.simple;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Hash maps ({@code algorithm -> hex digest}) as the simple API carries them: in JSON
 * {@code hashes} objects, and in HTML as a URL fragment {@code #sha256=...} or a
 * {@code data-core-metadata="sha256=..."} value.
 */
final class Digests {

    /**
     * The algorithms recognised in URL fragments: those {@code hashlib} guarantees, plus SHA-3 and
     * BLAKE2. A whitelist, because fragments also carry non-hash keys such as {@code egg=}.
     */
    private static final Set<String> FRAGMENT_ALGORITHMS = Set.of(
            "md5", "sha1", "sha224", "sha256", "sha384", "sha512",
            "sha3_224", "sha3_256", "sha3_384", "sha3_512", "blake2b", "blake2s");

    /**
     * The algorithms written into HTML fragments, most preferred first. Only these four, because
     * installers reject a page whose fragment names another (uv accepts md5 and SHA-2 256/384/512
     * only, and one fragment hash only).
     */
    private static final String[] WRITABLE_IN_FRAGMENT = {"sha256", "sha512", "sha384", "md5"};

    private static final int MAX_ALGORITHM_LENGTH = 64;

    /** The class of the JDK's immutable one-entry map, which nothing can change once made. */
    private static final Class<?> IMMUTABLE_SINGLE_ENTRY = Map.of("", "").getClass();

    private Digests() {}

    /**
     * An immutable, canonical copy of {@code hashes}: algorithm names lower-cased, digests
     * lower-cased, iteration in algorithm order.
     *
     * @throws IllegalArgumentException naming the bad entry when an algorithm name is not made of
     *     letters, digits, {@code _} and {@code -}, or a digest is not hexadecimal
     */
    static Map<String, String> canonical(Map<String, String> hashes) {
        if (hashes == null || hashes.isEmpty()) {
            return Map.of();
        }
        if (hashes.size() == 1) {
            Map.Entry<String, String> only = hashes.entrySet().iterator().next();
            String algorithm = algorithm(only.getKey());
            String digest = digest(only.getKey(), only.getValue());
            // An immutable map already in canonical form is kept: records pass theirs to each other.
            boolean keep = hashes.getClass() == IMMUTABLE_SINGLE_ENTRY
                    && algorithm.equals(only.getKey()) && digest.equals(only.getValue());
            return keep ? hashes : Map.of(algorithm, digest);
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, String> entry : hashes.entrySet()) {
            sorted.put(algorithm(entry.getKey()), digest(entry.getKey(), entry.getValue()));
        }
        return Collections.unmodifiableSortedMap(sorted);
    }

    /**
     * The canonical (lower-case, shared) name of an algorithm.
     *
     * @throws IllegalArgumentException if the name is empty, too long or holds other characters
     *     than letters, digits, {@code _} and {@code -}
     */
    static String algorithm(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_ALGORITHM_LENGTH) {
            throw new IllegalArgumentException("A hash algorithm name must be 1 to " + MAX_ALGORITHM_LENGTH
                    + " characters, found " + quote(name));
        }
        // The usual names come back as shared constants: a page holds thousands of them.
        switch (name) {
            case "sha256": return "sha256";
            case "md5": return "md5";
            case "sha512": return "sha512";
            case "sha384": return "sha384";
            case "sha1": return "sha1";
            case "blake2b": return "blake2b";
            default: break;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '-';
            if (!allowed) {
                throw new IllegalArgumentException("A hash algorithm name may hold only letters, digits, '_' and '-',"
                        + " found " + quote(name));
            }
        }
        return name.toLowerCase(Locale.ROOT);
    }

    /**
     * The canonical (lower-case) form of a hex digest.
     *
     * @throws IllegalArgumentException if {@code digest} is empty or not hexadecimal
     */
    static String digest(String algorithm, String digest) {
        if (digest == null || digest.isEmpty()) {
            throw new IllegalArgumentException("The " + algorithm + " digest must be a hex string, found "
                    + quote(digest));
        }
        boolean lower = true;
        for (int i = 0; i < digest.length(); i++) {
            char c = digest.charAt(i);
            if (c >= 'A' && c <= 'F') {
                lower = false;
            } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                throw new IllegalArgumentException("The " + algorithm + " digest must be a hex string, found "
                        + quote(digest));
            }
        }
        return lower ? digest : digest.toLowerCase(Locale.ROOT);
    }

    /** True when {@code text} is a non-empty hex string. */
    static boolean isHex(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads the hashes a URL fragment (without its {@code #}) or a {@code data-core-metadata} value
     * carries, forgivingly: {@code sha256=HEX}, several joined by {@code &}, algorithm names in any
     * case, the {@code sha256-HEX} form some servers write; anything else is ignored.
     */
    static Map<String, String> fromFragment(String fragment) {
        if (fragment == null || fragment.isEmpty()) {
            return Map.of();
        }
        Map<String, String> found = null;
        int start = 0;
        while (start <= fragment.length()) {
            int end = fragment.indexOf('&', start);
            if (end < 0) {
                end = fragment.length();
            }
            String part = fragment.substring(start, end).trim();
            int separator = part.indexOf('=');
            if (separator < 0) {
                separator = part.indexOf('-');
            }
            if (separator > 0) {
                String name = part.substring(0, separator).strip().toLowerCase(Locale.ROOT);
                String value = part.substring(separator + 1).trim();
                if (FRAGMENT_ALGORITHMS.contains(name) && isHex(value)) {
                    if (found == null) {
                        found = new TreeMap<>();
                    }
                    found.putIfAbsent(name, value);
                }
            }
            start = end + 1;
        }
        return found == null ? Map.of() : canonical(found);
    }

    /**
     * The one hash an HTML fragment carries for {@code hashes}, as {@code name=hex}, or null when
     * none of the algorithms every installer accepts there is present.
     */
    static String toFragment(Map<String, String> hashes) {
        for (String algorithm : WRITABLE_IN_FRAGMENT) {
            String digest = hashes.get(algorithm);
            if (digest != null) {
                return algorithm + "=" + digest;
            }
        }
        return null;
    }

    /** {@code hashes} reduced to what {@link #toFragment} keeps of it. */
    static Map<String, String> keptInFragment(Map<String, String> hashes) {
        for (String algorithm : WRITABLE_IN_FRAGMENT) {
            String digest = hashes.get(algorithm);
            if (digest != null) {
                return Map.of(algorithm, digest);
            }
        }
        return Map.of();
    }

    private static String quote(String text) {
        return text == null ? "null" : "'" + text + "'";
    }
}
