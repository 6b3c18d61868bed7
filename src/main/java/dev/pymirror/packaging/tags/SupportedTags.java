package dev.pymirror.packaging.tags;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The ordered list of tags a target supports, most preferred first, and what it is for: ranking
 * wheels. A tag's priority is its index in the list (lower is better); a set of tags, as a wheel
 * carries, takes the priority of its best supported tag.
 *
 * <p>Priorities are a hash lookup, so ranking the wheels of a release costs a few lookups per
 * wheel. Instances are immutable and thread-safe; build one per target ({@link
 * Target#supportedTags()}) and keep it.
 */
public final class SupportedTags {

    private final List<Tag> tags;
    private final Map<Tag, Integer> priorities;
    private volatile IncompatibilityExplainer explainer;

    private SupportedTags(List<Tag> tags, Map<Tag, Integer> priorities) {
        this.tags = tags;
        this.priorities = priorities;
    }

    /**
     * The supported tags in the given order; a tag given twice keeps its first position.
     *
     * @throws IllegalArgumentException if {@code orderedTags} or one of its tags is null
     */
    public static SupportedTags of(Collection<Tag> orderedTags) {
        if (orderedTags == null) {
            throw new IllegalArgumentException("The supported tags are required");
        }
        LinkedHashSet<Tag> distinct = new LinkedHashSet<>(orderedTags);
        if (distinct.contains(null)) {
            throw new IllegalArgumentException("A supported tag must not be null");
        }
        List<Tag> list = List.copyOf(distinct);
        Map<Tag, Integer> priorities = new HashMap<>(list.size() * 2);
        for (int i = 0; i < list.size(); i++) {
            priorities.put(list.get(i), i);
        }
        return new SupportedTags(list, priorities);
    }

    /** The supported tags, most preferred first, without repeats. */
    public List<Tag> tags() {
        return tags;
    }

    /** How many distinct tags are supported. */
    public int size() {
        return tags.size();
    }

    /** True when the target supports {@code tag}. */
    public boolean supports(Tag tag) {
        return priorities.containsKey(tag);
    }

    /** The position of {@code tag} in the ordered list (0 is best), or -1 when it is not supported. */
    public int priority(Tag tag) {
        Integer priority = priorities.get(tag);
        return priority == null ? -1 : priority;
    }

    /**
     * The priority of the best supported tag among {@code tags} (a wheel's tag set), or -1 when
     * none is supported.
     */
    public int priority(Collection<Tag> tags) {
        int best = -1;
        for (Tag tag : tags) {
            Integer priority = priorities.get(tag);
            if (priority != null && (best < 0 || priority < best)) {
                best = priority;
            }
        }
        return best;
    }

    /** True when the target supports at least one of {@code tags}. */
    public boolean isCompatible(Collection<Tag> tags) {
        for (Tag tag : tags) {
            if (priorities.containsKey(tag)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The candidates the target supports, best first. Candidates of equal priority keep their
     * given order, so the result is deterministic for a deterministic input.
     *
     * @param candidates things carrying tags, such as wheel file names
     * @param tagsOf the tag set of a candidate
     */
    public <T> List<T> rank(Collection<? extends T> candidates, Function<? super T, ? extends Collection<Tag>> tagsOf) {
        List<Ranked<T>> ranked = new ArrayList<>(candidates.size());
        for (T candidate : candidates) {
            int priority = priority(tagsOf.apply(candidate));
            if (priority >= 0) {
                ranked.add(new Ranked<>(candidate, priority));
            }
        }
        // List.sort is stable: ties keep the given order.
        ranked.sort(Comparator.comparingInt(Ranked::priority));
        List<T> result = new ArrayList<>(ranked.size());
        for (Ranked<T> r : ranked) {
            result.add(r.thing());
        }
        return Collections.unmodifiableList(result);
    }

    /** The best candidate the target supports (the first of equal ones), or empty when none fits. */
    public <T> Optional<T> best(Collection<? extends T> candidates, Function<? super T, ? extends Collection<Tag>> tagsOf) {
        T best = null;
        int bestPriority = -1;
        for (T candidate : candidates) {
            int priority = priority(tagsOf.apply(candidate));
            if (priority >= 0 && (bestPriority < 0 || priority < bestPriority)) {
                best = candidate;
                bestPriority = priority;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * Why each of {@code tags} is unsupported, one entry per unsupported tag in the given order;
     * empty when every tag is supported.
     */
    public List<Incompatibility> incompatibilities(Collection<Tag> tags) {
        List<Incompatibility> found = new ArrayList<>();
        for (Tag tag : tags) {
            if (!priorities.containsKey(tag)) {
                found.add(explainer().explain(tag));
            }
        }
        return found;
    }

    /**
     * Why a wheel with {@code tags} does not fit the target, as one sentence (the distinct
     * reasons of its tags, joined), or empty when it fits.
     */
    public Optional<String> explain(Collection<Tag> tags) {
        if (isCompatible(tags)) {
            return Optional.empty();
        }
        LinkedHashSet<String> reasons = new LinkedHashSet<>();
        for (Incompatibility incompatibility : incompatibilities(tags)) {
            reasons.add(incompatibility.reason());
        }
        return Optional.of(reasons.isEmpty() ? "the wheel has no tags" : String.join("; ", reasons));
    }

    @Override
    public String toString() {
        return tags.isEmpty() ? "SupportedTags[]" : "SupportedTags[" + tags.get(0) + ", ... " + tags.size() + " tags]";
    }

    private IncompatibilityExplainer explainer() {
        IncompatibilityExplainer e = explainer;
        if (e == null) {
            // Built on first use: ranking never needs it. A race builds it twice, harmlessly.
            e = new IncompatibilityExplainer(tags);
            explainer = e;
        }
        return e;
    }

    private record Ranked<T>(T thing, int priority) {}
}
