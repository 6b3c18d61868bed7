package dev.pymirror.packaging.tags;

import java.util.ArrayList;
import java.util.List;

/**
 * A macOS platform: {@code macosx_<major>_<minor>_<binary format>}.
 *
 * <p>The binary format is a CPU architecture ({@code x86_64}, {@code arm64}, {@code i386},
 * {@code ppc}, {@code ppc64}) or a fat binary holding several ({@code universal2} is x86_64 and
 * arm64; {@code intel} is i386 and x86_64; {@code fat} i386 and ppc; {@code fat3} i386, ppc and
 * x86_64; {@code fat64} ppc64 and x86_64; {@code universal} i386, ppc, ppc64 and x86_64).
 *
 * <p>Before macOS 11 each yearly release raised the minor version (10.15); since, it raises the
 * major version (11, 12, ...), so a machine on 12.x accepts 12.0, 11.0 and every 10.x down to
 * 10.4 that its architecture ran on. Tags of 11 and later are only listed with minor 0, as wheels
 * are built that way.
 *
 * @param major the macOS major version
 * @param minor the macOS minor version
 * @param arch the CPU architecture or binary format
 */
public record MacosPlatform(int major, int minor, String arch) implements Platform {

    public MacosPlatform {
        VersionedTagReader.checkPart("A macOS major version", major);
        VersionedTagReader.checkPart("A macOS minor version", minor);
        arch = VersionedTagReader.checkArch("A macOS architecture", arch);
    }

    @Override
    public String tag() {
        return "macosx_" + major + '_' + minor + '_' + arch;
    }

    @Override
    public OperatingSystem os() {
        return OperatingSystem.MACOS;
    }

    @Override
    public List<String> compatibleTags() {
        return platformTags(major, minor, arch);
    }

    @Override
    public String describe() {
        return "macOS " + major + '.' + minor + " on " + arch;
    }

    /**
     * The binary formats a machine of {@code arch} on macOS {@code major.minor} can load, the CPU's
     * own first, then the fat formats that contain it; empty where that CPU did not exist (x86 and
     * i386 before 10.4, ppc64 outside 10.4 to 10.5, ppc after 10.6).
     */
    public static List<String> binaryFormats(int major, int minor, String arch) {
        List<String> formats = new ArrayList<>(6);
        formats.add(arch);
        switch (arch) {
            case "x86_64" -> {
                if (isBefore(major, minor, 10, 4)) {
                    return List.of();
                }
                formats.addAll(List.of("intel", "fat64", "fat3"));
            }
            case "i386" -> {
                if (isBefore(major, minor, 10, 4)) {
                    return List.of();
                }
                formats.addAll(List.of("intel", "fat3", "fat"));
            }
            case "ppc64" -> {
                if (isBefore(major, minor, 10, 4) || isBefore(10, 5, major, minor)) {
                    return List.of();
                }
                formats.add("fat64");
            }
            case "ppc" -> {
                if (isBefore(10, 6, major, minor)) {
                    return List.of();
                }
                formats.addAll(List.of("fat3", "fat"));
            }
            default -> { }
        }
        if (arch.equals("arm64") || arch.equals("x86_64")) {
            formats.add("universal2");
        }
        switch (arch) {
            case "x86_64", "i386", "ppc64", "ppc", "intel" -> formats.add("universal");
            default -> { }
        }
        return formats;
    }

    /**
     * The macOS platform tags a machine on {@code major.minor} with {@code arch} accepts, newest
     * version first and, within a version, in {@link #binaryFormats} order. From macOS 11 on, the
     * 10.x versions follow (10.16 down to 10.4): every format on x86_64, and on other
     * architectures only {@code universal2}, whose x86_64 half may target those versions.
     */
    public static List<String> platformTags(int major, int minor, String arch) {
        VersionedTagReader.checkPart("A macOS major version", major);
        VersionedTagReader.checkPart("A macOS minor version", minor);
        List<String> tags = new ArrayList<>();
        if (major == 10) {
            for (int m = minor; m >= 0; m--) {
                addFormats(tags, 10, m, binaryFormats(10, m, arch));
            }
        } else if (major >= 11) {
            for (int m = major; m >= 11; m--) {
                addFormats(tags, m, 0, binaryFormats(m, 0, arch));
            }
            for (int m = 16; m >= 4; m--) {
                addFormats(tags, 10, m, arch.equals("x86_64") ? binaryFormats(10, m, arch) : List.of("universal2"));
            }
        }
        return tags;
    }

    /** Reads {@code macosx_X_Y_format}; null if the tag does not have that shape. */
    static MacosPlatform fromTag(String tag) {
        VersionedTagReader reader = new VersionedTagReader(tag, "macosx_".length());
        int major = reader.number();
        int minor = major < 0 ? -1 : reader.number();
        String arch = minor < 0 ? null : reader.rest();
        return arch == null ? null : new MacosPlatform(major, minor, arch);
    }

    private static void addFormats(List<String> tags, int major, int minor, List<String> formats) {
        for (String format : formats) {
            tags.add("macosx_" + major + '_' + minor + '_' + format);
        }
    }

    private static boolean isBefore(int major, int minor, int otherMajor, int otherMinor) {
        return major != otherMajor ? major < otherMajor : minor < otherMinor;
    }
}
