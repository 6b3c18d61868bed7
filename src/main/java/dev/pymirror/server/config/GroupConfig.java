package dev.pymirror.server.config;

import dev.pymirror.packaging.ProjectName;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * An ordered list of other indexes served as one. A project belongs to the first member that has
 * it, and its versions come from that member alone, so that a public index cannot slip a higher
 * version of a private name in front of pip (dependency confusion). Only the projects named in
 * {@code mix} take their files from every member that has them.
 *
 * @param name the index name
 * @param read who may read through the group (default: anyone); members' own settings do not apply
 * @param members the member indexes, first owner first
 * @param mix normalized names of the projects whose files are merged across members
 * @param cooldown how old a file must be to be served (default: no cooldown)
 */
public record GroupConfig(String name, Audience read, List<String> members, Set<String> mix, Cooldown cooldown)
        implements IndexConfig {

    public GroupConfig {
        IndexConfig.checkName(name);
        if (read == null) {
            read = Audience.ANYONE;
        }
        if (members == null || members.isEmpty()) {
            throw new ConfigException("a group needs members: the indexes it serves, in order");
        }
        if (new LinkedHashSet<>(members).size() != members.size()) {
            throw new ConfigException("members lists an index twice: " + members);
        }
        if (members.contains(name)) {
            throw new ConfigException("a group cannot be its own member");
        }
        members = List.copyOf(members);
        Set<String> normalized = new TreeSet<>();
        for (String project : mix == null ? Set.<String>of() : mix) {
            if (!ProjectName.isValid(project)) {
                throw new ConfigException("mix: '" + project + "' is not a project name");
            }
            normalized.add(ProjectName.normalize(project));
        }
        mix = Set.copyOf(normalized);
        cooldown = cooldown == null ? Cooldown.NONE : cooldown;
    }

    /** Without a cooldown of its own (its members may have theirs). */
    public GroupConfig(String name, Audience read, List<String> members, Set<String> mix) {
        this(name, read, members, mix, null);
    }

    public static GroupConfig of(String name, List<String> members) {
        return new GroupConfig(name, Audience.ANYONE, members, Set.of());
    }

    public GroupConfig withRead(Audience value) {
        return new GroupConfig(name, value, members, mix, cooldown);
    }

    public GroupConfig withMix(Set<String> value) {
        return new GroupConfig(name, read, members, value, cooldown);
    }

    public GroupConfig withCooldown(Cooldown value) {
        return new GroupConfig(name, read, members, mix, value);
    }

    /** True when the files of this project are merged from every member that has it. */
    public boolean mixes(ProjectName project) {
        return mix.contains(project.normalized());
    }

    @Override
    public String kind() {
        return "group";
    }
}
