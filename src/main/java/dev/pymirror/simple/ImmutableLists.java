package dev.pymirror.simple;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;

/** Defensive copies for the records of this package, rejecting nulls with a message that says what. */
final class ImmutableLists {

    private ImmutableLists() {}

    /** An unmodifiable copy of {@code items} (empty for null), refusing null elements. */
    static <T> List<T> copy(String what, Collection<? extends T> items) {
        if (items == null || items.isEmpty()) {
            return List.of();
        }
        List<T> copy = new ArrayList<>(items.size());
        for (T item : items) {
            if (item == null) {
                throw new IllegalArgumentException(what + " must not hold null");
            }
            copy.add(item);
        }
        return Collections.unmodifiableList(copy);
    }

    /** As {@link #copy}, dropping later duplicates: for lists the standards define as sets. */
    static <T> List<T> copyDistinct(String what, Collection<? extends T> items) {
        if (items == null || items.isEmpty()) {
            return List.of();
        }
        LinkedHashSet<T> distinct = new LinkedHashSet<>(items.size() * 2);
        for (T item : items) {
            if (item == null) {
                throw new IllegalArgumentException(what + " must not hold null");
            }
            distinct.add(item);
        }
        return Collections.unmodifiableList(new ArrayList<>(distinct));
    }
}
