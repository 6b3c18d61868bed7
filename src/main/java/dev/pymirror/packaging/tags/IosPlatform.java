package dev.pymirror.packaging.tags;

import java.util.ArrayList;
import java.util.List;

/**
 * An iOS platform: {@code ios_<major>_<minor>_<multiarch>}, where the multiarch names CPU and SDK,
 * such as {@code arm64_iphoneos} or {@code x86_64_iphonesimulator}.
 *
 * <p>A device accepts every iOS version from its own down to 12.0, the first able to run CPython;
 * minors are listed up to 9 for earlier majors, more than any release has had.
 *
 * @param major the iOS major version
 * @param minor the iOS minor version
 * @param multiarch the CPU and SDK, with {@code -} written as {@code _}
 */
public record IosPlatform(int major, int minor, String multiarch) implements Platform {

    /** The oldest iOS version wheels are built for. */
    static final int OLDEST_MAJOR = 12;
    /** The highest minor version considered for earlier majors. */
    static final int HIGHEST_MINOR = 9;

    public IosPlatform {
        VersionedTagReader.checkPart("An iOS major version", major);
        VersionedTagReader.checkPart("An iOS minor version", minor);
        multiarch = VersionedTagReader.checkArch("An iOS multiarch", multiarch);
    }

    @Override
    public String tag() {
        return "ios_" + major + '_' + minor + '_' + multiarch;
    }

    @Override
    public OperatingSystem os() {
        return OperatingSystem.IOS;
    }

    @Override
    public String arch() {
        return multiarch;
    }

    @Override
    public List<String> compatibleTags() {
        return platformTags(major, minor, multiarch);
    }

    @Override
    public String describe() {
        return "iOS " + major + '.' + minor + " on " + multiarch;
    }

    /** The iOS platform tags a device on {@code major.minor} accepts, newest first, down to 12.0. */
    public static List<String> platformTags(int major, int minor, String multiarch) {
        VersionedTagReader.checkPart("An iOS major version", major);
        VersionedTagReader.checkPart("An iOS minor version", minor);
        String arch = VersionedTagReader.checkArch("An iOS multiarch", multiarch);
        List<String> tags = new ArrayList<>();
        if (major < OLDEST_MAJOR) {
            return tags;
        }
        for (int m = minor; m >= 0; m--) {
            tags.add("ios_" + major + '_' + m + '_' + arch);
        }
        for (int earlier = major - 1; earlier >= OLDEST_MAJOR; earlier--) {
            for (int m = HIGHEST_MINOR; m >= 0; m--) {
                tags.add("ios_" + earlier + '_' + m + '_' + arch);
            }
        }
        return tags;
    }

    /** Reads {@code ios_X_Y_multiarch}; null if the tag does not have that shape. */
    static IosPlatform fromTag(String tag) {
        VersionedTagReader reader = new VersionedTagReader(tag, "ios_".length());
        int major = reader.number();
        int minor = major < 0 ? -1 : reader.number();
        String arch = minor < 0 ? null : reader.rest();
        return arch == null ? null : new IosPlatform(major, minor, arch);
    }
}
