package dev.pymirror.packaging.dist;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.dist.InvalidFilenameException.Problem;
import dev.pymirror.packaging.version.Version;
import java.util.Optional;

/**
 * The parsed name of a distribution file: a wheel ({@code .whl}) or a source distribution
 * ({@code .tar.gz}, {@code .zip}). Pattern-match on the two kinds:
 * <pre>{@code
 * switch (DistributionFilename.parse(href)) {
 *     case WheelFilename wheel -> ...
 *     case SdistFilename sdist -> ...
 * }
 * }</pre>
 * {@link #toString()} gives the normalized file name.
 */
public sealed interface DistributionFilename permits WheelFilename, SdistFilename {

    /** The project name, compared by its PEP 503 normalized form. */
    ProjectName name();

    /** The PEP 440 version. */
    Version version();

    /**
     * Parses a wheel or sdist file name, chosen by its extension.
     *
     * @throws InvalidFilenameException if the extension is none of {@code .whl}, {@code .tar.gz},
     *     {@code .zip}, or the name does not follow the rules of its kind
     */
    static DistributionFilename parse(String filename) {
        if (filename != null && filename.endsWith(WheelFilename.EXTENSION)) {
            return WheelFilename.parse(filename);
        }
        if (filename != null && SdistFilename.Format.of(filename) != null) {
            return SdistFilename.parse(filename);
        }
        throw new InvalidFilenameException(Problem.EXTENSION,
                "A distribution file name ends in '.whl', '.tar.gz' or '.zip'", filename);
    }

    /**
     * Like {@link #parse}, but empty instead of an exception: for index pages, where legacy
     * files ({@code .egg}, {@code .exe}, {@code .tar.bz2}) and malformed names sit beside the
     * distributions worth reading.
     */
    static Optional<DistributionFilename> tryParse(String filename) {
        if (filename == null) {
            return Optional.empty();
        }
        boolean wheel = filename.endsWith(WheelFilename.EXTENSION);
        if (!wheel && SdistFilename.Format.of(filename) == null) {
            return Optional.empty(); // the common miss, without the cost of an exception
        }
        try {
            return Optional.of(wheel ? WheelFilename.parse(filename) : SdistFilename.parse(filename));
        } catch (InvalidFilenameException e) {
            return Optional.empty();
        }
    }
}
