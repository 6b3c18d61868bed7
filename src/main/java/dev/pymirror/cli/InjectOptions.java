package dev.pymirror.cli;

import dev.pymirror.inject.ClientSettings;
import dev.pymirror.inject.IndexFlags;
import dev.pymirror.inject.IndexProbe;
import dev.pymirror.inject.IndexSelection;
import dev.pymirror.inject.InjectPlan;
import dev.pymirror.inject.InvalidSettingException;
import dev.pymirror.inject.MirrorDirectory;
import dev.pymirror.inject.SystemMount;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options inject and run share: which indexes, which mirror, what else to write. */
final class InjectOptions {

    @Option(names = "--mirror", paramLabel = "DIR",
            description = "Host directory holding the mirror tree, bind-mounted read-only at DIR/tmp/pypi "
                    + "(needs root). Default: $DIB_IMAGE_CACHE/pypi/mirror, else ~/.cache/image-create/pypi/mirror, "
                    + "mounted only when it exists.")
    Path mirror;

    @Option(names = "--no-mirror", description = "Mount no mirror directory (no root needed).")
    boolean noMirror;

    @Option(names = "--index-url", paramLabel = "URL",
            description = "An index for the clients (http, https or file URL); repeat for more, the first is "
                    + "the primary. Replaces DIB_PYPI_MIRROR_URL, DIB_PYPI_MIRROR_URL_<suffix> (in string order) and the "
                    + "deprecated PYPI_MIRROR_URL*. With none of these: file:///tmp/pypi.")
    List<String> indexUrls = new ArrayList<>();

    @Option(names = "--offline",
            description = "Do not add the official index after the mirrors (also: DIB_OFFLINE set).")
    boolean offline;

    @Option(names = "--no-official-index",
            description = "Do not add the official index, without going offline (also: DIB_NO_PYPI_PIP set).")
    boolean noOfficialIndex;

    @Option(names = "--retries", paramLabel = "N",
            description = "pip's retries per download (also: DIB_PIP_RETRIES); 0 falls back to the next index at once.")
    Integer retries;

    @Option(names = "--break-system-packages",
            description = "Let pip and uv install into a Python marked externally managed (PEP 668), as "
                    + "Debian 12 and later are.")
    boolean breakSystemPackages;

    @Option(names = "--no-url-check",
            description = "Do not ask each http(s) index URL whether it answers as an index (by default a server's "
                    + "root given for its index, such as http://host/ for http://host/simple/, is warned about).")
    boolean noUrlCheck;

    /** The plan these options and the environment describe. */
    InjectPlan plan(Map<String, String> environment, List<SystemMount> systemMounts, List<String> notes) {
        if (mirror != null && noMirror) {
            throw new InvalidSettingException("--mirror and --no-mirror contradict each other: give one");
        }
        IndexSelection indexes = IndexSelection.choose(environment,
                new IndexFlags(indexUrls, offline, noOfficialIndex, retries));
        if (!noUrlCheck) {
            indexes = indexes.withWarnings(new IndexProbe(Duration.ofSeconds(5)).warnings(indexes.mirrors()));
        }
        Optional<Path> mirrorDir = noMirror ? Optional.empty() : MirrorDirectory.choose(mirror, environment);
        if (!noMirror && mirrorDir.isEmpty()) {
            notes.add("no mirror directory mounted: " + MirrorDirectory.defaultLocation(environment)
                    + " does not exist (give one with --mirror DIR)");
        }
        return new InjectPlan(new ClientSettings(indexes, breakSystemPackages), mirrorDir, systemMounts);
    }
}
