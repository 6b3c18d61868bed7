package dev.pymirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.server.PymirrorServer;
import dev.pymirror.server.config.MirrorConfig;
import dev.pymirror.server.config.ServerConfig;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexCommandTest {

    @TempDir
    Path dir;

    Path config;
    Path data;

    @BeforeEach
    void files() throws Exception {
        data = dir.resolve("data");
        config = Files.writeString(dir.resolve("pymirror.toml"), """
                [index.pypi]
                upstream = "http://127.0.0.1:9/simple/"
                """);
    }

    CliRun index(String... args) {
        return CliRun.run(CliRun.onData("index", config, data, args));
    }

    @Test
    void nodesSharingABucketTakeTheirIndexesFromTheConfigurationFileOnly() throws Exception {
        Files.writeString(config, """
                storage = "s3://shared/prod"

                [s3]
                endpoint = "http://127.0.0.1:9"
                path-style = true

                [index.pypi]
                upstream = "http://127.0.0.1:9/simple/"
                """);
        CliRun create = index("create", "internal", "--kind", "hosted");
        assertThat(create.exitCode()).isEqualTo(1);
        assertThat(create.err()).contains("pymirror index create: the indexes of nodes sharing s3://shared/prod/ come from"
                + " the configuration file every node reads: add [index.internal] there");
        assertThat(data.resolve("indexes.toml")).doesNotExist();
    }

    @Test
    void createdIndexesAreListedAndServed() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        CliRun hosted = index("create", "internal", "--kind", "hosted", "--upload", "alice,bob", "--max-upload", "5MB");
        assertThat(hosted.exitCode()).as(hosted.err()).isZero();
        assertThat(hosted.out()).contains("created hosted index 'internal'").contains("restart a running server");
        assertThat(index("create", "wheels", "--kind", "static", "--path", tree.toString(), "--read", "users").exitCode())
                .isZero();
        assertThat(index("create", "main", "--kind", "group", "--members", "internal,wheels,pypi", "--mix", "six")
                .exitCode()).isZero();
        assertThat(index("create", "other", "--kind", "mirror", "--upstream", "http://127.0.0.1:9/other/",
                "--page-ttl", "1m", "--prefetch-dependencies").exitCode()).isZero();

        CliRun list = index("list");
        assertThat(list.out().lines().toList()).hasSize(5);
        assertThat(list.out()).containsPattern("(?m)^pypi +mirror +config +upstream http://127.0.0.1:9/simple/$")
                .containsPattern("(?m)^internal +hosted +data +upload: alice, bob, max 5000000 bytes$")
                .containsPattern("(?m)^wheels +static +data +path " + java.util.regex.Pattern.quote(tree.toString())
                        + "  read: users$")
                .containsPattern("(?m)^main +group +data +members internal, wheels, pypi; mix six$")
                .containsPattern("(?m)^other +mirror +data +upstream http://127.0.0.1:9/other/; prefetch-dependencies$");
        assertThat(Files.readString(data.resolve("indexes.toml"))).contains("[index.internal]").contains("kind = \"group\"");

        // A server on this data directory serves them beside the configuration's own.
        ServerConfig base = dev.pymirror.server.config.ConfigFile.read(config).withDataDir(data).withPort(0);
        try (PymirrorServer server = PymirrorServer.start(base)) {
            assertThat(server.config().indexes().keySet()).containsExactly("pypi", "internal", "wheels", "main", "other");
            assertThat(server.config().indexes().get("other")).isInstanceOfSatisfying(MirrorConfig.class,
                    m -> assertThat(m.prefetchDependencies()).isTrue());
            assertThat(server.config().indexes().get("pypi")).isInstanceOfSatisfying(MirrorConfig.class,
                    m -> assertThat(m.prefetchDependencies()).isFalse());
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    server.baseUrl().resolve("internal/simple/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void deleteRemovesTheIndexAndWithPurgeItsFiles() throws Exception {
        assertThat(index("create", "internal", "--kind", "hosted").exitCode()).isZero();
        assertThat(index("create", "main", "--kind", "group", "--members", "internal,pypi").exitCode()).isZero();
        Files.createDirectories(data.resolve("internal/files"));
        CliRun member = index("delete", "internal");
        assertThat(member.exitCode()).isEqualTo(1);
        assertThat(member.err()).contains("index 'internal' is a member of group 'main'; take it out of the group first");
        assertThat(index("delete", "main").out()).contains("deleted index 'main'; its files stay in");
        assertThat(index("delete", "internal", "--purge").out()).contains("deleted index 'internal' and its files");
        assertThat(data.resolve("internal")).doesNotExist();
        assertThat(index("list").out().lines().toList()).hasSize(1);
    }

    @Test
    void mistakesAreUsageErrorsOrFailuresThatSayWhat() throws Exception {
        CliRun kind = index("create", "x", "--kind", "proxy");
        assertThat(kind.exitCode()).isEqualTo(2);
        assertThat(kind.err()).contains("--kind: 'proxy' is none of hosted, static, group, mirror");
        assertThat(index("create", "x").err()).contains("Missing required option: '--kind=KIND'");
        CliRun noPath = index("create", "x", "--kind", "static");
        assertThat(noPath.exitCode()).isEqualTo(2);
        assertThat(noPath.err()).contains("a static index needs --path DIR");
        CliRun wrongOption = index("create", "x", "--kind", "hosted", "--upstream", "http://a/");
        assertThat(wrongOption.exitCode()).isEqualTo(2);
        assertThat(wrongOption.err()).contains("a hosted index takes only --upload, --max-upload and --read");
        CliRun notAMirror = index("create", "x", "--kind", "group", "--members", "pypi", "--prefetch-dependencies");
        assertThat(notAMirror.exitCode()).isEqualTo(2);
        assertThat(notAMirror.err()).contains("a group index takes only --members, --mix and --read");
        assertThat(index("create", "x", "--kind", "hosted", "--upload", "anyone").err())
                .contains("upload = \"anyone\" is not allowed");
        assertThat(index("create", "x", "--kind", "hosted", "--read", "al ice").err())
                .contains("--read: 'al ice' is not a user name");
        assertThat(index("create", "x", "--kind", "hosted", "--max-upload", "huge").err()).contains("'huge' is not a size");
        CliRun badName = index("create", "Bad/Name", "--kind", "hosted");
        assertThat(badName.exitCode()).isEqualTo(2);
        assertThat(badName.err()).contains("index name 'Bad/Name' must be lower-case letters");
        assertThat(index("create", "x", "--kind", "group").err()).contains("a group needs --members");

        CliRun taken = index("create", "pypi", "--kind", "hosted");
        assertThat(taken.exitCode()).isEqualTo(1);
        assertThat(taken.err()).contains("there is an index 'pypi' already");
        CliRun noMember = index("create", "g", "--kind", "group", "--members", "pypi,nothing");
        assertThat(noMember.exitCode()).isEqualTo(1);
        assertThat(noMember.err()).contains("group 'g' has member 'nothing', which is not one of the indexes")
                .contains("(configuration: " + config + "; data directory: " + data + ")");
        CliRun fromConfig = index("delete", "pypi");
        assertThat(fromConfig.exitCode()).isEqualTo(1);
        assertThat(fromConfig.err()).contains("index 'pypi' is declared in the configuration file; remove it there");
        assertThat(index("delete", "nothing").err()).contains("there is no index 'nothing'; indexes: pypi (configuration: "
                + config + "; data directory: " + data + ")");
        assertThat(index("list").out().lines().toList()).hasSize(1);
        assertThat(CliRun.run("index").exitCode()).isEqualTo(2);
    }
}
