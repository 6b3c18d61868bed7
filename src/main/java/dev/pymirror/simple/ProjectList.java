package dev.pymirror.simple;

import dev.pymirror.packaging.ProjectName;
import java.util.Collection;
import java.util.List;

/**
 * The repository's root page ({@code /simple/}): every project it serves.
 *
 * <p>The standards treat the list as a set without order; it keeps the page's order here.
 *
 * @param meta the page's API version and serial
 * @param projects the projects, in page order
 */
public record ProjectList(PageMeta meta, List<ListedProject> projects) {

    /** @throws IllegalArgumentException if the metadata is missing or a project is null */
    public ProjectList {
        if (meta == null) {
            throw new IllegalArgumentException("A project list needs its metadata (use PageMeta.DEFAULT)");
        }
        projects = ImmutableLists.copy("The project list", projects);
    }

    /** A version 1.0 list of these names. */
    public static ProjectList of(Collection<ProjectName> names) {
        return new ProjectList(PageMeta.DEFAULT, names.stream().map(ListedProject::of).toList());
    }

    /** The projects' names, in page order. */
    public List<ProjectName> names() {
        return projects.stream().map(ListedProject::name).toList();
    }
}
