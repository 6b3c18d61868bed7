package dev.pymirror.packaging.tags;

import java.util.ArrayList;
import java.util.List;

/**
 * A Linux platform with glibc, as PEP 600 names it: {@code manylinux_<glibc major>_<glibc minor>_<arch>}.
 * The legacy tags of PEPs 513, 571 and 599 are aliases: {@code manylinux1} is glibc 2.5,
 * {@code manylinux2010} glibc 2.12 and {@code manylinux2014} glibc 2.17.
 *
 * <p>A machine with glibc 2.28 accepts wheels built for any glibc from 2.28 down: on x86_64 and
 * i686 down to 2.5 (the oldest manylinux), elsewhere down to 2.17 (the oldest that platform had).
 * glibc stays compatible across major versions, so glibc 3.x also accepts 2.x, taking 2.50 as the
 * highest 2.x minor.
 *
 * @param glibcMajor the glibc major version
 * @param glibcMinor the glibc minor version
 * @param arch the architecture, e.g. {@code x86_64}, {@code aarch64}, {@code armv7l}
 */
public record ManylinuxPlatform(int glibcMajor, int glibcMinor, String arch) implements LinuxLibcPlatform {

    /** The minor version assumed to be the last of each glibc major version before the current one. */
    static final int LAST_MINOR_OF_EARLIER_MAJORS = 50;

    public ManylinuxPlatform {
        arch = LinuxLibc.GLIBC.checkedArch(glibcMajor, glibcMinor, arch);
    }

    /**
     * The manylinux platform tags a glibc accepts for each architecture, newest first, each
     * legacy alias right after the version it stands for: for glibc 2.17 on x86_64 that is
     * {@code manylinux_2_17_x86_64, manylinux2014_x86_64, manylinux_2_16_x86_64, ...,
     * manylinux_2_5_x86_64, manylinux1_x86_64}.
     */
    public static List<String> platformTags(int glibcMajor, int glibcMinor, List<String> archs) {
        LinuxLibc.GLIBC.checkVersion(glibcMajor, glibcMinor);
        // x86 had manylinux1 (glibc 2.5); every other architecture begins at manylinux2014 (2.17).
        boolean x86 = archs.contains("x86_64") || archs.contains("i686");
        int oldestMinorOf2 = x86 ? 5 : 17;
        List<String> tags = new ArrayList<>();
        for (String arch : archs) {
            for (int major = glibcMajor; major == glibcMajor || major >= 2; major--) {
                int newest = major == glibcMajor ? glibcMinor : LAST_MINOR_OF_EARLIER_MAJORS;
                int oldest = major == 2 ? oldestMinorOf2 : 0;
                for (int minor = newest; minor >= oldest; minor--) {
                    tags.add("manylinux_" + major + '_' + minor + '_' + arch);
                    String alias = legacyAlias(major, minor);
                    if (alias != null) {
                        tags.add(alias + '_' + arch);
                    }
                }
            }
        }
        return tags;
    }

    /** {@code manylinux1}, {@code manylinux2010} or {@code manylinux2014} for glibc 2.5, 2.12 and 2.17; null otherwise. */
    public static String legacyAlias(int glibcMajor, int glibcMinor) {
        if (glibcMajor != 2) {
            return null;
        }
        return switch (glibcMinor) {
            case 5 -> "manylinux1";
            case 12 -> "manylinux2010";
            case 17 -> "manylinux2014";
            default -> null;
        };
    }

    /** Reads {@code manylinux_X_Y_arch}; null if the tag does not have that shape. */
    static ManylinuxPlatform fromTag(String tag) {
        return LinuxLibc.GLIBC.fromTag(tag, ManylinuxPlatform::new);
    }

    /** Reads {@code manylinux1_arch}, {@code manylinux2010_arch} or {@code manylinux2014_arch}; null if malformed. */
    static ManylinuxPlatform fromLegacyTag(String tag) {
        int underscore = tag.indexOf('_');
        if (underscore < 0 || underscore == tag.length() - 1) {
            return null;
        }
        String arch = tag.substring(underscore + 1);
        return switch (tag.substring(0, underscore)) {
            case "manylinux1" -> new ManylinuxPlatform(2, 5, arch);
            case "manylinux2010" -> new ManylinuxPlatform(2, 12, arch);
            case "manylinux2014" -> new ManylinuxPlatform(2, 17, arch);
            default -> null;
        };
    }
}
