package dev.pymirror.server.time;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.server.index.FileEvent;
import dev.pymirror.simple.ProjectPage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What a {@link TimeFilteredIndex} leaves out: files uploaded after a moment, or too recently. */
public sealed interface TimeRule {

    /** True when the rule leaves {@code project} as it is. */
    boolean exempts(ProjectName project);

    /** True when the rule needs each project's {@link FileEvent history}. */
    boolean needsHistory();

    /** The page cut by this rule at {@code now}. */
    FilteredPage apply(ProjectPage page, List<FileEvent> history, Instant now);

    /** Whether a page cut at {@code cutAt} is still this rule's answer at {@code now}. */
    boolean stillHolds(FilteredPage cut, Instant cutAt, Instant now);

    /** Why a file is not served, for the 404's body. */
    String withheld(String filename, Optional<Instant> uploaded);

    /**
     * Why a file the index has deleted is not served: its bytes are gone, so no view lists it, also
     * one of a moment before the deletion.
     */
    default String deleted(String filename, Instant at) {
        return "'" + filename + "' was deleted at " + at + ": its bytes are gone, so it is not served";
    }

    /** Why a file listed now is not served by a view of a moment when its index did not list it. */
    default String unlisted(String filename, Instant since) {
        return "'" + filename + "' was not listed at the moment of this view: the upstream stopped listing it at "
                + since + " (and lists it again now)";
    }

    /** Why a file the page of this view does not list is not served by URL. */
    default String notListed(String filename) {
        return "'" + filename + "' is not listed";
    }

    /** For {@code /health}. */
    String describe();

    /**
     * The index as it was at {@code moment}: files uploaded at or before it, yanks as they were
     * then. What it serves never changes while the index's pages do not.
     */
    record AsOf(Instant moment) implements TimeRule {

        @Override
        public boolean exempts(ProjectName project) {
            return false;
        }

        @Override
        public boolean needsHistory() {
            return true;
        }

        @Override
        public FilteredPage apply(ProjectPage page, List<FileEvent> history, Instant now) {
            return TimeFilter.asOf(page, moment, history);
        }

        @Override
        public boolean stillHolds(FilteredPage cut, Instant cutAt, Instant now) {
            return true;
        }

        @Override
        public String withheld(String filename, Optional<Instant> uploaded) {
            return uploaded.map(t -> "'" + filename + "' was uploaded at " + t + ", after " + moment
                    + ": this view shows the index as it was then")
                    .orElse("'" + filename + "' has no upload time, so this view of " + moment + " does not serve it");
        }

        @Override
        public String deleted(String filename, Instant at) {
            return "'" + filename + "' was deleted at " + at + (at.isAfter(moment) ? ", after " + moment
                    + ", when it was served; its bytes are gone, so this view does not list or serve it"
                    : ", before " + moment);
        }

        @Override
        public String notListed(String filename) {
            return "'" + filename + "' was not listed at " + moment + ": this view shows the index as it was then";
        }

        @Override
        public String describe() {
            return "as of " + moment;
        }
    }

    /**
     * A cooldown: files younger than {@code minAge} are held back, except those of exempt
     * projects (normalized names). Yanks are as they are now.
     */
    record MinAge(Duration minAge, Set<ProjectName> exempt) implements TimeRule {

        public MinAge {
            exempt = Set.copyOf(exempt);
        }

        @Override
        public boolean exempts(ProjectName project) {
            return exempt.contains(project);
        }

        @Override
        public boolean needsHistory() {
            return false;
        }

        @Override
        public FilteredPage apply(ProjectPage page, List<FileEvent> history, Instant now) {
            return TimeFilter.uploadedBy(page, now.minus(minAge));
        }

        @Override
        public boolean stillHolds(FilteredPage cut, Instant cutAt, Instant now) {
            // Nothing held back comes of age before the next held-back upload does.
            return cut.nextUpload() == null || now.isBefore(cut.nextUpload().plus(minAge));
        }

        @Override
        public String withheld(String filename, Optional<Instant> uploaded) {
            return uploaded.map(t -> "'" + filename + "' was uploaded at " + t + ", less than " + DurationText.of(minAge)
                    + " ago: this index holds new files back until then (min-age), so it is served from "
                    + t.plus(minAge))
                    .orElse("'" + filename + "' has no upload time, so this index's min-age holds it back");
        }

        @Override
        public String describe() {
            return "min-age " + DurationText.of(minAge);
        }
    }
}
