package dev.pymirror.packaging.tags;

import java.util.ArrayList;
import java.util.List;

/**
 * An Android platform: {@code android_<API level>_<ABI>}, such as {@code android_21_arm64_v8a}.
 * A device accepts every API level from its own down to 16, the oldest able to run CPython.
 *
 * @param apiLevel the Android API level
 * @param abi the Android ABI, with {@code -} and {@code .} written as {@code _} ({@code arm64_v8a})
 */
public record AndroidPlatform(int apiLevel, String abi) implements Platform {

    /** The oldest API level wheels are built for. */
    static final int OLDEST_API_LEVEL = 16;

    public AndroidPlatform {
        VersionedTagReader.checkPart("An Android API level", apiLevel);
        abi = VersionedTagReader.checkArch("An Android ABI", abi);
    }

    @Override
    public String tag() {
        return "android_" + apiLevel + '_' + abi;
    }

    @Override
    public OperatingSystem os() {
        return OperatingSystem.ANDROID;
    }

    @Override
    public String arch() {
        return abi;
    }

    @Override
    public List<String> compatibleTags() {
        return platformTags(apiLevel, abi);
    }

    @Override
    public String describe() {
        return "Android API level " + apiLevel + " on " + abi;
    }

    /** The Android platform tags a device of {@code apiLevel} accepts, newest first, down to level 16. */
    public static List<String> platformTags(int apiLevel, String abi) {
        VersionedTagReader.checkPart("An Android API level", apiLevel);
        String normalized = VersionedTagReader.checkArch("An Android ABI", abi);
        List<String> tags = new ArrayList<>();
        for (int level = apiLevel; level >= OLDEST_API_LEVEL; level--) {
            tags.add("android_" + level + '_' + normalized);
        }
        return tags;
    }

    /** Reads {@code android_N_abi}; null if the tag does not have that shape. */
    static AndroidPlatform fromTag(String tag) {
        VersionedTagReader reader = new VersionedTagReader(tag, "android_".length());
        int level = reader.number();
        String abi = level < 0 ? null : reader.rest();
        return abi == null ? null : new AndroidPlatform(level, abi);
    }
}
