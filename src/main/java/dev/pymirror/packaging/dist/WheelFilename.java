package dev.pymirror.packaging.dist;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.dist.InvalidFilenameException.Problem;
import dev.pymirror.packaging.tags.InvalidTagException;
import dev.pymirror.packaging.tags.SupportedTags;
import dev.pymirror.packaging.tags.Tag;
import dev.pymirror.packaging.version.Version;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The name of a wheel (PEP 427):
 * {@code <name>-<version>[-<build tag>]-<python tag>-<abi tag>-<platform tag>.whl}, where each
 * tag may be a compressed set ({@code py2.py3}, {@code manylinux2014_x86_64.manylinux_2_17_x86_64}).
 *
 * <p>The name is written with {@code _} for every run of {@code -_.} (so it holds no {@code -});
 * letters and digits of any script are accepted, as the reference does. Parsing is a hand-written
 * scan: a page of thousands of file names is read in a few milliseconds.
 *
 * @param name the project name
 * @param version the version
 * @param build the build tag, when there is one
 * @param tags the expanded compatibility tags, in the order the name writes them
 */
public record WheelFilename(ProjectName name, Version version, Optional<BuildTag> build, Set<Tag> tags)
        implements DistributionFilename {

    /** The extension of wheels. */
    public static final String EXTENSION = ".whl";

    /**
     * Checks the parts; {@code tags} must be every combination of its interpreters, ABIs and
     * platforms, so that one compressed tag set writes it.
     *
     * @throws InvalidFilenameException if a part is missing, the tag set is empty or cannot be compressed
     */
    public WheelFilename {
        if (name == null || version == null || build == null || tags == null || tags.isEmpty()) {
            throw new InvalidFilenameException(Problem.NAME,
                    "A wheel file name needs a name, a version, a build tag or none, and at least one tag",
                    name + "-" + version);
        }
        tags = immutableTags(tags);
    }

    /**
     * Parses a wheel file name, accepting compressed tag sets in any order.
     *
     * @throws InvalidFilenameException if the name does not follow PEP 427; {@link
     *     InvalidFilenameException#problem()} says which part is wrong
     */
    public static WheelFilename parse(String filename) {
        return parse(filename, false);
    }

    /**
     * Parses a wheel file name; with {@code requireSortedTags}, also rejects compressed tag sets
     * whose members are out of the sorted order PEP 425 asks for.
     *
     * @throws InvalidFilenameException if the name does not follow PEP 427
     */
    public static WheelFilename parse(String filename, boolean requireSortedTags) {
        if (filename == null || !filename.endsWith(EXTENSION)) {
            throw new InvalidFilenameException(Problem.EXTENSION, "A wheel file name ends in '.whl'", filename,
                    filename == null ? InvalidFilenameException.NO_POSITION : filename.length());
        }
        int end = filename.length() - EXTENSION.length();
        // Positions of the first five dashes; a sixth is an error.
        int[] dashes = new int[5];
        int count = 0;
        for (int i = filename.indexOf('-'); i >= 0 && i < end; i = filename.indexOf('-', i + 1)) {
            if (count == dashes.length) {
                throw partCount(filename, i);
            }
            dashes[count++] = i;
        }
        if (count < 4) {
            throw partCount(filename, end);
        }
        String namePart = filename.substring(0, dashes[0]);
        checkName(filename, namePart);
        Version version = VersionPart.parse(filename, dashes[0] + 1, dashes[1], "a wheel");
        BuildTag build = null;
        int tagStart = dashes[1] + 1;
        if (count == 5) {
            if (dashes[2] == tagStart || !isAsciiDigit(filename.charAt(tagStart))) {
                throw new InvalidFilenameException(Problem.BUILD_TAG, "A build tag must start with a digit, found '"
                        + filename.substring(tagStart, dashes[2]) + "'", filename, tagStart);
            }
            build = BuildTag.parse(filename.substring(tagStart, dashes[2]));
            tagStart = dashes[2] + 1;
        }
        Set<Tag> tags;
        try {
            tags = Tag.parse(filename.substring(tagStart, end), requireSortedTags);
        } catch (InvalidTagException e) {
            boolean order = e.problem() == InvalidTagException.Problem.UNSORTED;
            InvalidFilenameException error = new InvalidFilenameException(order ? Problem.TAG_ORDER : Problem.TAGS,
                    "Invalid compatibility tags in a wheel file name (" + e.reason() + ")", filename,
                    tagStart + Math.max(0, e.position()));
            error.initCause(e);
            throw error;
        }
        return new WheelFilename(new ProjectName(namePart, ProjectName.normalize(namePart)), version,
                Optional.ofNullable(build), tags);
    }

    /**
     * The wheels {@code supported} accepts, best first, as pip orders them: by tag priority, then
     * the higher build tag (no build tag is lowest), then the given order. {@link
     * SupportedTags#rank} alone ignores build tags, as the reference selector does.
     */
    public static List<WheelFilename> rank(Collection<WheelFilename> wheels, SupportedTags supported) {
        List<WheelFilename> ranked = new ArrayList<>(supported.rank(wheels, WheelFilename::tags));
        // Stable sort: equal priorities with equal builds keep the given order.
        ranked.sort(Comparator.comparingInt((WheelFilename w) -> supported.priority(w.tags()))
                .thenComparing(WheelFilename::build, WheelFilename::compareBuildsDescending));
        return List.copyOf(ranked);
    }

    /** The first of {@link #rank}, or empty when no wheel fits. */
    public static Optional<WheelFilename> best(Collection<WheelFilename> wheels, SupportedTags supported) {
        List<WheelFilename> ranked = rank(wheels, supported);
        return ranked.isEmpty() ? Optional.empty() : Optional.of(ranked.get(0));
    }

    /** Higher build tags first; a wheel without one last. */
    private static int compareBuildsDescending(Optional<BuildTag> a, Optional<BuildTag> b) {
        if (a.isPresent() && b.isPresent()) {
            return b.get().compareTo(a.get());
        }
        return Boolean.compare(a.isEmpty(), b.isEmpty());
    }

    /**
     * The normalized file name: the normalized name with {@code _} for {@code -}, the normalized
     * version, the build tag if any, and the tags compressed with sorted members.
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(64);
        out.append(name.normalized().replace('-', '_')).append('-').append(version).append('-');
        build.ifPresent(b -> out.append(b).append('-'));
        return out.append(Tag.compress(tags)).append(EXTENSION).toString();
    }

    /** PEP 427 escaping: letters, digits, {@code _} and {@code .}, no {@code __}, not empty. */
    private static void checkName(String filename, String name) {
        if (name.isEmpty()) {
            throw new InvalidFilenameException(Problem.NAME, "A wheel file name must start with the project name",
                    filename, 0);
        }
        int doubled = name.indexOf("__");
        if (doubled >= 0) {
            throw new InvalidFilenameException(Problem.NAME, "A wheel's project name has no '__'"
                    + " (a run of '-', '_' and '.' is written as one '_')", filename, doubled);
        }
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            if (!isNameCharacter(c)) {
                throw new InvalidFilenameException(Problem.NAME, "A wheel's project name may hold only letters,"
                        + " digits, '_' and '.'; found " + describe(c), filename, i);
            }
            i += Character.charCount(c);
        }
    }

    /** Python's {@code [\w.]} in Unicode mode: letters and digits of any script, {@code _} and {@code .}. */
    private static boolean isNameCharacter(int c) {
        if (c < 128) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
        }
        if (Character.isLetterOrDigit(c)) {
            return true;
        }
        int type = Character.getType(c);
        return type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER;
    }

    private static String describe(int c) {
        return Character.isISOControl(c) || Character.isWhitespace(c)
                ? String.format("U+%04X", c) : "'" + Character.toString(c) + "'";
    }

    private static InvalidFilenameException partCount(String filename, int position) {
        int dashes = 0;
        for (int i = 0; i < filename.length() - EXTENSION.length(); i++) {
            if (filename.charAt(i) == '-') {
                dashes++;
            }
        }
        return new InvalidFilenameException(Problem.PART_COUNT, "A wheel file name has 5 or 6 '-'-separated parts"
                + " (name-version[-build]-python-abi-platform), found " + (dashes + 1), filename, position);
    }

    private static Set<Tag> immutableTags(Set<Tag> tags) {
        Set<String> interpreters = new HashSet<>();
        Set<String> abis = new HashSet<>();
        Set<String> platforms = new HashSet<>();
        for (Tag tag : tags) {
            if (tag == null) {
                throw new InvalidFilenameException(Problem.TAGS, "A wheel's tags must not be null", tags.toString());
            }
            interpreters.add(tag.interpreter());
            abis.add(tag.abi());
            platforms.add(tag.platform());
        }
        if ((long) interpreters.size() * abis.size() * platforms.size() != tags.size()) {
            throw new InvalidFilenameException(Problem.TAGS, "A wheel's tags must be every combination of their"
                    + " interpreters, ABIs and platforms, so that one compressed tag set writes them", tags.toString());
        }
        // Set.copyOf returns an immutable set as it is; a larger set is copied, keeping its order.
        return tags.size() == 1 ? Set.copyOf(tags) : Collections.unmodifiableSet(new LinkedHashSet<>(tags));
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
