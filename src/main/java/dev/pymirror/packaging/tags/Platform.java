package dev.pymirror.packaging.tags;

import java.util.List;
import java.util.Locale;

/**
 * A platform tag understood: which operating system, C library or OS version and architecture it
 * names, and which platform tags a machine of that platform accepts.
 *
 * <p>{@link #parse} never fails: a tag it does not recognise becomes a {@link GenericPlatform}
 * with {@link OperatingSystem#OTHER}, which accepts only itself. That is what a wheel's platform
 * needs (any string may appear in a wheel name) and what a target needs for a platform this
 * library knows nothing special about.
 */
public sealed interface Platform
        permits LinuxLibcPlatform, MacosPlatform, IosPlatform, AndroidPlatform, GenericPlatform {

    /**
     * The largest number accepted in a versioned platform tag (glibc, musl, macOS, iOS, Android
     * API level). A machine accepts every older version, one tag each, so the bound also bounds
     * the tag list; larger numbers make the tag unrecognised.
     */
    int MAX_VERSION_PART = 999;

    /** The platform tag, e.g. {@code manylinux_2_28_x86_64}; legacy aliases are given in their PEP 600 form. */
    String tag();

    /** The operating system of the platform. */
    OperatingSystem os();

    /**
     * The architecture as the tag writes it ({@code x86_64}, {@code aarch64}, {@code arm64},
     * {@code amd64}, a macOS binary format such as {@code universal2}, an iOS multiarch such as
     * {@code arm64_iphoneos}); empty for {@code any} and unrecognised tags.
     */
    String arch();

    /**
     * The platform tags a machine of this platform accepts, most preferred first. For
     * {@code manylinux_2_28_x86_64} that is {@code linux_x86_64}, then {@code manylinux_2_28_x86_64}
     * down to {@code manylinux_2_5_x86_64} with the legacy aliases after their versions.
     */
    List<String> compatibleTags();

    /** A short description for messages, such as {@code Linux with glibc 2.28 on x86_64}. */
    String describe();

    /**
     * Understands a platform tag. Case is ignored, and {@code -}, {@code .} and spaces are read as
     * {@code _}, so a {@code sysconfig} platform such as {@code macosx-11.0-arm64} or
     * {@code linux-x86_64} is accepted too.
     *
     * @throws InvalidTargetException if {@code tag} is null or empty
     */
    static Platform parse(String tag) {
        if (tag == null || tag.isEmpty()) {
            throw new InvalidTargetException("A platform tag must not be empty", tag);
        }
        String t = normalize(tag);
        Platform known = switch (prefix(t)) {
            case "manylinux" -> ManylinuxPlatform.fromTag(t);
            case "manylinux1", "manylinux2010", "manylinux2014" -> ManylinuxPlatform.fromLegacyTag(t);
            case "musllinux" -> MusllinuxPlatform.fromTag(t);
            case "macosx" -> MacosPlatform.fromTag(t);
            case "ios" -> IosPlatform.fromTag(t);
            case "android" -> AndroidPlatform.fromTag(t);
            default -> null;
        };
        return known != null ? known : GenericPlatform.fromTag(t);
    }

    /** Lower case, with {@code -}, {@code .} and spaces as {@code _}, as {@code sysconfig} platforms are normalised. */
    static String normalize(String tag) {
        String lower = tag.toLowerCase(Locale.ROOT);
        if (lower.indexOf('-') < 0 && lower.indexOf('.') < 0 && lower.indexOf(' ') < 0) {
            return lower;
        }
        return lower.replace('-', '_').replace('.', '_').replace(' ', '_');
    }

    private static String prefix(String tag) {
        int underscore = tag.indexOf('_');
        return underscore < 0 ? tag : tag.substring(0, underscore);
    }
}
