package dev.pymirror.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Values read from files, each kept while its file is unchanged: whoever has the file's
 * {@link FileVersion} (one {@code stat}) learns whether the value kept for it may be used again.
 *
 * @param <K> what a value is kept under
 * @param <V> the value, which records the version it was read from
 */
public final class KeptByVersion<K, V> {

    private final Map<K, V> kept = new ConcurrentHashMap<>();
    private final Function<V, FileVersion> versionOf;

    /** @param versionOf the version of the file a value was read from */
    public KeptByVersion(Function<V, FileVersion> versionOf) {
        this.versionOf = versionOf;
    }

    /** The value kept under {@code key} when it was read from {@code version} of its file; null otherwise. */
    public V current(K key, FileVersion version) {
        V value = kept.get(key);
        return value != null && versionOf.apply(value).equals(version) ? value : null;
    }

    public void put(K key, V value) {
        kept.put(key, value);
    }

    public void remove(K key) {
        kept.remove(key);
    }
}
