package dev.pymirror.bench;

import dev.pymirror.packaging.dist.WheelFilename;
import dev.pymirror.packaging.tags.SupportedTags;
import dev.pymirror.packaging.tags.Target;
import dev.pymirror.packaging.version.SpecifierSet;
import dev.pymirror.packaging.version.Version;
import dev.pymirror.testing.Conformance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The packaging library on the sizes the resolver and the server meet: 100,000 versions parsed,
 * sorted and matched against a specifier set; a page's worth of real wheel names parsed and ranked.
 * Run with {@code bench/jmh.sh PackagingBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PackagingBench {

    static final int VERSIONS = 100_000;

    String[] versionTexts;
    Version[] versions;
    Long[] boxedLongs;
    SpecifierSet specifier;
    List<String> wheelNames;
    List<WheelFilename> wheels;
    SupportedTags cp312Linux;

    @Setup
    public void setUp() {
        versionTexts = syntheticVersions(VERSIONS, new Random(42));
        versions = Arrays.stream(versionTexts).map(Version::parse).toArray(Version[]::new);
        Random random = new Random(42);
        boxedLongs = new Long[VERSIONS];
        for (int i = 0; i < VERSIONS; i++) {
            boxedLongs[i] = random.nextLong();
        }
        specifier = SpecifierSet.parse(">=1.2,<30,!=2.0.1,!=3.*");
        wheelNames = new ArrayList<>();
        Conformance.entries("names.json", "wheel_filenames_real_world").forEach(e -> wheelNames.add(e.getKey()));
        wheels = wheelNames.stream().map(WheelFilename::parse).toList();
        cp312Linux = Target.parse("cp312-manylinux_2_28_x86_64").supportedTags();
    }

    /** Version strings of the shapes found on a real index: mostly releases, some pre/post/dev, local, epochs. */
    static String[] syntheticVersions(int n, Random r) {
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            StringBuilder v = new StringBuilder();
            if (r.nextInt(200) == 0) {
                v.append(1 + r.nextInt(2)).append('!');
            }
            v.append(r.nextInt(30)).append('.').append(r.nextInt(40));
            if (r.nextBoolean()) {
                v.append('.').append(r.nextInt(25));
            }
            switch (r.nextInt(20)) {
                case 0 -> v.append("a").append(r.nextInt(5));
                case 1 -> v.append("rc").append(r.nextInt(3));
                case 2 -> v.append(".post").append(r.nextInt(3));
                case 3 -> v.append(".dev").append(r.nextInt(9));
                case 4 -> v.append("b").append(r.nextInt(4)).append(".dev0");
                case 5 -> v.append("+local.").append(r.nextInt(9));
                default -> { }
            }
            out[i] = v.toString();
        }
        return out;
    }

    @Benchmark
    public Version[] parse100kVersions() {
        Version[] out = new Version[versionTexts.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Version.parse(versionTexts[i]);
        }
        return out;
    }

    @Benchmark
    public Version[] sort100kVersions() {
        Version[] copy = versions.clone();
        Arrays.sort(copy);
        return copy;
    }

    /**
     * The yardstick for {@link #sort100kVersions}: sorting as many boxed random longs, the least
     * any array of 100,000 comparable objects costs on this machine (memory traffic, not the
     * comparison, is most of it).
     */
    @Benchmark
    public Long[] sort100kBoxedLongsYardstick() {
        Long[] copy = boxedLongs.clone();
        Arrays.sort(copy);
        return copy;
    }

    @Benchmark
    public int match100kVersionsAgainstASpecifierSet() {
        int matches = 0;
        for (Version v : versions) {
            if (specifier.contains(v)) {
                matches++;
            }
        }
        return matches;
    }

    @Benchmark
    public List<Version> filter100kVersionsThroughASpecifierSet() {
        return specifier.filter(Arrays.asList(versions));
    }

    @Benchmark
    public List<WheelFilename> parse5291RealWheelNames() {
        List<WheelFilename> out = new ArrayList<>(wheelNames.size());
        for (String name : wheelNames) {
            out.add(WheelFilename.parse(name));
        }
        return out;
    }

    @Benchmark
    public int rank5291WheelsForOneTarget() {
        int compatible = 0;
        for (WheelFilename w : wheels) {
            if (cp312Linux.priority(w.tags()) >= 0) {
                compatible++;
            }
        }
        return compatible;
    }
}
