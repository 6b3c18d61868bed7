package dev.pymirror.packaging.tags;

import java.util.List;

/**
 * A platform that accepts only its own tag: Windows ({@code win32}, {@code win_amd64},
 * {@code win_arm64}), a machine's own Linux builds ({@code linux_x86_64}), {@code any},
 * Emscripten and Pyodide, and every tag this library does not recognise.
 *
 * @param tag the platform tag
 * @param os the operating system the tag names, {@link OperatingSystem#OTHER} when unknown
 * @param arch the architecture the tag names, empty when it names none
 */
public record GenericPlatform(String tag, OperatingSystem os, String arch) implements Platform {

    public GenericPlatform {
        if (tag == null || tag.isEmpty()) {
            throw new InvalidTargetException("A platform tag must not be empty", tag);
        }
        if (os == null) {
            throw new InvalidTargetException("A platform's operating system is required", tag);
        }
        arch = arch == null ? "" : arch;
    }

    @Override
    public List<String> compatibleTags() {
        return List.of(tag);
    }

    @Override
    public String describe() {
        return switch (os) {
            case ANY -> "any platform";
            case OTHER -> "platform '" + tag + "'";
            default -> arch.isEmpty() ? os.displayName() : os.displayName() + " on " + arch;
        };
    }

    /** Classifies a normalised tag that is none of the versioned platforms. */
    static GenericPlatform fromTag(String tag) {
        if (tag.equals("any")) {
            return new GenericPlatform(tag, OperatingSystem.ANY, "");
        }
        if (tag.equals("win32")) {
            return new GenericPlatform(tag, OperatingSystem.WINDOWS, "x86");
        }
        if (tag.startsWith("win_") && tag.length() > 4) {
            return new GenericPlatform(tag, OperatingSystem.WINDOWS, tag.substring(4));
        }
        if (tag.startsWith("linux_") && tag.length() > 6) {
            return new GenericPlatform(tag, OperatingSystem.LINUX, tag.substring(6));
        }
        if (tag.startsWith("emscripten_") || tag.startsWith("pyodide_") || tag.startsWith("pyemscripten_")) {
            return new GenericPlatform(tag, OperatingSystem.EMSCRIPTEN, tag.substring(tag.lastIndexOf('_') + 1));
        }
        return new GenericPlatform(tag, OperatingSystem.OTHER, "");
    }
}
