package dev.pymirror.packaging.dist;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.dist.InvalidFilenameException.Problem;
import dev.pymirror.packaging.version.Version;

/**
 * The name of a source distribution: {@code <name>-<version>.tar.gz} or {@code <name>-<version>.zip}.
 *
 * <p>The version is everything after the last {@code -} (a PEP 440 version holds none); the
 * name is everything before it. Older sdists predate the naming rules ({@code
 * antlr4-python3-runtime-4.9.3.tar.gz} keeps its dashes), so the name is only required to be
 * non-empty, then normalized.
 *
 * @param name the project name
 * @param version the version
 * @param format the archive format
 */
public record SdistFilename(ProjectName name, Version version, Format format) implements DistributionFilename {

    /** The archive formats of source distributions. */
    public enum Format {
        /** A gzip-compressed tar archive, the format PEP 625 requires. */
        TAR_GZ(".tar.gz"),
        /** A zip archive, from before PEP 625. */
        ZIP(".zip");

        private final String extension;

        Format(String extension) {
            this.extension = extension;
        }

        /** The file extension, with its dot. */
        public String extension() {
            return extension;
        }

        /** The format of a file name by its extension, or null for neither. */
        static Format of(String filename) {
            if (filename.endsWith(TAR_GZ.extension)) {
                return TAR_GZ;
            }
            return filename.endsWith(ZIP.extension) ? ZIP : null;
        }
    }

    public SdistFilename {
        if (name == null || version == null || format == null) {
            throw new InvalidFilenameException(Problem.NAME, "An sdist file name needs a name, a version and a format",
                    name + "-" + version);
        }
    }

    /**
     * Parses an sdist file name.
     *
     * @throws InvalidFilenameException if the extension is not {@code .tar.gz} or {@code .zip},
     *     there is no {@code -}, the name is empty or the version is not PEP 440
     */
    public static SdistFilename parse(String filename) {
        Format format = filename == null ? null : Format.of(filename);
        if (format == null) {
            throw new InvalidFilenameException(Problem.EXTENSION, "An sdist file name ends in '.tar.gz' or '.zip'",
                    filename, filename == null ? InvalidFilenameException.NO_POSITION : extensionStart(filename));
        }
        int end = filename.length() - format.extension().length();
        int dash = filename.lastIndexOf('-', end - 1);
        if (dash < 0) {
            throw new InvalidFilenameException(Problem.PART_COUNT,
                    "An sdist file name is '<name>-<version>' and an extension; found no '-'", filename, end);
        }
        if (dash == 0) {
            throw new InvalidFilenameException(Problem.NAME, "An sdist file name must start with the project name",
                    filename, 0);
        }
        String namePart = filename.substring(0, dash);
        Version version = VersionPart.parse(filename, dash + 1, end, "an sdist");
        return new SdistFilename(new ProjectName(namePart, ProjectName.normalize(namePart)), version, format);
    }

    /** The normalized file name: {@code <normalized name with _>-<normalized version><extension>}. */
    @Override
    public String toString() {
        return name.normalized().replace('-', '_') + '-' + version + format.extension();
    }

    private static int extensionStart(String filename) {
        int dot = filename.lastIndexOf('.');
        return dot < 0 ? filename.length() : dot;
    }
}
