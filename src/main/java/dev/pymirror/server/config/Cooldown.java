package dev.pymirror.server.config;

import dev.pymirror.packaging.ProjectName;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * An index's cooldown: files younger than {@code minAge} are held back from everyone (a new
 * release that breaks or poisons builds is seen by the world before by this index's clients),
 * except the files of the exempt projects (urgent fixes).
 *
 * @param minAge how old a file must be to be served; zero for no cooldown
 * @param exempt normalized names of the projects served without it
 */
public record Cooldown(Duration minAge, Set<String> exempt) {

    public static final Cooldown NONE = new Cooldown(Duration.ZERO, Set.of());

    /** @throws ConfigException for a negative age or a name that is no project name */
    public Cooldown {
        if (minAge == null || minAge.isNegative()) {
            throw new ConfigException("min-age must be a positive duration, not " + minAge);
        }
        Set<String> normalized = new TreeSet<>();
        for (String project : exempt == null ? Set.<String>of() : exempt) {
            if (!ProjectName.isValid(project)) {
                throw new ConfigException("min-age-exempt: '" + project + "' is not a project name");
            }
            normalized.add(ProjectName.normalize(project));
        }
        exempt = Set.copyOf(normalized);
    }

    /** True when files are held back at all. */
    public boolean holdsBack() {
        return !minAge.isZero();
    }
}
