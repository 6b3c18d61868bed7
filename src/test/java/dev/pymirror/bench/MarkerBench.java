package dev.pymirror.bench;

import dev.pymirror.packaging.requirements.Environment;
import dev.pymirror.packaging.requirements.Marker;
import dev.pymirror.packaging.requirements.Requirement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What a resolver does on every dependency edge: parse Requires-Dist lines and evaluate their markers
 * for several targets. Run with
 * {@code bench/jmh.sh MarkerBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MarkerBench {

    static final List<String> REQUIRES_DIST = List.of(
            "charset-normalizer<4,>=2",
            "idna<4,>=2.5",
            "urllib3<3,>=1.21.1",
            "certifi>=2017.4.17",
            "PySocks!=1.5.7,>=1.5.6; extra == \"socks\"",
            "chardet<6,>=3.0.2; extra == \"use-chardet-on-py3\"",
            "importlib-metadata>=4.6; python_version < \"3.10\"",
            "typing-extensions>=4.0; python_version < \"3.11\" and platform_python_implementation == \"CPython\"",
            "pywin32>=226; sys_platform == \"win32\" and platform_machine != \"ARM64\"",
            "uvloop>=0.15; sys_platform != \"win32\" and (sys_platform != \"cygwin\" and implementation_name != \"pypy\")",
            "numpy>=1.26; python_full_version >= \"3.12.0\" or os_name == \"nt\"");

    static final List<Environment> TARGETS = List.of(
            Environment.forTarget("3.12", "manylinux_2_28_x86_64"),
            Environment.forTarget("3.11", "macosx_11_0_arm64"),
            Environment.forTarget("3.12", "win_amd64"),
            Environment.forTarget("3.10", "musllinux_1_2_aarch64", "pypy"));

    List<Requirement> parsed = REQUIRES_DIST.stream().map(Requirement::parse).toList();

    @Benchmark
    public void parseRequirements(Blackhole out) {
        for (String line : REQUIRES_DIST) {
            out.consume(Requirement.parse(line));
        }
    }

    @Benchmark
    public void evaluateMarkers(Blackhole out) {
        for (Requirement requirement : parsed) {
            Marker marker = requirement.marker();
            if (marker != null) {
                for (Environment target : TARGETS) {
                    out.consume(marker.evaluate(target));
                }
            }
        }
    }
}
