package dev.pymirror.packaging.tags;

import java.util.List;

/**
 * The C library a Linux platform tag is named after: glibc for {@code manylinux}, musl for
 * {@code musllinux}. Both families write {@code <family>_<major>_<minor>_<arch>}; they differ in
 * their names and in which older versions a machine accepts.
 */
enum LinuxLibc {

    /** glibc: {@code manylinux} tags, PEP 600. */
    GLIBC("manylinux", "glibc") {
        @Override
        List<String> platformTags(int major, int minor, List<String> archs) {
            return ManylinuxPlatform.platformTags(major, minor, archs);
        }
    },

    /** musl: {@code musllinux} tags, PEP 656. */
    MUSL("musllinux", "musl") {
        @Override
        List<String> platformTags(int major, int minor, List<String> archs) {
            return MusllinuxPlatform.platformTags(major, minor, archs);
        }
    };

    /** Makes a platform record of one family from a version and an architecture. */
    interface PlatformFactory<P extends LinuxLibcPlatform> {
        P make(int major, int minor, String arch);
    }

    private final String family;
    private final String displayName;

    LinuxLibc(String family, String displayName) {
        this.family = family;
        this.displayName = displayName;
    }

    /** The tag family, {@code manylinux} or {@code musllinux}. */
    String family() {
        return family;
    }

    /** The library as messages name it, {@code glibc} or {@code musl}. */
    String displayName() {
        return displayName;
    }

    /** The family's platform tags a machine with this library version accepts, for each architecture. */
    abstract List<String> platformTags(int major, int minor, List<String> archs);

    /** Checks a version given to a platform record or to {@code platformTags}. */
    void checkVersion(int major, int minor) {
        VersionedTagReader.checkPart("A " + displayName + " major version", major);
        VersionedTagReader.checkPart("A " + displayName + " minor version", minor);
    }

    /** Checks a version and an architecture given to a platform record; returns the architecture normalised. */
    String checkedArch(int major, int minor, String arch) {
        checkVersion(major, minor);
        return VersionedTagReader.checkArch("A " + family + " architecture", arch);
    }

    /** Reads {@code <family>_X_Y_arch} (already normalised); null if the tag does not have that shape. */
    <P extends LinuxLibcPlatform> P fromTag(String tag, PlatformFactory<P> factory) {
        VersionedTagReader reader = new VersionedTagReader(tag, family.length() + 1);
        int major = reader.number();
        int minor = major < 0 ? -1 : reader.number();
        String arch = minor < 0 ? null : reader.rest();
        return arch == null ? null : factory.make(major, minor, arch);
    }
}
