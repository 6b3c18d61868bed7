package dev.pymirror.packaging.requirements;

import dev.pymirror.packaging.ProjectName;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The values a marker may test besides the {@link Environment}: {@code extra}, {@code extras} and
 * {@code dependency_groups}. Which of them exist depends on where the marker was written:
 *
 * <ul>
 *   <li>{@link #metadata()}: core metadata ({@code Requires-Dist}); {@code extra} is the extra being
 *       installed, {@code ""} for none.
 *   <li>{@link #lockFile()}: a PEP 751 lock file; {@code extras} and {@code dependency_groups} are the
 *       sets being installed, empty by default.
 *   <li>{@link #requirement()}: anywhere else (a requirements file, a command line); none of them.
 * </ul>
 *
 * <p>A null component means the variable is not defined: a marker that tests it fails with
 * {@link UndefinedEnvironmentNameException}. Names are stored PEP 685 normalized (lower case, runs of
 * {@code -_.} as one {@code -}), so {@code metadata("Foo_Bar").extra()} is {@code "foo-bar"}.
 *
 * @param extra the extra being evaluated, or null when {@code extra} is undefined
 * @param extras the extras being installed, or null when {@code extras} is undefined
 * @param dependencyGroups the dependency groups being installed, or null when undefined
 */
public record MarkerContext(String extra, Set<String> extras, Set<String> dependencyGroups) {

    private static final MarkerContext METADATA = new MarkerContext("", null, null);
    private static final MarkerContext LOCK_FILE = new MarkerContext(null, Set.of(), Set.of());
    private static final MarkerContext REQUIREMENT = new MarkerContext(null, null, null);

    public MarkerContext {
        extra = extra == null ? null : ProjectName.normalize(extra);
        extras = normalizedSet(extras);
        dependencyGroups = normalizedSet(dependencyGroups);
    }

    /** Core metadata with no extra requested: {@code extra} is {@code ""}. */
    public static MarkerContext metadata() {
        return METADATA;
    }

    /** Core metadata evaluated for one extra ({@code null} or {@code ""} for none). */
    public static MarkerContext metadata(String extra) {
        return extra == null || extra.isEmpty() ? METADATA : new MarkerContext(extra, null, null);
    }

    /** A lock file with no extras and no dependency groups selected. */
    public static MarkerContext lockFile() {
        return LOCK_FILE;
    }

    /** A lock file with the given extras and dependency groups selected. */
    public static MarkerContext lockFile(Collection<String> extras, Collection<String> dependencyGroups) {
        return new MarkerContext(null, copy(extras), copy(dependencyGroups));
    }

    /** Outside metadata and lock files: {@code extra}, {@code extras} and {@code dependency_groups} are undefined. */
    public static MarkerContext requirement() {
        return REQUIREMENT;
    }

    /** This context with {@code extra} set (null to make it undefined). */
    public MarkerContext withExtra(String extra) {
        return new MarkerContext(extra, extras, dependencyGroups);
    }

    /** This context with {@code extras} set (null to make it undefined). */
    public MarkerContext withExtras(Collection<String> extras) {
        return new MarkerContext(extra, copy(extras), dependencyGroups);
    }

    /** This context with {@code dependency_groups} set (null to make it undefined). */
    public MarkerContext withDependencyGroups(Collection<String> dependencyGroups) {
        return new MarkerContext(extra, extras, copy(dependencyGroups));
    }

    private static Set<String> copy(Collection<String> names) {
        return names == null ? null : new LinkedHashSet<>(names);
    }

    private static Set<String> normalizedSet(Set<String> names) {
        if (names == null) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String name : names) {
            if (name == null) {
                throw new InvalidEnvironmentException("A set of names may not contain null", String.valueOf(names));
            }
            out.add(ProjectName.normalize(name));
        }
        return Set.copyOf(out);
    }
}
