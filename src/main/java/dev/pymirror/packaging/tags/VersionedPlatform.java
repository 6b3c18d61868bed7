package dev.pymirror.packaging.tags;

/** The version a platform tag carries (glibc, musl, macOS, iOS, Android API level), for comparing and messages. */
final class VersionedPlatform {

    private VersionedPlatform() {}

    /** {@code {major, minor}} of the platform's version, or null for a platform without one. */
    static int[] version(Platform platform) {
        return switch (platform) {
            case ManylinuxPlatform p -> new int[] {p.glibcMajor(), p.glibcMinor()};
            case MusllinuxPlatform p -> new int[] {p.muslMajor(), p.muslMinor()};
            case MacosPlatform p -> new int[] {p.major(), p.minor()};
            case IosPlatform p -> new int[] {p.major(), p.minor()};
            case AndroidPlatform p -> new int[] {p.apiLevel(), -1};
            case GenericPlatform p -> null;
        };
    }

    /** What the version counts: {@code glibc}, {@code musl}, {@code macOS}, {@code iOS}, {@code API level}. */
    static String versionName(Platform platform) {
        return switch (platform) {
            case ManylinuxPlatform p -> "glibc";
            case MusllinuxPlatform p -> "musl";
            case MacosPlatform p -> "macOS";
            case IosPlatform p -> "iOS";
            case AndroidPlatform p -> "API level";
            case GenericPlatform p -> p.os().displayName();
        };
    }

    static int compare(int[] a, int[] b) {
        return a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]);
    }

    static String format(int[] version) {
        return version[1] < 0 ? Integer.toString(version[0]) : version[0] + "." + version[1];
    }
}
