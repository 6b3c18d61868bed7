package dev.pymirror.packaging.tags;

import java.util.ArrayList;
import java.util.List;

/**
 * A Linux platform named after its C library: {@code <family>_<major>_<minor>_<arch>}, the
 * library's version and an architecture. {@link ManylinuxPlatform} (glibc) and
 * {@link MusllinuxPlatform} (musl) are the two; the tag, the description and the accepted tags
 * are written once, here, from the library and its version.
 */
public sealed interface LinuxLibcPlatform extends Platform permits ManylinuxPlatform, MusllinuxPlatform {

    @Override
    default String tag() {
        LibcVersion v = libcVersion();
        return v.libc().family() + '_' + v.major() + '_' + v.minor() + '_' + arch();
    }

    @Override
    default OperatingSystem os() {
        return OperatingSystem.LINUX;
    }

    /**
     * {@code linux_<arch>} (the machine's own builds), then the family's {@code platformTags} for
     * the architecture ({@link ManylinuxPlatform#platformTags}, {@link MusllinuxPlatform#platformTags}).
     */
    @Override
    default List<String> compatibleTags() {
        LibcVersion v = libcVersion();
        List<String> archs = LinuxArchitectures.accepted(arch());
        List<String> tags = new ArrayList<>(LinuxArchitectures.linuxTags(archs));
        tags.addAll(v.libc().platformTags(v.major(), v.minor(), archs));
        return tags;
    }

    @Override
    default String describe() {
        LibcVersion v = libcVersion();
        return "Linux with " + v.libc().displayName() + ' ' + v.major() + '.' + v.minor() + " on " + arch();
    }

    /** The one place the two records differ for this interface: what they call their library's version. */
    private LibcVersion libcVersion() {
        return switch (this) {
            case ManylinuxPlatform p -> new LibcVersion(LinuxLibc.GLIBC, p.glibcMajor(), p.glibcMinor());
            case MusllinuxPlatform p -> new LibcVersion(LinuxLibc.MUSL, p.muslMajor(), p.muslMinor());
        };
    }
}
