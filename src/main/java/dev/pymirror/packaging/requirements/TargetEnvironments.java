package dev.pymirror.packaging.requirements;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * Builds the marker environment of a target interpreter from a Python version, a wheel platform tag
 * and an implementation name: the logic behind {@link Environment#forTarget(String, String, String)}.
 */
final class TargetEnvironments {

    /** macOS tags that name more than one architecture: the machine cannot be told from them. */
    private static final Set<String> MAC_MULTI_ARCH =
            Set.of("universal2", "universal", "intel", "fat", "fat3", "fat32", "fat64");

    private TargetEnvironments() {}

    /** What a platform tag tells about the operating system. */
    private record Platform(String osName, String sysPlatform, String platformSystem, String machine, String release) {}

    /** An implementation's marker names. */
    private record Implementation(String name, String platformName) {}

    static Environment forTarget(String pythonVersion, String platformTag, String implementation) {
        String[] versions = pythonVersions(pythonVersion);
        Implementation impl = implementation(implementation);
        Platform platform = platform(platformTag);
        // Only CPython's implementation version is its Python version; PyPy 7.3 implements Python 3.10.
        String implementationVersion = impl.name().equals("cpython") ? versions[1] : "";
        return new Environment(versions[0], versions[1], impl.name(), implementationVersion, platform.osName(),
                platform.sysPlatform(), platform.machine(), impl.platformName(), platform.release(),
                platform.platformSystem(), "");
    }

    /**
     * {@code [python_version, python_full_version]} from {@code MAJOR.MINOR[.MICRO[(a|b|rc)N]]}. A
     * missing micro version is 0, since PEP 508 says python_full_version always has one.
     */
    private static String[] pythonVersions(String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidEnvironmentException("A target Python version is required, like 3.12", String.valueOf(text));
        }
        int[] pos = {0};
        String major = digits(text, pos, "a major version number");
        expect(text, pos, '.');
        String minor = digits(text, pos, "a minor version number");
        String micro = "0";
        String pre = "";
        if (pos[0] < text.length()) {
            expect(text, pos, '.');
            micro = digits(text, pos, "a micro version number");
            if (pos[0] < text.length()) {
                int start = pos[0];
                String rest = text.substring(start);
                String label = rest.startsWith("rc") ? "rc" : rest.startsWith("a") ? "a" : rest.startsWith("b") ? "b" : null;
                if (label == null) {
                    throw new InvalidEnvironmentException(
                            "Expected a pre-release label (a, b or rc) or the end of the version", text, start);
                }
                pos[0] += label.length();
                pre = label + digits(text, pos, "a pre-release number");
                if (pos[0] < text.length()) {
                    throw new InvalidEnvironmentException("Expected the end of the version", text, pos[0]);
                }
            }
        }
        return new String[] {major + "." + minor, major + "." + minor + "." + micro + pre};
    }

    /** Reads a run of ASCII digits without leading zeros, as Python prints version numbers. */
    private static String digits(String text, int[] pos, String what) {
        int start = pos[0];
        int i = start;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        if (i == start) {
            throw new InvalidEnvironmentException("Expected " + what, text, start);
        }
        pos[0] = i;
        int firstNonZero = start;
        while (firstNonZero < i - 1 && text.charAt(firstNonZero) == '0') {
            firstNonZero++;
        }
        return text.substring(firstNonZero, i);
    }

    private static void expect(String text, int[] pos, char c) {
        if (pos[0] >= text.length() || text.charAt(pos[0]) != c) {
            throw new InvalidEnvironmentException("Expected '" + c + "'", text, pos[0]);
        }
        pos[0]++;
    }

    private static Implementation implementation(String name) {
        String key = name == null ? "cpython" : name.toLowerCase(Locale.ROOT);
        return switch (key) {
            case "cpython", "cp" -> new Implementation("cpython", "CPython");
            case "pypy", "pp" -> new Implementation("pypy", "PyPy");
            case "graalpy", "gp" -> new Implementation("graalpy", "GraalVM");
            case "jython", "jy" -> new Implementation("jython", "Jython");
            case "ironpython", "ip" -> new Implementation("ironpython", "IronPython");
            default -> throw new InvalidEnvironmentException(
                    "Unknown Python implementation (expected cpython, pypy, graalpy, jython or ironpython)", name);
        };
    }

    private static Platform platform(String tag) {
        if (tag == null || tag.isEmpty()) {
            throw new InvalidEnvironmentException("A platform tag is required, like manylinux_2_28_x86_64",
                    String.valueOf(tag));
        }
        String lower = tag.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "win32":
                return windows("x86");
            case "win_amd64":
                return windows("AMD64");
            case "win_arm64":
                return windows("ARM64");
            default:
                break;
        }
        String[] parts = lower.split("_", -1);
        switch (parts[0]) {
            case "manylinux1", "manylinux2010", "manylinux2014", "linux":
                return linux(joined(tag, parts, 1));
            case "manylinux", "musllinux":
                numbers(tag, parts, 1, 2);
                return linux(joined(tag, parts, 3));
            case "macosx":
                return mac(tag, parts);
            case "ios":
                return ios(tag, parts);
            case "android":
                return android(tag, parts);
            case "pyodide":
                numbers(tag, parts, 1, 2);
                return emscripten(joined(tag, parts, 3));
            case "emscripten":
                numbers(tag, parts, 1, 3);
                return emscripten(joined(tag, parts, 4));
            default:
                throw new InvalidEnvironmentException("Not a platform tag naming one operating system and machine "
                        + "(expected manylinux_*, musllinux_*, linux_*, macosx_*, win32, win_amd64, win_arm64, "
                        + "ios_*, android_*, pyodide_* or emscripten_*)", tag, 0);
        }
    }

    private static Platform windows(String machine) {
        return new Platform("nt", "win32", "Windows", machine, "");
    }

    private static Platform linux(String arch) {
        return new Platform("posix", "linux", "Linux", arch, "");
    }

    private static Platform emscripten(String arch) {
        return new Platform("posix", "emscripten", "Emscripten", arch, "");
    }

    private static Platform mac(String tag, String[] parts) {
        int[] version = numbers(tag, parts, 1, 2);
        String arch = joined(tag, parts, 3);
        if (MAC_MULTI_ARCH.contains(arch)) {
            throw new InvalidEnvironmentException("The macOS architecture '" + arch
                    + "' names several machines; give one (arm64 or x86_64)", tag, tag.length() - arch.length());
        }
        return new Platform("posix", "darwin", "Darwin", arch, darwinRelease(version[0], version[1]));
    }

    /** The Darwin kernel release of the first release of a macOS version (10.15 is 19, 11 is 20, 26 is 25). */
    private static String darwinRelease(int macMajor, int macMinor) {
        int darwin;
        if (macMajor == 10) {
            darwin = macMinor + 4;
        } else if (macMajor >= 11 && macMajor <= 15) {
            darwin = macMajor + 9;
        } else if (macMajor >= 26) {
            darwin = macMajor - 1; // macOS jumped from 15 to 26 (the year), Darwin went on from 24 to 25
        } else {
            return "";
        }
        return darwin + ".0.0";
    }

    private static Platform ios(String tag, String[] parts) {
        numbers(tag, parts, 1, 2);
        String last = parts[parts.length - 1];
        if (parts.length < 5 || !(last.equals("iphoneos") || last.equals("iphonesimulator"))) {
            throw new InvalidEnvironmentException(
                    "An iOS tag is ios_MAJOR_MINOR_ARCH_iphoneos or ios_MAJOR_MINOR_ARCH_iphonesimulator", tag, 0);
        }
        String arch = String.join("_", Arrays.copyOfRange(parts, 3, parts.length - 1));
        return new Platform("posix", "ios", "iOS", arch, "");
    }

    private static Platform android(String tag, String[] parts) {
        numbers(tag, parts, 1, 1);
        String abi = joined(tag, parts, 2);
        // Android names ABIs, Python reports the machine as uname does.
        String machine = switch (abi) {
            case "arm64_v8a" -> "aarch64";
            case "armeabi_v7a" -> "armv7l";
            case "x86" -> "i686";
            default -> abi;
        };
        return new Platform("posix", "android", "Android", machine, "");
    }

    /** Parses {@code count} numeric parts starting at {@code from}. */
    private static int[] numbers(String tag, String[] parts, int from, int count) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            int index = from + i;
            if (index >= parts.length || parts[index].isEmpty() || parts[index].length() > 9
                    || !parts[index].chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new InvalidEnvironmentException(
                        "Expected a version number as part " + (index + 1) + " of the platform tag", tag,
                        offsetOf(parts, index));
            }
            out[i] = Integer.parseInt(parts[index]);
        }
        return out;
    }

    /** The parts from {@code from} on, joined again: the architecture, which may hold underscores. */
    private static String joined(String tag, String[] parts, int from) {
        if (from >= parts.length) {
            throw new InvalidEnvironmentException("Expected an architecture at the end of the platform tag", tag,
                    tag.length());
        }
        String arch = String.join("_", Arrays.copyOfRange(parts, from, parts.length));
        for (int i = 0; i < arch.length(); i++) {
            char c = arch.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
                throw new InvalidEnvironmentException("An architecture may hold only letters, digits and '_'", tag,
                        offsetOf(parts, from) + i);
            }
        }
        if (arch.isEmpty() || arch.startsWith("_") || arch.endsWith("_")) {
            throw new InvalidEnvironmentException("Expected an architecture at the end of the platform tag", tag,
                    offsetOf(parts, from));
        }
        return arch;
    }

    private static int offsetOf(String[] parts, int index) {
        int offset = 0;
        for (int i = 0; i < index && i < parts.length; i++) {
            offset += parts[i].length() + 1;
        }
        return offset;
    }
}
