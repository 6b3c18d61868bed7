package dev.pymirror.server.hosted;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.server.config.HostedConfig;
import dev.pymirror.server.index.Upload;
import dev.pymirror.testing.Wheel;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who uploaded each file, which the web UI shows: recorded on every upload, and a project state
 * written before uploaders were recorded is still read (its files' uploader unknown) and kept
 * as it is when the project gets a new upload.
 */
class UploaderRecordTest {

    @TempDir
    Path dir;

    @Test
    void eachUploadRecordsItsUploaderAndStateWithoutUploadersStillServes() throws Exception {
        Wheel first = Wheel.of("acme-app", "1.0").build();
        // As an older pymirror wrote it: one state file, no uploader at all.
        Files.createDirectories(dir.resolve("projects"));
        Files.writeString(dir.resolve("projects/acme-app.json"), """
                {"name": "acme-app", "files": [{"filename": "%s", "version": "1.0", "sha256": "%s", "size": %d,
                  "uploaded": "2026-01-01T00:00:00Z", "requires-python": null, "yanked": null,
                  "metadata-sha256": null, "deleted": null}]}
                """.formatted(first.filename(), first.sha256(), first.bytes().length));
        Files.createDirectories(dir.resolve("files/acme-app"));
        Files.write(dir.resolve("files/acme-app").resolve(first.filename()), first.bytes());
        HostedIndex index = new HostedIndex(HostedConfig.defaults("internal"), dir, Clock.systemUTC());

        Wheel second = Wheel.of("acme-app", "2.0").build();
        upload(index, second, "2.0", "bob");
        assertThat(Files.readString(dir.resolve("projects/acme-app/00000000000000000002")))
                .contains("\"uploader\":\"bob\"");

        List<HostedFile> files = index.files(ProjectName.of("acme-app"));
        assertThat(files).extracting(HostedFile::filename).containsExactly(first.filename(), second.filename());
        assertThat(files).extracting(HostedFile::uploader).containsExactly(null, "bob");
        assertThat(files.get(0).sha256()).isEqualTo(first.sha256());
        assertThat(index.page(ProjectName.of("acme-app")).page()).isNotNull();
    }

    static void upload(HostedIndex index, Wheel w, String version, String user) throws Exception {
        index.upload(new Upload(w.filename(), Map.of(":action", List.of("file_upload"), "name", List.of("acme-app"),
                "version", List.of(version)), user), new ByteArrayInputStream(w.bytes()));
    }
}
