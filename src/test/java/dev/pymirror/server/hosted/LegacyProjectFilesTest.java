package dev.pymirror.server.hosted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.server.PymirrorServer;
import dev.pymirror.server.config.HostedConfig;
import dev.pymirror.server.config.IndexConfig;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.server.auth.UserStore;
import dev.pymirror.testing.UploadForm;
import dev.pymirror.testing.Wheel;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory written by a version that kept each hosted project as one rewritten
 * {@code projects/<project>.json} (beside its {@code .lock}) keeps serving: the file is taken into
 * the project's log once, at start, and the files stay where they were.
 */
class LegacyProjectFilesTest {

    @TempDir
    Path data;

    final Wheel kept = Wheel.of("acme-app", "1.0").build();
    final Wheel yanked = Wheel.of("acme-app", "1.1").build();
    final Wheel deleted = Wheel.of("acme-app", "1.2").build();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** The layout exactly as the older version wrote it (its ProjectState.toJson, pretty-printed). */
    void writeOldLayout(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("projects"));
        Files.createDirectories(dir.resolve("files/acme-app"));
        for (Wheel w : new Wheel[] {kept, yanked}) {
            Files.write(dir.resolve("files/acme-app").resolve(w.filename()), w.bytes());
            Files.write(dir.resolve("files/acme-app").resolve(w.filename() + ".metadata"), w.metadata());
        }
        Files.writeString(dir.resolve("projects/acme-app.lock"), "");
        Files.writeString(dir.resolve("projects/acme-app.json"), """
                {
                  "name" : "Acme-App",
                  "files" : [ %s, %s, %s ],
                  "events" : [ {
                    "file" : "%s",
                    "at" : "2026-01-02T00:00:00Z",
                    "kind" : "yank",
                    "reason" : "broken"
                  }, {
                    "file" : "%s",
                    "at" : "2026-01-03T00:00:00Z",
                    "kind" : "delete"
                  } ]
                }
                """.formatted(record(kept, null, null), record(yanked, "broken", null),
                record(deleted, null, "2026-01-03T00:00:00Z"), yanked.filename(), deleted.filename()));
    }

    static String record(Wheel w, String yank, String deletedAt) {
        return """
                {
                    "filename" : "%s",
                    "version" : "%s",
                    "sha256" : "%s",
                    "size" : %d,
                    "uploaded" : "2026-01-01T00:00:00Z",
                    "uploader" : "alice",
                    "requires-python" : ">=3.9",
                    "yanked" : %s,
                    "metadata-sha256" : "%s",
                    "deleted" : %s
                  }""".formatted(w.filename(), w.filename().split("-")[1], w.sha256(), w.bytes().length,
                yank == null ? "null" : "\"" + yank + "\"", w.metadataSha256(),
                deletedAt == null ? "null" : "\"" + deletedAt + "\"");
    }

    @Test
    void aServerStartedOnTheOldLayoutServesItAndTakesNewUploads() throws Exception {
        writeOldLayout(data.resolve("internal"));
        new UserStore(data).add("alice", "pw".toCharArray());
        Map<String, IndexConfig> indexes = new LinkedHashMap<>();
        indexes.put("internal", HostedConfig.defaults("internal"));
        ServerConfig config = new ServerConfig("127.0.0.1", 0, data, false, "internal", indexes);
        try (PymirrorServer server = PymirrorServer.start(config)) {
            String page = get(server, "/internal/simple/acme-app/", "application/vnd.pypi.simple.v1+json").body();
            assertThat(page).contains(kept.sha256()).contains(yanked.sha256()).doesNotContain(deleted.filename())
                    .contains("\"yanked\":\"broken\"").contains("\"name\":\"acme-app\"");
            assertThat(get(server, "/internal/files/acme-app/" + kept.filename(), "*/*").body())
                    .isEqualTo(new String(kept.bytes(), StandardCharsets.ISO_8859_1));
            assertThat(get(server, "/internal/files/acme-app/" + yanked.filename() + ".metadata", "*/*").body())
                    .isEqualTo(new String(yanked.metadata(), StandardCharsets.ISO_8859_1));
            assertThat(get(server, "/internal/files/acme-app/" + deleted.filename(), "*/*").statusCode()).isEqualTo(404);
            // Its history too: before the yank, the view of that moment shows the file unyanked.
            assertThat(get(server, "/internal/+as-of/2026-01-01T12:00:00Z/simple/acme-app/",
                    "application/vnd.pypi.simple.v1+json").body()).contains(yanked.filename()).doesNotContain("broken");

            // The name of the deleted file stays with its bytes; the same bytes bring it back.
            Wheel other = Wheel.of("acme-app", "1.2").requires("other>=1").build();
            assertThat(upload(server, UploadForm.of(other, "acme-app", "1.2")).statusCode()).isEqualTo(409);
            HttpResponse<String> back = upload(server, UploadForm.of(deleted, "acme-app", "1.2"));
            assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
            assertThat(get(server, "/internal/files/acme-app/" + deleted.filename(), "*/*").body())
                    .isEqualTo(new String(deleted.bytes(), StandardCharsets.ISO_8859_1));
        }
        assertThat(data.resolve("internal/projects/acme-app.json")).doesNotExist();
        assertThat(data.resolve("internal/projects/acme-app.lock")).doesNotExist();
        assertThat(data.resolve("internal/projects/acme-app/00000000000000000001")).exists();

        // Once: a second start reads the log alone.
        HostedIndex again = new HostedIndex(HostedConfig.defaults("internal"), data.resolve("internal"), Clock.systemUTC());
        assertThat(again.files(ProjectName.of("acme-app"))).extracting(HostedFile::filename)
                .containsExactly(kept.filename(), yanked.filename(), deleted.filename());
    }

    @Test
    void aStartThatDiedAfterTheLogWasWrittenOnlyRemovesTheOldFile() throws Exception {
        writeOldLayout(data);
        new HostedIndex(HostedConfig.defaults("internal"), data, Clock.systemUTC());
        // As if the process died before removing it: the old file is back, saying something else.
        writeOldLayout(data);
        Files.writeString(data.resolve("projects/acme-app.json"), Files.readString(data.resolve("projects/acme-app.json"))
                .replace("\"broken\"", "\"other\""));
        HostedIndex index = new HostedIndex(HostedConfig.defaults("internal"), data, Clock.systemUTC());
        assertThat(data.resolve("projects/acme-app.json")).doesNotExist();
        assertThat(data.resolve("projects/acme-app/00000000000000000002")).doesNotExist();
        assertThat(index.files(ProjectName.of("acme-app")).get(1).yanked()).isEqualTo("broken");
    }

    @Test
    void anUnreadableOldFileStopsTheStartAndIsKept() throws Exception {
        Files.createDirectories(data.resolve("projects"));
        Files.writeString(data.resolve("projects/acme-app.json"), "{\"name\": \"acme-app\", \"files\": [{\"uploaded\": \"soon\"}]}");
        assertThatThrownBy(() -> new HostedIndex(HostedConfig.defaults("internal"), data, Clock.systemUTC()))
                .hasMessageContaining("projects/acme-app.json").hasMessageContaining("nothing was changed");
        assertThat(data.resolve("projects/acme-app.json")).exists();
        assertThat(data.resolve("projects/acme-app")).doesNotExist();
    }

    HttpResponse<String> get(PymirrorServer server, String path, String accept) throws Exception {
        return http.send(HttpRequest.newBuilder(server.baseUrl().resolve(path.substring(1))).header("Accept", accept).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));
    }

    HttpResponse<String> upload(PymirrorServer server, UploadForm form) throws Exception {
        return http.send(HttpRequest.newBuilder(server.baseUrl().resolve("internal/"))
                .header("Content-Type", form.contentType())
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("alice:pw".getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.body())).build(), HttpResponse.BodyHandlers.ofString());
    }
}
