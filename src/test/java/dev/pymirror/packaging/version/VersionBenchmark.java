package dev.pymirror.packaging.version;

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
 * Versions and specifiers on their hot paths: parsing, sorting 100,000 versions, and matching
 * them against a specifier set. Run with the JMH runner on the test classpath, for example
 * {@code java -cp target/test-classes:target/classes:<deps> org.openjdk.jmh.Main VersionBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class VersionBenchmark {

    private String[] texts;
    private Version[] versions;
    private SpecifierSet specifiers;

    @Setup
    public void setUp() {
        Random random = new Random(42);
        String[] tails = {"", "a1", "b2", "rc1", ".post1", ".dev3", "+local.7", ".post2.dev1"};
        texts = new String[100_000];
        versions = new Version[texts.length];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = random.nextInt(5) + "." + random.nextInt(30) + "." + random.nextInt(30)
                    + (random.nextBoolean() ? "." + random.nextInt(10) : "") + tails[random.nextInt(tails.length)];
            versions[i] = Version.parse(texts[i]);
        }
        specifiers = SpecifierSet.parse(">=1.0,!=1.3.*,<3.0,!=2.5.2");
    }

    @Benchmark
    public Version[] parse100k() {
        Version[] out = new Version[texts.length];
        for (int i = 0; i < texts.length; i++) {
            out[i] = Version.parse(texts[i]);
        }
        return out;
    }

    @Benchmark
    public Version[] sort100k() {
        Version[] copy = versions.clone();
        Arrays.sort(copy);
        return copy;
    }

    @Benchmark
    public int contains100k() {
        int hits = 0;
        for (Version v : versions) {
            if (specifiers.contains(v)) {
                hits++;
            }
        }
        return hits;
    }

    @Benchmark
    public List<Version> filter100k() {
        return specifiers.filter(new ArrayList<>(List.of(versions)));
    }
}
