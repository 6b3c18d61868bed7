package dev.pymirror.server.config;

import dev.pymirror.advisories.Advisory;
import dev.pymirror.advisories.Severity;
import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.version.Version;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What an index refuses to serve by the imported advisories ({@code [index.NAME]} keys
 * {@code block}, {@code block-vulnerable}, {@code allow}). It governs what that index serves at
 * its own URL, as {@code read} does: a group's policy applies through the group, its members'
 * through theirs.
 *
 * @param blockMalware {@code block = ["malware"]}: every version an OSV {@code MAL-} record names
 * @param blockVulnerable {@code block-vulnerable = "high"}: versions an advisory of that severity
 *     or worse names (an advisory of unknown severity blocks nothing by this rule)
 * @param allow {@code allow = ["name==version"]}: releases served whatever the advisories say
 */
public record GuardPolicy(boolean blockMalware, Optional<Severity> blockVulnerable, Set<Release> allow) {

    /** Blocks nothing. */
    public static final GuardPolicy NONE = new GuardPolicy(false, Optional.empty(), Set.of());

    /** The keys of an index table this policy is read from. */
    public static final Set<String> KEYS = Set.of("block", "block-vulnerable", "allow");

    /** One release: a normalized project name and a version. */
    public record Release(String project, Version version) {}

    public GuardPolicy {
        allow = Set.copyOf(allow);
    }

    /**
     * Reads the keys' values (null when a key is absent).
     *
     * @throws ConfigException naming the key and the value it cannot use
     */
    public static GuardPolicy parse(List<String> block, String blockVulnerable, List<String> allow) {
        boolean malware = false;
        for (String what : block == null ? List.<String>of() : block) {
            if (!what.equals("malware")) {
                throw new ConfigException("block: '" + what + "' is not known (known: \"malware\"; vulnerabilities by"
                        + " severity: block-vulnerable = \"critical\"|\"high\"|\"medium\"|\"low\")");
            }
            malware = true;
        }
        Optional<Severity> severity = Optional.empty();
        if (blockVulnerable != null) {
            severity = Severity.parse(blockVulnerable);
            if (severity.isEmpty()) {
                throw new ConfigException("block-vulnerable: '" + blockVulnerable
                        + "' is not a severity (\"critical\", \"high\", \"medium\" or \"low\")");
            }
        }
        Set<Release> allowed = new LinkedHashSet<>();
        for (String pin : allow == null ? List.<String>of() : allow) {
            int eq = pin.indexOf("==");
            String name = eq < 0 ? "" : pin.substring(0, eq).strip();
            Version version = eq < 0 ? null : Version.parseOrNull(pin.substring(eq + 2).strip());
            if (!ProjectName.isValid(name) || version == null) {
                throw new ConfigException("allow: '" + pin + "' is not name==version");
            }
            allowed.add(new Release(ProjectName.normalize(name), version));
        }
        return new GuardPolicy(malware, severity, allowed);
    }

    /** True when the policy may block anything. */
    public boolean active() {
        return blockMalware || blockVulnerable.isPresent();
    }

    /** True when this advisory makes the policy block what it affects. */
    public boolean blocks(Advisory advisory) {
        if (blockMalware && advisory.malware()) {
            return true;
        }
        return blockVulnerable.isPresent() && advisory.severity().isPresent()
                && advisory.severity().get().compareTo(blockVulnerable.get()) >= 0;
    }

    /** True when {@code allow} names this release. */
    public boolean allows(String project, Version version) {
        return version != null && allow.contains(new Release(project, version));
    }
}
