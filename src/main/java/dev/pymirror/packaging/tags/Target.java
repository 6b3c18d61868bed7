package dev.pymirror.packaging.tags;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An interpreter on a platform to select wheels for, which need not be this machine: the mirror
 * builder resolves for many targets at once.
 *
 * <p>Most targets are written the way wheel tags name them, interpreter then platform:
 * <pre>{@code
 * Target.parse("cp312-manylinux_2_28_x86_64")   // CPython 3.12, glibc 2.28 or older, x86_64
 * Target.parse("cp311-macosx_14_0_arm64")       // CPython 3.11, macOS 14 on Apple silicon
 * Target.parse("cp313-win_amd64")
 * Target.parse("cp312-musllinux_1_2_aarch64")   // Alpine-style musl 1.2
 * Target.parse("cp313t-manylinux_2_28_x86_64")  // free-threaded CPython 3.13
 * Target.parse("pp310-pypy310_pp73-manylinux_2_17_x86_64")  // interpreter, ABIs, platform
 * }</pre>
 * Each platform given stands for what a machine of that platform accepts ({@link
 * Platform#compatibleTags()}): {@code manylinux_2_28_x86_64} also accepts {@code linux_x86_64}
 * and every older manylinux. Several platforms may be joined with {@code .}.
 *
 * <p>{@link #supportedTags()} turns a target into the ordered tag list used to rank wheels, the
 * same list the running interpreter of that description would report.
 *
 * @param implementation the interpreter's short name: {@code cp} (CPython), {@code pp} (PyPy),
 *     {@code graalpy}, ...; lower case
 * @param python the Python language version
 * @param abis the interpreter's own ABI tags, most preferred first ({@code cp312}); the stable ABI
 *     and {@code none} are added by the tag rules
 * @param platforms the accepted platform tags, most preferred first, already expanded
 */
public record Target(String implementation, PythonVersion python, List<String> abis, List<String> platforms) {

    /** The short name of CPython. */
    public static final String CPYTHON = "cp";
    /** The short name of PyPy. */
    public static final String PYPY = "pp";

    /** The ABI version suffix of PyPy releases since 7.3, e.g. {@code pypy310_pp73}. */
    static final String PYPY_ABI_SUFFIX = "_pp73";

    public Target {
        if (implementation == null || implementation.isEmpty()
                || !TagSetParser.isIdentifier(implementation, 0, implementation.length())) {
            throw new InvalidTargetException("An interpreter short name such as 'cp' or 'pp' is required",
                    implementation);
        }
        implementation = implementation.toLowerCase(Locale.ROOT);
        if (python == null) {
            throw new InvalidTargetException("A Python version is required", implementation);
        }
        abis = checkedComponents("ABI", abis);
        platforms = checkedComponents("platform", platforms);
    }

    /**
     * A CPython target with the default ABI of its version ({@code cp312}; {@code cp37m} before
     * 3.8) on the given platforms, each expanded to what such a machine accepts.
     */
    public static Target cpython(PythonVersion python, String... platforms) {
        List<String> expanded = expandPlatforms(List.of(platforms));
        return new Target(CPYTHON, python, defaultAbis(CPYTHON, python, false, expanded), expanded);
    }

    /** A PyPy target with the ABI of PyPy 7.3 ({@code pypy310_pp73}) on the given platforms, each expanded. */
    public static Target pypy(PythonVersion python, String... platforms) {
        List<String> expanded = expandPlatforms(List.of(platforms));
        return new Target(PYPY, python, defaultAbis(PYPY, python, false, expanded), expanded);
    }

    /**
     * Reads a target description: {@code <interpreter>[-<abis>]-<platforms>}. The interpreter is a
     * short name and version as in tags ({@code cp312}, {@code pp310}), with a trailing {@code t}
     * for free-threaded CPython ({@code cp313t}). ABIs and platforms are {@code .}-separated lists;
     * without ABIs the interpreter's default is used. Case is ignored.
     *
     * @throws InvalidTargetException if the description does not have that shape
     */
    public static Target parse(String description) {
        if (description == null || description.isBlank()) {
            throw new InvalidTargetException("A target description such as 'cp312-manylinux_2_28_x86_64' is required",
                    description);
        }
        String text = description;
        int firstDash = text.indexOf('-');
        int lastDash = text.lastIndexOf('-');
        if (firstDash < 0) {
            throw new InvalidTargetException("Expected '<interpreter>-<platform>', such as 'cp312-win_amd64'",
                    description, text.length());
        }
        int secondDash = text.indexOf('-', firstDash + 1);
        if (secondDash >= 0 && secondDash != lastDash) {
            throw new InvalidTargetException("Expected at most three '-'-separated parts"
                    + " ('<interpreter>-<abis>-<platforms>')", description, text.indexOf('-', secondDash + 1));
        }
        int nameEnd = 0;
        while (nameEnd < firstDash && !isDigit(text.charAt(nameEnd))) {
            nameEnd++;
        }
        int digitsEnd = nameEnd;
        while (digitsEnd < firstDash && isDigit(text.charAt(digitsEnd))) {
            digitsEnd++;
        }
        if (nameEnd == 0 || !TagSetParser.isIdentifier(text, 0, nameEnd)) {
            throw new InvalidTargetException("Expected an interpreter short name such as 'cp' or 'pp'", description, 0);
        }
        if (digitsEnd == nameEnd) {
            throw new InvalidTargetException("Expected the Python version after the interpreter name, as in 'cp312'",
                    description, nameEnd);
        }
        String implementation = text.substring(0, nameEnd).toLowerCase(Locale.ROOT);
        boolean freeThreaded = digitsEnd == firstDash - 1 && (text.charAt(digitsEnd) | 0x20) == 't'
                && implementation.equals(CPYTHON);
        if (digitsEnd != firstDash && !freeThreaded) {
            throw new InvalidTargetException("Unexpected text after the Python version"
                    + " (only CPython takes a 't' for free-threading)", description, digitsEnd);
        }
        PythonVersion python;
        try {
            python = PythonVersion.fromNodot(text.substring(nameEnd, digitsEnd));
        } catch (InvalidTargetException e) {
            throw new InvalidTargetException(e.reason(), description, nameEnd + Math.max(0, e.position()));
        }
        if (freeThreaded && !python.isAtLeast(3, 13)) {
            throw new InvalidTargetException("Free-threaded CPython begins with 3.13", description, digitsEnd);
        }
        List<String> platforms = expandPlatforms(split(text, lastDash + 1, text.length(), description));
        List<String> abis = firstDash == lastDash
                ? defaultAbis(implementation, python, freeThreaded, platforms)
                : split(text, firstDash + 1, lastDash, description);
        return new Target(implementation, python, abis, platforms);
    }

    /**
     * The platform tags the given platforms accept, in order, each given platform expanded by
     * {@link Platform#compatibleTags()} and repeats dropped: {@code ["manylinux_2_17_x86_64"]}
     * becomes {@code linux_x86_64, manylinux_2_17_x86_64, manylinux2014_x86_64, ...}.
     */
    public static List<String> expandPlatforms(Collection<String> platforms) {
        Set<String> expanded = new LinkedHashSet<>();
        for (String platform : platforms) {
            expanded.addAll(Platform.parse(platform).compatibleTags());
        }
        return List.copyOf(expanded);
    }

    /**
     * The ABI an interpreter reports when not told otherwise: for CPython {@code cp<ver>}, with
     * {@code t} when free-threaded, {@code m} (pymalloc) before 3.8 and, before 3.3, {@code u}
     * (wide Unicode) on Linux; for PyPy {@code pypy<ver>_pp73}; none for a major-only version or
     * another interpreter, whose ABIs must be given.
     */
    public static List<String> defaultAbis(String implementation, PythonVersion python, boolean freeThreaded,
            List<String> platforms) {
        if (!python.hasMinor()) {
            return List.of();
        }
        String version = python.nodot();
        return switch (implementation) {
            case CPYTHON -> {
                if (freeThreaded) {
                    yield List.of("cp" + version + "t");
                }
                if (python.isAtLeast(3, 8)) {
                    yield List.of("cp" + version);
                }
                boolean wideUnicode = !python.isAtLeast(3, 3)
                        && platforms.stream().anyMatch(p -> Platform.parse(p).os() == OperatingSystem.LINUX);
                yield List.of("cp" + version + "m" + (wideUnicode ? "u" : ""));
            }
            case PYPY -> List.of("pypy" + version + PYPY_ABI_SUFFIX);
            default -> List.of();
        };
    }

    /** The interpreter tag, e.g. {@code cp312}. */
    public String interpreter() {
        return implementation + python.nodot();
    }

    /**
     * The ordered tags this target supports, most preferred first: the interpreter's own tags
     * ({@link InterpreterTags#cpython} for CPython, {@link InterpreterTags#generic} otherwise),
     * then {@link InterpreterTags#compatible}. Building it costs a few hundred tags: keep the
     * result for as long as the target is used.
     */
    public SupportedTags supportedTags() {
        return SupportedTags.of(tags());
    }

    /** The tags of {@link #supportedTags()} as a plain list, repeats included. */
    public List<Tag> tags() {
        List<Tag> tags = new ArrayList<>();
        String compatibleInterpreter;
        if (implementation.equals(CPYTHON)) {
            tags.addAll(InterpreterTags.cpython(python, abis, platforms));
            compatibleInterpreter = interpreter();
        } else {
            tags.addAll(InterpreterTags.generic(interpreter(), abis, platforms));
            // PyPy wheels without a minor version are tagged pp3; no other interpreter has such tags.
            compatibleInterpreter = implementation.equals(PYPY) ? PYPY + python.major() : null;
        }
        tags.addAll(InterpreterTags.compatible(python, compatibleInterpreter, platforms));
        return tags;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static List<String> split(String text, int start, int end, String description) {
        List<String> parts = new ArrayList<>();
        int at = start;
        while (true) {
            int dot = text.indexOf('.', at);
            if (dot < 0 || dot > end) {
                dot = end;
            }
            if (dot == at) {
                throw new InvalidTargetException("Empty entry in a '.'-separated list", description, at);
            }
            parts.add(text.substring(at, dot));
            if (dot == end) {
                return parts;
            }
            at = dot + 1;
        }
    }

    private static List<String> checkedComponents(String what, List<String> values) {
        if (values == null) {
            throw new InvalidTargetException("A list of " + what + " tags is required (it may be empty)", null);
        }
        List<String> checked = new ArrayList<>(values.size());
        for (String value : values) {
            if (value == null || value.isEmpty() || value.indexOf('-') >= 0 || value.indexOf('.') >= 0) {
                throw new InvalidTargetException("Not a single " + what + " tag", value);
            }
            checked.add(value.toLowerCase(Locale.ROOT));
        }
        return List.copyOf(checked);
    }
}
