package dev.pymirror.bench;

import dev.pymirror.simple.HtmlCodec;
import dev.pymirror.simple.JsonCodec;
import dev.pymirror.simple.ProjectPage;
import dev.pymirror.simple.SamplePages;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
 * Reading and writing a project page of 5,000 files (about 2 MB of JSON), the size the server and
 * the mirror builder meet for long-lived projects; the target is well under 100 ms each. Run with
 * {@code bench/jmh.sh SimplePagesBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SimplePagesBench {

    static final int FILES = 5000;
    static final URI PAGE = URI.create("https://index.example.org/simple/generated-project/");

    ProjectPage page;
    byte[] json;
    byte[] html;

    @Setup
    public void setUp() {
        page = SamplePages.generated(FILES);
        json = JsonCodec.INSTANCE.writeProjectPage(page).getBytes(StandardCharsets.UTF_8);
        html = HtmlCodec.INSTANCE.writeProjectPage(page).getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public byte[] writeJson() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length);
        JsonCodec.INSTANCE.writeProjectPage(page, out);
        return out.toByteArray();
    }

    @Benchmark
    public ProjectPage readJson() throws IOException {
        return JsonCodec.INSTANCE.readProjectPage(new ByteArrayInputStream(json), PAGE);
    }

    @Benchmark
    public byte[] writeHtml() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(html.length);
        HtmlCodec.INSTANCE.writeProjectPage(page, out);
        return out.toByteArray();
    }

    @Benchmark
    public ProjectPage readHtml() throws IOException {
        return HtmlCodec.INSTANCE.readProjectPage(new ByteArrayInputStream(html), PAGE);
    }
}
