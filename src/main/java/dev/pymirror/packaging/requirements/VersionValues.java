package dev.pymirror.packaging.requirements;

import dev.pymirror.packaging.version.Specifier;
import dev.pymirror.packaging.version.Version;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed versions and specifiers for marker evaluation, cached by their text.
 *
 * <p>Environments repeat the same few strings ({@code 3.12}, {@code 3.12.4}, a kernel release) across
 * the thousands of markers a resolver evaluates, so each is parsed once. The caches are bounded: when
 * one fills up it is cleared, which only costs re-parsing.
 */
final class VersionValues {

    private static final int LIMIT = 2048;
    /** Marks text that is not a valid version or specifier, so failures are cached too. */
    private static final Object INVALID = new Object();

    private static final Map<String, Object> VERSIONS = new ConcurrentHashMap<>();
    private static final Map<MarkerOperator, Map<String, Object>> SPECIFIERS = new EnumMap<>(MarkerOperator.class);

    static {
        for (MarkerOperator operator : MarkerOperator.values()) {
            SPECIFIERS.put(operator, new ConcurrentHashMap<>());
        }
    }

    private VersionValues() {}

    /** The PEP 440 version {@code text} spells, or null when it is not one. */
    static Version version(String text) {
        Object cached = VERSIONS.get(text);
        if (cached == null) {
            cached = parseVersion(text);
            remember(VERSIONS, text, cached);
        }
        return cached == INVALID ? null : (Version) cached;
    }

    /** The specifier {@code operator + value}, or null when that is not a valid PEP 440 specifier. */
    static Specifier specifier(MarkerOperator operator, String value) {
        if (!operator.isVersionOperator()) {
            return null;
        }
        Map<String, Object> cache = SPECIFIERS.get(operator);
        Object cached = cache.get(value);
        if (cached == null) {
            cached = parseSpecifier(operator.symbol() + value);
            remember(cache, value, cached);
        }
        return cached == INVALID ? null : (Specifier) cached;
    }

    /** Whether the specifier contains the version, pre-releases included as markers require. */
    static boolean contains(Specifier specifier, Version version) {
        return specifier.contains(version, Boolean.TRUE);
    }

    /** Whether an arbitrary-equality ({@code ===}) specifier matches the text as written. */
    static boolean containsString(Specifier specifier, String text) {
        return specifier.contains(text, Boolean.TRUE);
    }

    private static Object parseVersion(String text) {
        Version version = Version.parseOrNull(text);
        return version == null ? INVALID : version;
    }

    private static Object parseSpecifier(String text) {
        Specifier specifier = Specifier.parseOrNull(text);
        return specifier == null ? INVALID : specifier;
    }

    private static void remember(Map<String, Object> cache, String key, Object value) {
        if (cache.size() >= LIMIT) {
            cache.clear();
        }
        cache.put(key, value);
    }
}
