package dev.pymirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pymirror.server.auth.UserStore;
import dev.pymirror.server.config.GroupConfig;
import dev.pymirror.server.config.HostedConfig;
import dev.pymirror.server.config.IndexConfig;
import dev.pymirror.server.config.MirrorConfig;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.ToolRun;
import dev.pymirror.testing.UploadForm;
import dev.pymirror.testing.Wheel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real client of the legacy JSON API reads it: poetry 1.3 (Debian's python3-poetry). poetry's
 * command line uses its PyPI repository class, the one that reads {@code /pypi/<name>/<version>/json},
 * only for pypi.org itself, so the test drives that class (poetry's own code, unchanged) at this
 * server, as poetry would drive it at PyPI: the versions from the simple API, each release's
 * dependencies, Python requirement, yank and files from the JSON API, and the files downloaded
 * through its session and checked against the hashes the JSON API gave. pip-audit, Renovate and
 * Dependabot are not installed here.
 */
@Tag("slow")
class LegacyJsonPoetryTest {

    static final ObjectMapper MAPPER = new ObjectMapper();

    /** Prints, as JSON, what poetry's PyPiRepository makes of the server at argv[1]. */
    static final String PROBE = """
            import hashlib, json, sys
            from poetry.core.packages.dependency import Dependency
            from poetry.core.constraints.version import Version
            from poetry.repositories.pypi_repository import PyPiRepository

            repo = PyPiRepository(url=sys.argv[1], disable_cache=True, fallback=False)
            out = {}
            for wanted in sys.argv[2:]:
                # poetry leaves yanked releases out unless a dependency pins one exactly.
                name, _, pin = wanted.partition("==")
                found = repo.find_packages(Dependency(name, "==" + pin if pin else "*"))
                releases = {}
                for candidate in found:
                    package = repo.package(name, candidate.version)
                    links = repo.find_links_for_package(package)
                    downloads = {}
                    for link in links:
                        body = repo.session.get(link.url_without_fragment).content
                        downloads[link.filename] = hashlib.sha256(body).hexdigest() == link.hash
                    releases[str(candidate.version)] = {
                        "found_yanked": candidate.yanked,
                        "info_name": repo.get_release_info(package.name, candidate.version).name,
                        "requires": sorted(d.to_pep_508() for d in package.requires),
                        "python_versions": package.python_versions,
                        "yanked": package.yanked,
                        "yanked_reason": package.yanked_reason,
                        "files": sorted(f["file"] + " " + f["hash"] for f in package.files),
                        "downloads_match_hashes": downloads,
                    }
                out[wanted] = releases
            print(json.dumps(out))
            """;

    @TempDir
    Path tmp;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final Wheel app10 = Wheel.of("Acme_App", "1.0").requires("six>=1.0", "rich; extra == 'cli'").extra("cli")
            .requiresPython(">=3.8").build();
    final Wheel app20 = Wheel.of("Acme_App", "2.0").build();
    final Wheel lib = Wheel.of("acme-lib", "1.1").requires("attrs").build();
    TestIndexServer upstream;
    PymirrorServer server;

    @BeforeEach
    void start() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        new UserStore(data).add("alice", "alice-password".toCharArray());
        upstream = TestIndexServer.start().add(lib);
        Map<String, IndexConfig> indexes = new LinkedHashMap<>();
        indexes.put("pypi", MirrorConfig.defaults("pypi").withUpstream(URI.create(upstream.simpleUrl()))
                .withPageTtl(Duration.ZERO).withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5)));
        indexes.put("internal", HostedConfig.defaults("internal"));
        indexes.put("main", GroupConfig.of("main", List.of("internal", "pypi")));
        server = PymirrorServer.start(new ServerConfig("127.0.0.1", 0, data, false, "main", indexes));
        String alice = HostedServerTest.basic("alice", "alice-password");
        for (Wheel w : List.of(app10, app20)) {
            UploadForm form = UploadForm.of(w, "acme-app", w.filename().split("-")[1]);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.baseUrl().resolve("internal/"))
                    .header("Authorization", alice).header("Content-Type", form.contentType())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(form.body())).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        HttpResponse<String> yank = http.send(HttpRequest.newBuilder(server.baseUrl().resolve(
                "internal/files/acme-app/" + app20.filename() + "?action=yank&reason=broken%20build"))
                .header("Authorization", alice).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(yank.statusCode()).as(yank.body()).isEqualTo(200);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        upstream.close();
    }

    JsonNode probe(String... projects) throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path script = tmp.resolve("poetry_probe.py");
        Files.writeString(script, PROBE);
        List<String> args = new ArrayList<>(List.of(server.baseUrl().toString()));
        args.addAll(List.of(projects));
        ToolRun run = ToolRun.script(script, args, home, Duration.ofMinutes(2));
        assertThat(run.ok()).as(run.toString()).isTrue();
        return MAPPER.readTree(run.stdout());
    }

    @Test
    void poetrysPypiRepositoryReadsReleasesFromTheJsonApiOfHostedAndMirroredProjects() throws Exception {
        JsonNode out = probe("acme-app", "acme-lib", "acme-app==2.0");

        JsonNode app = out.get("acme-app");
        assertThat(app.get("1.0").get("info_name").asText()).isEqualTo("Acme_App");
        assertThat(app.get("1.0").get("requires")).extracting(JsonNode::asText)
                .containsExactly("rich ; extra == \"cli\"", "six (>=1.0)");
        assertThat(app.get("1.0").get("python_versions").asText()).isEqualTo(">=3.8");
        assertThat(app.get("1.0").get("yanked").asBoolean()).isFalse();
        assertThat(app.get("1.0").get("files")).extracting(JsonNode::asText)
                .containsExactly(app10.filename() + " sha256:" + app10.sha256());
        assertThat(app.get("1.0").get("downloads_match_hashes").get(app10.filename()).asBoolean()).isTrue();
        assertThat(app.has("2.0")).isFalse(); // yanked: not a candidate unless pinned
        // Pinned, the yank and its reason come from the JSON API's info.
        JsonNode yanked = out.get("acme-app==2.0").get("2.0");
        assertThat(yanked.get("yanked").asBoolean()).isTrue();
        assertThat(yanked.get("yanked_reason").asText()).isEqualTo("broken build");
        assertThat(yanked.get("found_yanked").asBoolean()).isTrue();

        JsonNode mirrored = out.get("acme-lib").get("1.1");
        assertThat(mirrored.get("requires")).extracting(JsonNode::asText).containsExactly("attrs");
        assertThat(mirrored.get("downloads_match_hashes").get(lib.filename()).asBoolean()).isTrue();
        assertThat(upstream.requests()).noneMatch(r -> r.contains("/pypi/"));
    }
}
