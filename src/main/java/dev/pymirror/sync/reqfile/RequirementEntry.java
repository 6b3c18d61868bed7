package dev.pymirror.sync.reqfile;

import dev.pymirror.packaging.requirements.Requirement;

/**
 * One requirement or constraint as the user wrote it, with where.
 *
 * @param requirement the PEP 508 requirement (never a URL or path: those are rejected when read)
 * @param hashes the {@code --hash} pins of the line; {@link HashPins#NONE} when none
 * @param origin the file and line, or the command line
 */
public record RequirementEntry(Requirement requirement, HashPins hashes, Origin origin) {

    public RequirementEntry {
        if (requirement == null || hashes == null || origin == null) {
            throw new IllegalArgumentException("A requirement entry needs a requirement, hash pins and an origin");
        }
    }

    /** {@code origin: requirement}, as messages show it. */
    @Override
    public String toString() {
        return origin + ": " + requirement;
    }
}
