package dev.pymirror.packaging.tags;

import java.util.ArrayList;
import java.util.List;

/** Which architectures a Linux machine runs, shared by the glibc and musl platforms. */
final class LinuxArchitectures {

    private LinuxArchitectures() {}

    /**
     * The architectures a Linux machine of {@code arch} runs: itself, and for {@code armv8l} (a
     * 32-bit ARM user space on a 64-bit CPU) also {@code armv7l}.
     */
    static List<String> accepted(String arch) {
        return arch.equals("armv8l") ? List.of("armv8l", "armv7l") : List.of(arch);
    }

    /** {@code linux_<arch>} for each architecture: wheels built on such a machine for itself. */
    static List<String> linuxTags(List<String> archs) {
        List<String> tags = new ArrayList<>(archs.size());
        for (String arch : archs) {
            tags.add("linux_" + arch);
        }
        return tags;
    }
}
