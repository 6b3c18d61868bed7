package dev.pymirror.hash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.testing.PymirrorProcess;
import dev.pymirror.testing.Wheel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command as users run it ({@code java -jar} on the built jar) hashes with OpenSSL's SHA-256 and
 * says nothing of it: the jar's manifest allows the native call, which the JVM would otherwise warn
 * about on standard error, and the digest it writes is the JDK's.
 */
@Tag("slow")
class OpenSslSha256CommandTest {

    @TempDir
    Path dir;

    @Test
    void addHashesAWheelWithOpenSslAndWarnsOfNothing() throws Exception {
        Wheel wheel = Wheel.of("demo", "1.0").payload(300_000, 7).build();
        Path file = Files.write(dir.resolve(wheel.filename()), wheel.bytes());
        Path classes = dir.resolve("classes.log");
        Path tree = dir.resolve("tree");

        PymirrorProcess.Result added = PymirrorProcess.run(dir.resolve("run"),
                Map.of("PATH", System.getenv("PATH"), "HOME", dir.toString(),
                        "JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + classes),
                2, "add", "--output", tree.toString(), file.toString());

        assertThat(added.exitCode()).as(added.toString()).isZero();
        assertThat(added.stderr()).as(added.toString()).doesNotContain("WARNING");
        assertThat(Files.readString(classes)).contains("dev.pymirror.hash.OpenSslSha256 ");
        // The page the tree serves states the wheel's SHA-256 as the JDK computes it (Wheel's own).
        assertThat(Files.readString(tree.resolve("demo/index.html"))).contains("#sha256=" + wheel.sha256());
    }
}
