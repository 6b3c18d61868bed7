package dev.pymirror.testing;

import dev.pymirror.testing.StaticIndex.Listing;
import dev.pymirror.testing.Workload.Dependency;
import dev.pymirror.testing.Workload.LockedWheel;
import dev.pymirror.testing.Workload.Release;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A synthetic upstream index generated from a {@link Workload}: every locked release with its real
 * wheels' tags (file names normalized as the binary distribution format asks), its dependency
 * edges, markers and extras as core metadata, and
 * small generated contents; plus releases around each so that choosing is real work:
 *
 * <ul>
 *   <li>an older release, with the same wheels and dependencies;
 *   <li>a newer release that must be passed over, one of five kinds chosen by the project's name:
 *       yanked; a pre-release; one requiring Python 3.14; one with wheels for Windows and macOS
 *       only; or one whose dependency does not exist, which sends a resolver back to the locked
 *       release.
 * </ul>
 *
 * Projects the lock knows only as sdists get a pure-Python wheel, so that binary-only installs can
 * judge them. Each locked release also has an sdist (PKG-INFO 2.1) beside its wheels, which a
 * wheels-only mirror must leave alone.
 */
public final class WorkloadUpstream {

    /** The project a broken release depends on, which no index has. */
    public static final String MISSING_PROJECT = "pymirror-synthetic-missing";

    /**
     * How to generate.
     *
     * @param bytesPerPayloadByte real bytes per byte of generated payload (1 for real sizes)
     * @param maxPayload the largest payload of a locked release's wheel
     * @param maxDecoyPayload the largest payload of the releases around it
     * @param pep658 whether pages offer PEP 658 metadata files
     */
    public record Options(int bytesPerPayloadByte, int maxPayload, int maxDecoyPayload, boolean pep658) {
        /** Wheels of at most a few kilobytes, with PEP 658 metadata. */
        public static final Options SMALL = new Options(1024, 4096, 4096, true);
        /** Locked wheels as large as the real ones, the others small, with PEP 658 metadata. */
        public static final Options REAL_SIZES = new Options(1, 64 << 20, 4096, true);

        public Options withoutPep658() {
            return new Options(bytesPerPayloadByte, maxPayload, maxDecoyPayload, false);
        }
    }

    /**
     * What was generated.
     *
     * @param index the index written
     * @param locked the locked version of each project, by normalized name (the highest when several)
     * @param decoys the newer release of each project that must be passed over, with its kind
     */
    public record Generated(StaticIndex index, Map<String, String> locked, Map<String, String> decoys) {}

    private WorkloadUpstream() {}

    /** Writes the upstream of a workload under {@code root} ({@code root/simple/}, {@code root/files/}). */
    public static Generated write(Workload workload, Path root, Options options) throws IOException {
        StaticIndex index = new StaticIndex(root);
        Map<String, List<Release>> byName = new LinkedHashMap<>();
        for (Release r : workload.packages()) {
            if (r.fromIndex()) {
                byName.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(r);
            }
        }
        Map<String, String> locked = new LinkedHashMap<>();
        Map<String, String> decoys = new LinkedHashMap<>();
        Listing plain = options.pep658() ? Listing.PLAIN : Listing.PLAIN.withoutMetadata();
        for (Map.Entry<String, List<Release>> project : byName.entrySet()) {
            List<Release> releases = new ArrayList<>(project.getValue());
            releases.sort(Comparator.comparing(r -> new NumericVersion(r.version())));
            Release lowest = releases.get(0);
            Release highest = releases.get(releases.size() - 1);
            locked.put(project.getKey(), highest.version());
            Options decoy = new Options(Math.max(1024, options.bytesPerPayloadByte()), options.maxDecoyPayload(),
                    options.maxDecoyPayload(), options.pep658());
            for (Release r : releases) {
                emit(index, r, r.version(), tags(r), requiresDist(r), r.requiresPython(), plain, options);
                index.add(Sdist.of(r.name(), r.version()).metadataVersion("2.1")
                        .requires(requiresDist(r).toArray(String[]::new)).build(), plain);
            }
            String older = NumericVersion.below(lowest.version());
            if (older != null) {
                emit(index, lowest, older, tags(lowest), requiresDist(lowest), lowest.requiresPython(), plain, decoy);
            }
            String base = NumericVersion.release(highest.version());
            List<String> deps = requiresDist(highest);
            switch (Math.floorMod(project.getKey().hashCode(), 5)) {
                case 0 -> {
                    emit(index, highest, base + ".1", tags(highest), deps, highest.requiresPython(),
                            plain.yank("synthetic: a broken upload"), decoy);
                    decoys.put(project.getKey(), base + ".1 yanked");
                }
                case 1 -> {
                    emit(index, highest, base + ".1rc1", tags(highest), deps, highest.requiresPython(), plain, decoy);
                    decoys.put(project.getKey(), base + ".1rc1 pre-release");
                }
                case 2 -> {
                    emit(index, highest, base + ".1", tags(highest), deps, ">=3.14",
                            plain.requiringPython(">=3.14"), decoy);
                    decoys.put(project.getKey(), base + ".1 requires Python 3.14");
                }
                case 3 -> {
                    emit(index, highest, base + ".1", List.of("cp312-cp312-win_amd64", "cp312-cp312-macosx_11_0_arm64"),
                            deps, highest.requiresPython(), plain, decoy);
                    decoys.put(project.getKey(), base + ".1 Windows and macOS only");
                }
                default -> {
                    List<String> broken = new ArrayList<>(deps);
                    broken.add(MISSING_PROJECT + ">=1");
                    emit(index, highest, base + ".1", tags(highest), broken, highest.requiresPython(), plain, decoy);
                    decoys.put(project.getKey(), base + ".1 depends on a project that does not exist");
                }
            }
        }
        index.write();
        return new Generated(index, locked, decoys);
    }

    private record WheelTag(String distName, String tag, String build, long size) {}

    /** The wheels a release has: its real ones, or one pure-Python wheel when the lock has only an sdist. */
    private static List<WheelTag> tags(Release r) {
        List<WheelTag> result = new ArrayList<>();
        for (LockedWheel w : r.wheels()) {
            String stem = w.filename().substring(0, w.filename().length() - ".whl".length());
            String[] parts = stem.split("-");
            int n = parts.length;
            result.add(new WheelTag(parts[0], parts[n - 3] + "-" + parts[n - 2] + "-" + parts[n - 1],
                    n == 6 ? parts[2] : null, w.size()));
        }
        if (result.isEmpty()) {
            result.add(new WheelTag(r.name().replace('-', '_'), "py3-none-any", null, 20_000));
        }
        return result;
    }

    private static void emit(StaticIndex index, Release r, String version, List<?> tags, List<String> requiresDist,
            String requiresPython, Listing listing, Options options) {
        List<WheelTag> wheels = new ArrayList<>();
        for (Object t : tags) {
            wheels.add(t instanceof WheelTag w ? w : new WheelTag(r.name().replace('-', '_'), (String) t, null, 20_000));
        }
        for (WheelTag w : wheels) {
            // The metadata's Name is the project's normalized name, as the lock and the requirements write
            // it (pip 23.0 compares PEP 658 metadata names as written); the file name follows from it.
            Wheel.Builder b = Wheel.of(r.name(), version).tag(w.tag()).requires(requiresDist.toArray(String[]::new))
                    .extra(r.extras().keySet().toArray(String[]::new))
                    .payload((int) Math.min(options.maxPayload(), w.size() / options.bytesPerPayloadByte()),
                            (r.name() + version + w.tag()).hashCode());
            if (w.build() != null) {
                b.buildTag(w.build());
            }
            if (requiresPython != null) {
                b.requiresPython(requiresPython);
            }
            index.add(b.build(), listing);
        }
    }

    /** The Requires-Dist lines of a release: its dependencies, then each extra's, marked with the extra. */
    static List<String> requiresDist(Release r) {
        List<String> lines = new ArrayList<>();
        r.dependencies().forEach(d -> lines.add(line(d, null)));
        r.extras().forEach((extra, deps) -> deps.forEach(d -> lines.add(line(d, extra))));
        return lines;
    }

    private static String line(Dependency d, String extra) {
        StringBuilder s = new StringBuilder(d.name());
        if (!d.extras().isEmpty()) {
            s.append('[').append(String.join(",", d.extras())).append(']');
        }
        if (d.version() != null) {
            s.append("==").append(d.version());
        }
        String marker = d.marker();
        if (extra != null) {
            marker = marker == null ? "extra == '" + extra + "'" : "(" + marker + ") and extra == '" + extra + "'";
        }
        if (marker != null) {
            s.append("; ").append(marker);
        }
        return s.toString();
    }

    /** Just enough of PEP 440 to sort locked versions and make neighbours of them. */
    private record NumericVersion(String text) implements Comparable<NumericVersion> {

        @Override
        public int compareTo(NumericVersion o) {
            return dev.pymirror.packaging.version.Version.parse(text).compareTo(
                    dev.pymirror.packaging.version.Version.parse(o.text));
        }

        /** The release numbers: {@code 0.53} for {@code 0.53b1}. */
        static String release(String version) {
            return dev.pymirror.packaging.version.Version.parse(version).release().stream()
                    .map(Object::toString).reduce((a, b) -> a + "." + b).orElseThrow();
        }

        /** A version below {@code version}: its last non-zero release number less one, or null for 0. */
        static String below(String version) {
            List<java.math.BigInteger> release = dev.pymirror.packaging.version.Version.parse(version).release();
            for (int i = release.size() - 1; i >= 0; i--) {
                if (release.get(i).signum() > 0) {
                    StringBuilder s = new StringBuilder();
                    for (int j = 0; j < i; j++) {
                        s.append(release.get(j)).append('.');
                    }
                    return s.append(release.get(i).subtract(java.math.BigInteger.ONE)).toString();
                }
            }
            return null;
        }
    }
}
