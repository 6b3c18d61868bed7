package dev.pymirror.server.web;

import dev.pymirror.simple.ProjectFile;
import java.time.Instant;

/**
 * One file of a project page with what the UI adds to what the page says.
 *
 * @param file the file as the index's page lists it
 * @param version the version its name gives; null when the name is not a distribution's
 * @param origin where it comes from: the member chain of a group and, for a mirror, its upstream
 *     (e.g. {@code pypi ← https://pypi.org/simple/}); null when the index itself holds it
 * @param cached for a mirror's file whether it is in the cache; null when no mirror is involved
 * @param uploader for a hosted index's file who uploaded it; null otherwise or when not recorded
 * @param refused why the index refuses the file to installers; null when it serves it. The page
 *     lists refused files too, marked: it is for operators, who need to see what is withheld and why
 */
record FileRow(ProjectFile file, String version, String origin, Boolean cached, String uploader, Refusal refused) {

    /**
     * Why a file is withheld from installers (a block or a status answers 403 when it is asked for by
     * URL, a cooldown 404 as for a file not there yet).
     *
     * @param until for a file held back by a cooldown, the moment it comes of age; null when it has
     *     no upload time (held back until it is given one) and for the other causes
     */
    record Refusal(Cause cause, String reason, Instant until) {

        enum Cause {
            /** By an advisory the index's guard policy blocks ({@code reason}: the advisories). */
            BLOCKED,
            /** By a PEP 792 status of the project, the upstream's or the tree's. */
            STATUS,
            /** By the index's cooldown ({@code min-age}): younger than that. */
            HELD_BACK
        }

        static Refusal blocked(String advisories) {
            return new Refusal(Cause.BLOCKED, "advisory " + advisories, null);
        }

        static Refusal byStatus(String reason) {
            return new Refusal(Cause.STATUS, reason, null);
        }

        /** @param minAge the index's min-age, in words */
        static Refusal heldBack(String minAge, Instant until) {
            return new Refusal(Cause.HELD_BACK, until == null ? "it has no upload time, so the index's min-age " + minAge
                    + " holds it back" : "by the index's min-age " + minAge + ", until", until);
        }

    }

    FileRow(ProjectFile file, String version, String origin, Boolean cached, String uploader) {
        this(file, version, origin, cached, uploader, null);
    }
}
