package dev.pymirror.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test wheels are only worth having if the real pip installs them: it judges here. */
@Tag("slow")
class WheelTest {

    @TempDir
    Path tmp;

    @Test
    void pipInstallsTestWheelsWithTheirDependenciesFromAFileIndex() throws Exception {
        Wheel app = Wheel.of("Acme.App", "2.0").requires("acme-lib>=1.1").build();
        Wheel libOld = Wheel.of("acme-lib", "1.0").build();
        Wheel libNew = Wheel.of("acme_lib", "1.1").payload(200_000, 7).build();
        Path index = tmp.resolve("index");
        writeProject(index.resolve("acme-app"), List.of(app));
        writeProject(index.resolve("acme-lib"), List.of(libOld, libNew));

        ToolRun r = new Pip(Files.createDirectories(tmp.resolve("home")))
                .install(index.toUri().toString(), tmp.resolve("site"), "acme-app");

        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(tmp.resolve("site/acme_app/__init__.py")).content().contains("2.0");
        assertThat(tmp.resolve("site/acme_lib/__init__.py")).content().contains("1.1");
        assertThat(tmp.resolve("site/acme_lib/payload.bin")).hasSize(200_000);
        assertThat(app.filename()).isEqualTo("Acme_App-2.0-py3-none-any.whl");
    }

    private static void writeProject(Path dir, List<Wheel> wheels) throws Exception {
        Files.createDirectories(dir);
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><body>\n");
        for (Wheel w : wheels) {
            Files.write(dir.resolve(w.filename()), w.bytes());
            html.append("<a href=\"").append(w.filename()).append("#sha256=").append(w.sha256()).append("\">")
                    .append(w.filename()).append("</a>\n");
        }
        Files.writeString(dir.resolve("index.html"), html.append("</body></html>\n"), StandardCharsets.UTF_8);
    }
}
