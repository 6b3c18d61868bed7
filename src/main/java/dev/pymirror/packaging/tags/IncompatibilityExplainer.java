package dev.pymirror.packaging.tags;

import dev.pymirror.packaging.tags.Incompatibility.Aspect;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Puts into words why a tag is not among a target's supported tags, from the supported tags
 * alone: which interpreters, ABIs and platforms they hold, and what those platforms mean.
 */
final class IncompatibilityExplainer {

    private final String interpreter;
    private final Map<String, Set<String>> abisByInterpreter = new LinkedHashMap<>();
    private final Set<String> platformTags = new LinkedHashSet<>();
    private final List<Platform> platforms = new ArrayList<>();
    private final Platform primaryPlatform;

    IncompatibilityExplainer(List<Tag> supported) {
        interpreter = supported.isEmpty() ? null : supported.get(0).interpreter();
        for (Tag tag : supported) {
            abisByInterpreter.computeIfAbsent(tag.interpreter(), k -> new LinkedHashSet<>()).add(tag.abi());
            if (platformTags.add(tag.platform())) {
                platforms.add(Platform.parse(tag.platform()));
            }
        }
        // The platform that says most about the target: the first versioned one, as
        // manylinux_2_28_x86_64 says more than the linux_x86_64 listed before it.
        Platform primary = null;
        for (Platform platform : platforms) {
            if (!(platform instanceof GenericPlatform)) {
                primary = platform;
                break;
            }
            if (primary == null && platform.os() != OperatingSystem.ANY) {
                primary = platform;
            }
        }
        primaryPlatform = primary;
    }

    Incompatibility explain(Tag tag) {
        if (interpreter == null) {
            return new Incompatibility(tag, Aspect.INTERPRETER, "the target supports no tags at all");
        }
        Set<String> abis = abisByInterpreter.get(tag.interpreter());
        if (abis == null) {
            return new Incompatibility(tag, Aspect.INTERPRETER, "needs " + InterpreterNames.describe(tag.interpreter())
                    + "; the target is " + InterpreterNames.describe(interpreter));
        }
        if (!abis.contains(tag.abi())) {
            return new Incompatibility(tag, Aspect.ABI, "needs ABI '" + tag.abi() + "'; with interpreter '"
                    + tag.interpreter() + "' the target accepts only " + quoted(abis));
        }
        if (!platformTags.contains(tag.platform())) {
            return new Incompatibility(tag, Aspect.PLATFORM, explainPlatform(Platform.parse(tag.platform())));
        }
        return new Incompatibility(tag, Aspect.COMBINATION, "the target accepts interpreter '" + tag.interpreter()
                + "', ABI '" + tag.abi() + "' and platform '" + tag.platform() + "', but not together");
    }

    private String explainPlatform(Platform wanted) {
        String target = primaryPlatform == null ? "no platform" : primaryPlatform.describe();
        List<Platform> sameKind = new ArrayList<>();
        for (Platform platform : platforms) {
            if (platform.getClass() == wanted.getClass() && platform.os() == wanted.os()) {
                sameKind.add(platform);
            }
        }
        if (sameKind.isEmpty() || wanted.os() == OperatingSystem.OTHER) {
            return "is for " + wanted.describe() + "; the target is " + target;
        }
        List<Platform> sameArch = new ArrayList<>();
        Set<String> archs = new LinkedHashSet<>();
        for (Platform platform : sameKind) {
            archs.add(platform.arch());
            if (platform.arch().equals(wanted.arch())) {
                sameArch.add(platform);
            }
        }
        if (sameArch.isEmpty()) {
            return "is built for " + wanted.arch() + "; the target accepts " + String.join(", ", archs);
        }
        int[] version = VersionedPlatform.version(wanted);
        if (version == null) {
            return "platform '" + wanted.tag() + "' is not accepted by the target (" + target + ")";
        }
        int[] newest = null;
        int[] oldest = null;
        for (Platform platform : sameArch) {
            int[] v = VersionedPlatform.version(platform);
            if (newest == null || VersionedPlatform.compare(v, newest) > 0) {
                newest = v;
            }
            if (oldest == null || VersionedPlatform.compare(v, oldest) < 0) {
                oldest = v;
            }
        }
        String what = VersionedPlatform.versionName(wanted);
        if (VersionedPlatform.compare(version, newest) > 0) {
            return "needs " + what + " " + VersionedPlatform.format(version) + "; the target accepts " + what
                    + " up to " + VersionedPlatform.format(newest);
        }
        if (VersionedPlatform.compare(version, oldest) < 0) {
            return "is for " + what + " " + VersionedPlatform.format(version) + ", older than the target accepts on "
                    + wanted.arch() + " (" + VersionedPlatform.format(oldest) + " and later)";
        }
        return "platform '" + wanted.tag() + "' is not accepted by the target (" + target + ")";
    }

    private static String quoted(Set<String> values) {
        List<String> out = new ArrayList<>(values.size());
        for (String value : values) {
            out.add("'" + value + "'");
        }
        return String.join(", ", out);
    }
}
