package dev.pymirror.simple;

import dev.pymirror.packaging.ProjectName;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A project's page of the simple repository API ({@code /simple/<project>/}): its files and what
 * the index says about the project.
 *
 * <p>{@code versions}, {@code tracks} and {@code alternateLocations} are sets in the standards;
 * they keep their first-seen order here and drop duplicates.
 *
 * @param name the project's name
 * @param meta the page's API version and serial
 * @param files the project's files, in page order
 * @param versions every version the project has, with or without files (PEP 700; JSON only)
 * @param tracks the URLs of the projects this one extends on other indexes (PEP 708)
 * @param alternateLocations the URLs of the same project on other indexes (PEP 708)
 * @param status the project's status marker, when the page gives one (PEP 792)
 */
public record ProjectPage(
        ProjectName name,
        PageMeta meta,
        List<ProjectFile> files,
        List<String> versions,
        List<String> tracks,
        List<String> alternateLocations,
        Optional<ProjectStatus> status) {

    /** @throws IllegalArgumentException if the name or metadata is missing or a list holds null */
    public ProjectPage {
        if (name == null) {
            throw new IllegalArgumentException("A project page needs a project name");
        }
        if (meta == null) {
            throw new IllegalArgumentException("A project page needs its metadata (use PageMeta.DEFAULT)");
        }
        files = ImmutableLists.copy("The files of " + name, files);
        versions = ImmutableLists.copyDistinct("The versions of " + name, versions);
        tracks = ImmutableLists.copyDistinct("The tracked URLs of " + name, tracks);
        alternateLocations = ImmutableLists.copyDistinct("The alternate locations of " + name, alternateLocations);
        status = status == null ? Optional.empty() : status;
    }

    /** A version 1.0 page of these files and nothing else. */
    public static ProjectPage of(ProjectName name, Collection<ProjectFile> files) {
        return builder(name).files(files).build();
    }

    /** A builder for a version 1.0 page of this project with no files. */
    public static Builder builder(ProjectName name) {
        return new Builder(name);
    }

    /** A builder holding everything this page holds. */
    public Builder toBuilder() {
        return new Builder(name).meta(meta).files(files).versions(versions).tracks(tracks)
                .alternateLocations(alternateLocations).status(status.orElse(null));
    }

    /** This page with other files. */
    public ProjectPage withFiles(Collection<ProjectFile> newFiles) {
        return new ProjectPage(name, meta, ImmutableLists.copy("The files of " + name, newFiles), versions, tracks,
                alternateLocations, status);
    }

    /** This page with each file replaced by {@code change} applied to it (to rewrite URLs, say). */
    public ProjectPage mapFiles(UnaryOperator<ProjectFile> change) {
        return withFiles(files.stream().map(change).toList());
    }

    /** This page with other metadata. */
    public ProjectPage withMeta(PageMeta newMeta) {
        return new ProjectPage(name, newMeta, files, versions, tracks, alternateLocations, status);
    }

    /** Builds a {@link ProjectPage}; every setter replaces what was set before. */
    public static final class Builder {
        private final ProjectName name;
        private PageMeta meta = PageMeta.DEFAULT;
        private List<ProjectFile> files = List.of();
        private List<String> versions = List.of();
        private List<String> tracks = List.of();
        private List<String> alternateLocations = List.of();
        private ProjectStatus status;

        private Builder(ProjectName name) {
            this.name = name;
        }

        public Builder meta(PageMeta value) {
            this.meta = value;
            return this;
        }

        /** Sets the API version, keeping the serial. */
        public Builder apiVersion(ApiVersion value) {
            this.meta = meta.withApiVersion(value);
            return this;
        }

        public Builder lastSerial(long value) {
            this.meta = meta.withLastSerial(value);
            return this;
        }

        public Builder files(Collection<ProjectFile> value) {
            this.files = ImmutableLists.copy("The files of " + name, value);
            return this;
        }

        public Builder versions(Collection<String> value) {
            this.versions = ImmutableLists.copy("The versions of " + name, value);
            return this;
        }

        public Builder tracks(Collection<String> value) {
            this.tracks = ImmutableLists.copy("The tracked URLs of " + name, value);
            return this;
        }

        public Builder alternateLocations(Collection<String> value) {
            this.alternateLocations = ImmutableLists.copy("The alternate locations of " + name, value);
            return this;
        }

        /** The status marker, or null when the page gives none. */
        public Builder status(ProjectStatus value) {
            this.status = value;
            return this;
        }

        /** @throws IllegalArgumentException as {@link ProjectPage#ProjectPage} does */
        public ProjectPage build() {
            return new ProjectPage(name, meta, files, versions, tracks, alternateLocations, Optional.ofNullable(status));
        }
    }
}
