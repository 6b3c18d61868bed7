package dev.pymirror.packaging.tags;

import java.util.ArrayList;
import java.util.List;

/**
 * A Linux platform with musl libc, as PEP 656 names it: {@code musllinux_<musl major>_<musl minor>_<arch>}.
 * A machine with musl 1.2 accepts wheels for musl 1.2, 1.1 and 1.0: musl keeps compatibility
 * within a major version only.
 *
 * @param muslMajor the musl major version
 * @param muslMinor the musl minor version
 * @param arch the architecture, e.g. {@code x86_64}, {@code aarch64}
 */
public record MusllinuxPlatform(int muslMajor, int muslMinor, String arch) implements LinuxLibcPlatform {

    public MusllinuxPlatform {
        arch = LinuxLibc.MUSL.checkedArch(muslMajor, muslMinor, arch);
    }

    /** The musllinux tags a musl version accepts for each architecture: every minor version of its major, newest first. */
    public static List<String> platformTags(int muslMajor, int muslMinor, List<String> archs) {
        LinuxLibc.MUSL.checkVersion(muslMajor, muslMinor);
        List<String> tags = new ArrayList<>();
        for (String arch : archs) {
            for (int minor = muslMinor; minor >= 0; minor--) {
                tags.add("musllinux_" + muslMajor + '_' + minor + '_' + arch);
            }
        }
        return tags;
    }

    /** Reads {@code musllinux_X_Y_arch}; null if the tag does not have that shape. */
    static MusllinuxPlatform fromTag(String tag) {
        return LinuxLibc.MUSL.fromTag(tag, MusllinuxPlatform::new);
    }
}
