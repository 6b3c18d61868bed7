package dev.pymirror.packaging.tags;

import java.util.ArrayList;
import java.util.List;

/**
 * The ordered tag lists of PEP 425 for an interpreter, given explicitly rather than read from the
 * running machine: most preferred first. A target's full list is one of the interpreter-specific
 * lists ({@link #cpython} or {@link #generic}) followed by {@link #compatible}.
 *
 * <p>Within each list the interpreter matters most, then the platform, then the ABI: a wheel for
 * an older CPython with the stable ABI ranks below any wheel made for this exact interpreter.
 */
public final class InterpreterTags {

    private static final String NONE = "none";
    private static final String ANY = "any";
    private static final String ABI3 = "abi3";
    private static final String ABI3T = "abi3t";

    private InterpreterTags() {}

    /**
     * The tags a CPython of {@code python} accepts, in order:
     * {@code cpXY-<abi>-<platform>} for each given ABI, then {@code cpXY-abi3-<platform>} (or
     * {@code abi3t} for a free-threaded build, whose first ABI carries the {@code t} flag, as
     * {@code cp313t}), then {@code cpXY-none-<platform>}, then the stable ABI of every older minor
     * version down to 3.2, where PEP 384 began.
     *
     * <p>{@code abi3}, {@code abi3t} and {@code none} given in {@code abis} are placed where the
     * stable-ABI rules put them, not where they were given. A major-only version gets no stable-ABI
     * tags.
     */
    public static List<Tag> cpython(PythonVersion python, List<String> abis, List<String> platforms) {
        String interpreter = "cp" + python.nodot();
        boolean freeThreaded = isFreeThreaded(abis);
        List<String> specific = new ArrayList<>(abis);
        // Only the first occurrence is taken out, as the reference does.
        specific.remove(ABI3);
        specific.remove(NONE);
        if (freeThreaded) {
            specific.remove(ABI3T);
        }
        List<Tag> tags = new ArrayList<>();
        for (String abi : specific) {
            addAll(tags, interpreter, abi, platforms);
        }
        String stableAbi = null;
        if (python.hasMinor() && python.isAtLeast(3, 2)) {
            stableAbi = freeThreaded ? ABI3T : ABI3;
            addAll(tags, interpreter, stableAbi, platforms);
        }
        addAll(tags, interpreter, NONE, platforms);
        if (stableAbi != null) {
            for (int minor = python.minor() - 1; minor >= 2; minor--) {
                addAll(tags, "cp" + python.withMinor(minor).nodot(), stableAbi, platforms);
            }
        }
        return tags;
    }

    /**
     * The tags of an interpreter that needs no special rules (PyPy, GraalPy, ...):
     * {@code <interpreter>-<abi>-<platform>} for each ABI, with {@code none} added last unless
     * given.
     */
    public static List<Tag> generic(String interpreter, List<String> abis, List<String> platforms) {
        List<Tag> tags = new ArrayList<>();
        for (String abi : abis) {
            addAll(tags, interpreter, abi, platforms);
        }
        if (!abis.contains(NONE)) {
            addAll(tags, interpreter, NONE, platforms);
        }
        return tags;
    }

    /**
     * The tags any interpreter of {@code python} accepts beyond its own: {@code py*-none-<platform>}
     * for each version in {@link #pythonTags} order, then {@code <interpreter>-none-any} when an
     * interpreter is given (may be null), then {@link #purePython}.
     */
    public static List<Tag> compatible(PythonVersion python, String interpreter, List<String> platforms) {
        List<Tag> tags = new ArrayList<>();
        for (String version : pythonTags(python)) {
            addAll(tags, version, NONE, platforms);
        }
        if (interpreter != null && !interpreter.isEmpty()) {
            tags.add(new Tag(interpreter, NONE, ANY));
        }
        tags.addAll(purePython(python));
        return tags;
    }

    /** The pure-Python tags of {@code python}: {@code py*-none-any} in {@link #pythonTags} order. */
    public static List<Tag> purePython(PythonVersion python) {
        List<Tag> tags = new ArrayList<>();
        for (String version : pythonTags(python)) {
            tags.add(new Tag(version, NONE, ANY));
        }
        return tags;
    }

    /**
     * The generic Python interpreter tags of a version, best first: this minor version, then the
     * major-only tag, then every older minor version ({@code py312, py3, py311, ..., py30}).
     */
    public static List<String> pythonTags(PythonVersion python) {
        List<String> versions = new ArrayList<>(python.hasMinor() ? python.minor() + 2 : 1);
        if (python.hasMinor()) {
            versions.add("py" + python.nodot());
        }
        versions.add("py" + python.major());
        if (python.hasMinor()) {
            for (int minor = python.minor() - 1; minor >= 0; minor--) {
                versions.add("py" + python.withMinor(minor).nodot());
            }
        }
        return versions;
    }

    /** True when the first ABI is a CPython ABI with the free-threading flag, as {@code cp313t}. */
    static boolean isFreeThreaded(List<String> abis) {
        if (abis.isEmpty()) {
            return false;
        }
        String abi = abis.get(0);
        if (!abi.startsWith("cp")) {
            return false;
        }
        int i = 2;
        while (i < abi.length() && abi.charAt(i) >= '0' && abi.charAt(i) <= '9') {
            i++;
        }
        return i > 2 && abi.indexOf('t', i) >= 0;
    }

    private static void addAll(List<Tag> tags, String interpreter, String abi, List<String> platforms) {
        for (String platform : platforms) {
            tags.add(new Tag(interpreter, abi, platform));
        }
    }
}
