package dev.pymirror.server.legacyjson;

import dev.pymirror.packaging.PackagingException;
import dev.pymirror.packaging.dist.DistributionFilename;
import dev.pymirror.packaging.version.Version;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.simple.ProjectPage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A project page's files grouped by version, lowest version first.
 *
 * <p>A file's version is read from its name (wheel or sdist); a file whose name is neither, or
 * whose version is not PEP 440, is left out, since no release can be named for it. Versions the
 * page lists without files (PEP 700) are releases with no files, as PyPI shows them.
 *
 * @param ascending every release, by PEP 440 order; versions that are not PEP 440 first
 */
public record Releases(List<Release> ascending) {

    private static final Comparator<Release> ORDER = Comparator.comparing(Release::parsed,
            Comparator.nullsFirst(Comparator.naturalOrder()));

    public Releases {
        ascending = List.copyOf(ascending);
    }

    /** The releases of a page. */
    public static Releases of(ProjectPage page) {
        Map<Version, List<ProjectFile>> byVersion = new LinkedHashMap<>();
        Map<String, Release> unparsed = new LinkedHashMap<>();
        for (ProjectFile file : page.files()) {
            Version version;
            try {
                version = DistributionFilename.parse(file.filename()).version();
            } catch (PackagingException e) {
                continue;
            }
            byVersion.computeIfAbsent(version, v -> new ArrayList<>()).add(file);
        }
        for (String listed : page.versions()) {
            Version version = Version.parseOrNull(listed);
            if (version != null) {
                byVersion.computeIfAbsent(version, v -> new ArrayList<>());
            } else {
                unparsed.putIfAbsent(listed, new Release(listed, null, List.of()));
            }
        }
        List<Release> releases = new ArrayList<>(unparsed.values());
        byVersion.forEach((version, files) -> releases.add(new Release(version.toString(), version, files)));
        releases.sort(ORDER);
        return new Releases(releases);
    }

    /**
     * The release a project's document shows, as PyPI chooses it: the newest by PEP 440 that has
     * files, is not yanked and is not a pre-release; failing that the newest pre-release that is
     * not yanked; then the newest yanked one; empty when no release has files.
     */
    public Optional<Release> latest() {
        Release preRelease = null;
        Release yanked = null;
        Release yankedPreRelease = null;
        for (int i = ascending.size() - 1; i >= 0; i--) {
            Release r = ascending.get(i);
            if (r.files().isEmpty()) {
                continue;
            }
            if (!r.isYanked() && !r.isPrerelease()) {
                return Optional.of(r);
            }
            if (!r.isYanked()) {
                preRelease = preRelease == null ? r : preRelease;
            } else if (!r.isPrerelease()) {
                yanked = yanked == null ? r : yanked;
            } else {
                yankedPreRelease = yankedPreRelease == null ? r : yankedPreRelease;
            }
        }
        return Optional.ofNullable(preRelease != null ? preRelease : yanked != null ? yanked : yankedPreRelease);
    }

    /**
     * The release a version URL names: the one written exactly so, else the one PEP 440 holds equal
     * ({@code 1.0} for {@code 1.0.0}, as PyPI answers).
     */
    public Optional<Release> find(String version) {
        for (Release r : ascending) {
            if (r.version().equals(version)) {
                return Optional.of(r);
            }
        }
        Version wanted = Version.parseOrNull(version);
        if (wanted == null) {
            return Optional.empty();
        }
        return ascending.stream().filter(r -> wanted.equals(r.parsed())).findFirst();
    }
}
