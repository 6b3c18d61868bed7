package dev.pymirror.simple;

import dev.pymirror.packaging.ProjectName;
import java.util.OptionalLong;

/**
 * One project of the repository's project list.
 *
 * @param name the project's name, as the index lists it (normalized or not, as the index chose)
 * @param lastSerial the index's change serial for the project, when it gives one (PyPI's
 *     {@code _last-serial}; JSON only)
 */
public record ListedProject(ProjectName name, OptionalLong lastSerial) {

    public ListedProject {
        if (name == null) {
            throw new IllegalArgumentException("A listed project needs a name");
        }
        lastSerial = lastSerial == null ? OptionalLong.empty() : lastSerial;
    }

    /** A project without a serial. */
    public static ListedProject of(ProjectName name) {
        return new ListedProject(name, OptionalLong.empty());
    }

    /** A project with its serial. */
    public static ListedProject of(ProjectName name, long lastSerial) {
        return new ListedProject(name, OptionalLong.of(lastSerial));
    }
}
