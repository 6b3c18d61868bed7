package dev.pymirror.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigFileTest {

    @TempDir
    Path dir;

    @Test
    void anEmptyFileGivesTheDefaults() {
        ServerConfig c = ConfigFile.parse("", dir);
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(3141);
        assertThat(c.defaultIndex()).isEqualTo("pypi");
        assertThat(c.defaultMirror().upstream()).isEqualTo(URI.create("https://pypi.org/simple/"));
        assertThat(c.defaultMirror().pageTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.dataDir()).isEqualTo(ServerConfig.defaultDataDir());
    }

    @Test
    void readsEveryKey() throws Exception {
        Path file = dir.resolve("pymirror.toml");
        Files.writeString(file, """
                host = "0.0.0.0"
                port = 8080
                data = "state"
                offline = true
                default-index = "local"

                [index.local]
                upstream = "http://127.0.0.1:9000/simple"
                page-ttl = "90s"
                connect-timeout = 2
                read-timeout = "PT1M"
                page-timeout = "20s"
                revalidate-wait = "750ms"
                probe-interval = "1m"
                max-cache-size = "50GB"
                max-unused-age = "90d"
                keep-versions = 5
                prune-interval = "30m"
                prefetch-dependencies = true
                """);
        ServerConfig c = ConfigFile.read(file);
        assertThat(c.host()).isEqualTo("0.0.0.0");
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.dataDir()).isEqualTo(dir.resolve("state"));
        assertThat(c.offline()).isTrue();
        MirrorConfig m = c.defaultMirror();
        assertThat(m.name()).isEqualTo("local");
        assertThat(m.upstream()).isEqualTo(URI.create("http://127.0.0.1:9000/simple/"));
        assertThat(m.pageTtl()).isEqualTo(Duration.ofSeconds(90));
        assertThat(m.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(m.readTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(m.pageTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(m.revalidateWait()).isEqualTo(Duration.ofMillis(750));
        assertThat(m.probeInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(m.retention()).isEqualTo(new RetentionPolicy(50_000_000_000L, Duration.ofDays(90), 5,
                Duration.ofMinutes(30)));
        assertThat(m.prefetchDependencies()).isTrue();
        // What `pymirror index create` writes reads back the same.
        Path written = dir.resolve("indexes.toml");
        Files.writeString(written, IndexesFile.toToml(java.util.List.of(m)));
        assertThat(ConfigFile.read(written).indexes().get("local")).isEqualTo(m);
    }

    @Test
    void readsEachIndexsGuardPolicy() {
        ServerConfig c = ConfigFile.parse("""
                [index.pypi]
                block = ["malware"]
                block-vulnerable = "High"
                allow = ["Good_Lib == 1.0", "other==2"]

                [index.main]
                kind = "group"
                members = ["pypi"]
                block-vulnerable = "moderate"
                """, dir);
        GuardPolicy pypi = c.guard("pypi");
        assertThat(pypi.blockMalware()).isTrue();
        assertThat(pypi.blockVulnerable()).contains(dev.pymirror.advisories.Severity.HIGH);
        assertThat(pypi.allows("good-lib", dev.pymirror.packaging.version.Version.parse("1.0.0"))).isTrue();
        assertThat(c.guard("main").blockMalware()).isFalse();
        assertThat(c.guard("main").blockVulnerable()).contains(dev.pymirror.advisories.Severity.MEDIUM);
        assertThat(ConfigFile.parse("", dir).guard("pypi").active()).isFalse();
        // Kept through the changes the command line makes.
        assertThat(c.withPort(0).withOffline(true).guard("pypi")).isEqualTo(pypi);
    }

    @Test
    void refusesABadGuardPolicy() {
        assertThatThrownBy(() -> ConfigFile.parse("[index.a]\nblock = [\"viruses\"]", dir))
                .hasMessageContaining("index.a: block: 'viruses' is not known");
        assertThatThrownBy(() -> ConfigFile.parse("[index.a]\nblock-vulnerable = \"severe\"", dir))
                .hasMessageContaining("index.a: block-vulnerable: 'severe' is not a severity");
        assertThatThrownBy(() -> ConfigFile.parse("[index.a]\nallow = [\"pkg>=1.0\"]", dir))
                .hasMessageContaining("allow: 'pkg>=1.0' is not name==version");
        assertThatThrownBy(() -> ConfigFile.parseIndexes("[index.a]\nblock = [\"malware\"]", dir))
                .hasMessageContaining("belong in the server's configuration file");
    }

    @Test
    void aMirrorFetchesNoPageAheadUnlessToldTo() {
        assertThat(ConfigFile.parse("", dir).defaultMirror().prefetchDependencies()).isFalse();
        assertThat(ConfigFile.parse("[index.a]\nprefetch-dependencies = false", dir).defaultMirror()
                .prefetchDependencies()).isFalse();
        assertThatThrownBy(() -> ConfigFile.parse("[index.a]\nprefetch-dependencies = \"yes\"", dir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("index.a: 'prefetch-dependencies' must be true or false");
        assertThatThrownBy(() -> ConfigFile.parse("[index.a]\nkind = \"hosted\"\nprefetch-dependencies = true", dir))
                .hasMessageContaining("unknown key 'index.a.prefetch-dependencies'");
    }

    @Test
    void aMirrorKeepsEverythingUnlessToldOtherwise() {
        assertThat(ConfigFile.parse("", dir).defaultMirror().retention().limits()).isFalse();
    }

    @Test
    void refusesABadRetentionSetting() {
        assertThatThrownBy(() -> ConfigFile.parse("[index.a]\nkeep-versions = \"five\"", dir))
                .hasMessageContaining("keep-versions: 'five' is not a whole number");
        assertThatThrownBy(() -> ConfigFile.parse("[index.a]\nmax-cache-size = \"big\"", dir))
                .hasMessageContaining("max-cache-size: 'big' is not a size");
        assertThatThrownBy(() -> ConfigFile.parse("[index.a]\nkeep-versions = -1", dir))
                .hasMessageContaining("keep-versions must not be negative");
    }

    @Test
    void theDefaultTimeoutsStayUnderPipsFifteenSeconds() {
        MirrorConfig d = MirrorConfig.defaults("pypi");
        assertThat(d.connectTimeout().plus(d.pageTimeout())).isLessThan(Duration.ofSeconds(15));
        assertThat(d.connectTimeout().plus(d.readTimeout())).isLessThan(Duration.ofSeconds(15));
        assertThat(d.revalidateWait()).isLessThanOrEqualTo(Duration.ofSeconds(1));
    }

    @ParameterizedTest
    @CsvSource({"500ms,PT0.5S", "30s,PT30S", "5m,PT5M", "2h,PT2H", "1d,PT24H", "45,PT45S", "PT5M,PT5M", "0,PT0S"})
    void durations(String text, String iso) {
        assertThat(ConfigFile.parseDuration(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "m", "5 weeks", "-5s", "five", "99999999999999999s"})
    void badDurationsSaySo(String text) {
        assertThatThrownBy(() -> ConfigFile.parseDuration(text))
                .isInstanceOf(ConfigException.class).hasMessageContaining("is not a duration");
    }

    @Test
    void connectionLimitsHaveDefaultsAndCanBeSet() {
        assertThat(ConfigFile.parse("", dir).connections()).isEqualTo(ConnectionLimits.DEFAULTS);
        assertThat(ConfigFile.parse("backlog = 200\nmax-connections = 50", dir).connections())
                .isEqualTo(new ConnectionLimits(200, 50));
        assertThat(ConfigFile.parse("max-connections-per-address = 8", dir).connections().maxPerAddress()).isEqualTo(8);
        assertThatThrownBy(() -> ConfigFile.parse("backlog = 0", dir)).hasMessageContaining("backlog must be between 1");
        assertThatThrownBy(() -> ConfigFile.parse("max-connections = -1", dir))
                .hasMessageContaining("max-connections must be at least 1");
        // The other settings keep the limits.
        assertThat(ConfigFile.parse("backlog = 200", dir).withPort(8080).connections().backlog()).isEqualTo(200);
    }

    @Test
    void drainTimeoutHasADefaultAndCanBeSet() {
        assertThat(ConfigFile.parse("", dir).connections().drain()).isEqualTo(Duration.ofSeconds(10));
        assertThat(ConfigFile.parse("drain-timeout = \"30s\"", dir).connections().drain()).isEqualTo(Duration.ofSeconds(30));
        assertThat(ConfigFile.parse("drain-timeout = 0", dir).connections().drain()).isZero();
        assertThatThrownBy(() -> ConfigFile.parse("drain-timeout = \"soon\"", dir))
                .hasMessageContaining("drain-timeout").hasMessageContaining("is not a duration");
    }

    @Test
    void mistakesAreNamed() throws Exception {
        assertThatThrownBy(() -> ConfigFile.parse("prot = 1", dir)).hasMessageContaining("unknown key 'prot'");
        assertThatThrownBy(() -> ConfigFile.parse("port = \"x\"", dir)).hasMessageContaining("'port' must be a whole number");
        assertThatThrownBy(() -> ConfigFile.parse("port = 70000", dir)).hasMessageContaining("between 0 and 65535");
        assertThatThrownBy(() -> ConfigFile.parse("host = = 1", dir)).hasMessageContaining("not valid TOML");
        assertThatThrownBy(() -> ConfigFile.parse("[index.a]\nupstrem = \"x\"", dir))
                .hasMessageContaining("unknown key 'index.a.upstrem'");
        assertThatThrownBy(() -> ConfigFile.parse("[index.a]\nupstream = \"ftp://x/\"", dir))
                .hasMessageContaining("must be an http:// or https:// URL");
        // A mistaken upstream is named without the password in it: start-up errors reach CI logs.
        assertThatThrownBy(() -> ConfigFile.parse("[index.a]\nupstream = \"ftp://u:s3cret@x/\"", dir))
                .hasMessageContaining("ftp://***@x/").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> ConfigFile.parse("[index.a]\nupstream = \"https://u:s3cret@x/a b/\"", dir))
                .hasMessageContaining("is not a URL").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> ConfigFile.parse("[index.a]\npage-ttl = \"soon\"", dir))
                .hasMessageContaining("index.a: page-ttl: 'soon' is not a duration");
        assertThatThrownBy(() -> ConfigFile.parse("[index.A]", dir)).hasMessageContaining("index name 'A'");
        assertThatThrownBy(() -> ConfigFile.parse("[index.a]\nkind = \"proxy\"", dir))
                .hasMessageContaining("'proxy' is not a supported index kind");
        assertThatThrownBy(() -> ConfigFile.parse("default-index = \"b\"\n[index.a]", dir))
                .hasMessageContaining("default-index 'b' is not one of the indexes [a]");
        assertThatThrownBy(() -> ConfigFile.read(dir.resolve("missing.toml"))).hasMessageContaining("does not exist");
    }

    @Test
    void readsEveryKindOfIndex() throws Exception {
        Path file = dir.resolve("pymirror.toml");
        Files.writeString(file, """
                default-index = "main"

                [index.pypi]
                upstream = "http://127.0.0.1:9000/simple/"
                read = "users"

                [index.internal]
                kind = "hosted"
                upload = ["alice", "ci-bot"]
                max-upload = "20MB"

                [index.wheels]
                kind = "static"
                path = "wheelhouse"
                read = ["alice"]

                [index.main]
                kind = "group"
                members = ["internal", "wheels", "pypi"]
                mix = ["Set_Up.Tools"]
                """);
        ServerConfig c = ConfigFile.read(file);
        assertThat(c.indexes().keySet()).containsExactly("pypi", "internal", "wheels", "main");
        assertThat(c.defaultIndexConfig()).isInstanceOf(GroupConfig.class);
        assertThat(((MirrorConfig) c.indexes().get("pypi")).read()).isEqualTo(Audience.USERS);
        HostedConfig hosted = (HostedConfig) c.indexes().get("internal");
        assertThat(hosted.upload()).isEqualTo(Audience.only(java.util.Set.of("alice", "ci-bot")));
        assertThat(hosted.read()).isEqualTo(Audience.ANYONE);
        assertThat(hosted.maxUploadBytes()).isEqualTo(20_000_000);
        StaticConfig tree = (StaticConfig) c.indexes().get("wheels");
        assertThat(tree.path()).isEqualTo(dir.resolve("wheelhouse").toAbsolutePath());
        assertThat(tree.read().allows("alice")).isTrue();
        assertThat(tree.read().allows("bob")).isFalse();
        assertThat(tree.read().allows(null)).isFalse();
        GroupConfig group = (GroupConfig) c.indexes().get("main");
        assertThat(group.members()).containsExactly("internal", "wheels", "pypi");
        assertThat(group.mix()).containsExactly("set-up-tools");
        assertThatThrownBy(c::defaultMirror).hasMessageContaining("the default index 'main' is a group index, not a mirror");
    }

    @ParameterizedTest
    @CsvSource({"512,512", "512B,512", "2KB,2000", "100MB,100000000", "1GB,1000000000", "1KiB,1024", "100MiB,104857600",
        "1GiB,1073741824", "3 mb,3000000"})
    void sizes(String text, long bytes) {
        assertThat(ConfigFile.parseSize(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "MB", "ten", "-5MB", "5 TB", "99999999999999GB"})
    void badSizesSaySo(String text) {
        assertThatThrownBy(() -> ConfigFile.parseSize(text)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("is not a size");
    }

    @Test
    void mistakesInIndexKindsAreNamed() {
        assertThatThrownBy(() -> ConfigFile.parse("[index.a]\nkind = \"hosted\"\nupstream = \"http://x/\"", dir))
                .hasMessageContaining("unknown key 'index.a.upstream' (a hosted index knows: allow, block, block-vulnerable, kind, max-upload, min-age, min-age-exempt, read, upload)");
        assertThatThrownBy(() -> ConfigFile.parse("[index.a]\nkind = \"hosted\"\nupload = \"anyone\"", dir))
                .hasMessageContaining("index.a: upload = \"anyone\" is not allowed: writing to an index needs credentials");
        assertThatThrownBy(() -> ConfigFile.parse("[index.a]\nkind = \"hosted\"\nread = \"everybody\"", dir))
                .hasMessageContaining("index.a: read: 'everybody' is neither \"anyone\", \"users\" nor a list of user names");
        assertThatThrownBy(() -> ConfigFile.parse("[index.a]\nkind = \"hosted\"\nupload = [\"al ice\"]", dir))
                .hasMessageContaining("upload: 'al ice' is not a user name");
        assertThatThrownBy(() -> ConfigFile.parse("[index.a]\nkind = \"hosted\"\nmax-upload = \"lots\"", dir))
                .hasMessageContaining("index.a: max-upload: 'lots' is not a size");
        assertThatThrownBy(() -> ConfigFile.parse("[index.a]\nkind = \"static\"", dir))
                .hasMessageContaining("index.a: path is required");
        assertThatThrownBy(() -> ConfigFile.parse("[index.a]\nkind = \"group\"", dir))
                .hasMessageContaining("index.a: members is required");
        assertThatThrownBy(() -> ConfigFile.parse("[index.a]\nkind = \"group\"\nmembers = \"b\"", dir))
                .hasMessageContaining("'members' must be a list of strings");
        assertThatThrownBy(() -> ConfigFile.parse("[index.a]\nkind = \"group\"\nmembers = [\"b\"]", dir))
                .hasMessageContaining("group 'a' has member 'b', which is not one of the indexes [a]");
        assertThatThrownBy(() -> ConfigFile.parse("[index.a]\nkind = \"group\"\nmembers = [\"a\"]", dir))
                .hasMessageContaining("a group cannot be its own member");
        assertThatThrownBy(() -> ConfigFile.parse("[index.b]\n[index.a]\nkind = \"group\"\nmembers = [\"b\", \"b\"]", dir))
                .hasMessageContaining("members lists an index twice");
        assertThatThrownBy(() -> ConfigFile.parse("""
                [index.x]
                [index.a]
                kind = "group"
                members = ["b", "x"]
                [index.b]
                kind = "group"
                members = ["a"]
                """, dir)).hasMessageContaining("groups contain each other: a -> b -> a");
        assertThatThrownBy(() -> ConfigFile.parse("[index.x]\n[index.a]\nkind = \"group\"\nmembers = [\"x\"]\nmix = [\"not a name!\"]", dir))
                .hasMessageContaining("mix: 'not a name!' is not a project name");
        assertThatThrownBy(() -> ConfigFile.parse("[index.health]", dir)).hasMessageContaining("index name 'health'");
    }

    @Test
    void indexesWrittenForTheDataDirectoryReadBackEqual() throws Exception {
        Map<String, IndexConfig> indexes = new LinkedHashMap<>();
        indexes.put("pypi", MirrorConfig.defaults("pypi").withPageTtl(Duration.ofSeconds(90)).withRead(Audience.USERS)
                .withKeepDeleted(true));
        indexes.put("internal", HostedConfig.defaults("internal").withUpload(Audience.only(java.util.Set.of("alice", "b.o-b@x")))
                .withMaxUploadBytes(12345));
        indexes.put("wheels", StaticConfig.of("wheels", dir.resolve("a \"quoted\" \\ dir")));
        indexes.put("main", new GroupConfig("main", Audience.ANYONE, java.util.List.of("internal", "pypi"),
                java.util.Set.of("six", "setuptools")));
        String toml = IndexesFile.toToml(indexes.values());
        assertThat(ConfigFile.parseIndexes(toml, dir)).isEqualTo(indexes);

        IndexesFile.update(dir, current -> {
            current.putAll(indexes);
            return current;
        });
        assertThat(IndexesFile.read(dir)).isEqualTo(indexes);
        assertThat(IndexesFile.read(dir.resolve("elsewhere"))).isEmpty();
        assertThatThrownBy(() -> ConfigFile.parseIndexes("port = 1", dir)).hasMessageContaining("unknown key 'port'");
    }

    @Test
    void readsACooldownOnEveryKindOfIndex() {
        ServerConfig c = ConfigFile.parse("""
                default-index = "m"
                [index.m]
                min-age = "3d"
                min-age-exempt = ["Cert_Ifi", "urllib3"]
                [index.h]
                kind = "hosted"
                min-age = "36h"
                [index.s]
                kind = "static"
                path = "tree"
                min-age = "2w"
                [index.g]
                kind = "group"
                members = ["h", "m"]
                min-age = 3600
                """, dir);
        assertThat(c.indexes().get("m").cooldown()).isEqualTo(new Cooldown(Duration.ofDays(3), java.util.Set.of("cert-ifi", "urllib3")));
        assertThat(c.indexes().get("h").cooldown().minAge()).isEqualTo(Duration.ofHours(36));
        assertThat(c.indexes().get("s").cooldown().minAge()).isEqualTo(Duration.ofDays(14));
        assertThat(c.indexes().get("g").cooldown().minAge()).isEqualTo(Duration.ofHours(1));
        assertThat(ConfigFile.parse("", dir).defaultIndexConfig().cooldown()).isEqualTo(Cooldown.NONE);
    }

    @Test
    void refusesABadCooldown() {
        assertThatThrownBy(() -> ConfigFile.parse("[index.pypi]\nmin-age = \"3 days\"\n", dir))
                .hasMessageContaining("index.pypi").hasMessageContaining("'3 days' is not a duration");
        assertThatThrownBy(() -> ConfigFile.parse("[index.pypi]\nmin-age-exempt = [\"x\"]\n", dir))
                .hasMessageContaining("min-age-exempt needs a min-age");
        assertThatThrownBy(() -> ConfigFile.parse("[index.pypi]\nmin-age = \"1d\"\nmin-age-exempt = [\"-x\"]\n", dir))
                .hasMessageContaining("'-x' is not a project name");
    }

    @Test
    void aCooldownSurvivesTheIndexesFile() {
        ServerConfig c = ConfigFile.parse("default-index = \"h\"\n[index.h]\nkind = \"hosted\"\nmin-age = \"2d\"\n"
                + "min-age-exempt = [\"b\", \"a\"]\n", dir);
        String toml = IndexesFile.toToml(c.indexes().values());
        ServerConfig again = ConfigFile.parse("default-index = \"h\"\n" + toml.replace("# Indexes", "\n# Indexes"), dir);
        assertThat(again.indexes().get("h").cooldown()).isEqualTo(c.indexes().get("h").cooldown());
    }

    @Test
    void storageIsTheDataDirectoryUnlessAnS3LocationIsGiven() {
        assertThat(ConfigFile.parse("", dir).storage()).isEqualTo(StorageConfig.DATA_DIRECTORY);

        StorageConfig s = ConfigFile.parse("""
                storage = "s3://pymirror-ci/node-data"

                [s3]
                endpoint = "http://127.0.0.1:9000"
                region = "eu-west-1"
                path-style = true
                access-key-id = "id"
                secret-access-key = "secret"
                call-timeout = "20s"
                attempt-timeout = "5s"
                cache-size = "2GB"
                """, dir).storage();
        assertThat(s.local()).isFalse();
        assertThat(s.cacheSize()).isEqualTo(2_000_000_000L);
        assertThat(s.s3()).isEqualTo(new dev.pymirror.store.blob.S3Settings("pymirror-ci", "node-data/",
                URI.create("http://127.0.0.1:9000"), "eu-west-1", true, "id", "secret", Duration.ofSeconds(20),
                Duration.ofSeconds(5)));
        assertThat(s.describe()).doesNotContain("secret");

        // Without [s3]: AWS's endpoint, the default chain for credentials, the default timeouts and cache.
        StorageConfig plain = ConfigFile.parse("storage = \"s3://bucket\"", dir).storage();
        assertThat(plain.s3().endpoint()).isNull();
        assertThat(plain.s3().accessKeyId()).isNull();
        assertThat(plain.s3().prefix()).isEmpty();
        assertThat(plain.cacheSize()).isEqualTo(StorageConfig.DEFAULT_CACHE_SIZE);
        // A request that meets a silent bucket waits one call timeout: under issue 15's 5 s for a write's 503.
        assertThat(plain.s3().callTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(plain.s3().attemptTimeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aBadStorageSettingIsAnErrorNamingItsKey() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("storage = \"/srv/data\"", "storage: '/srv/data' is not an s3://bucket/prefix location");
        cases.put("storage = \"s3://No_Bucket\"", "storage: 'No_Bucket' is not a bucket name");
        cases.put("storage = \"s3://bucket/../up\"", "storage: object key '../up' has a segment");
        cases.put("[s3]\nregion = \"x\"", "[s3] is set but storage is not");
        String s3 = "storage = \"s3://bucket\"\n[s3]\n";
        cases.put(s3 + "endpoint = \"ftp://host/\"", "s3.endpoint: 'ftp://host/' is not an http(s) URL");
        cases.put(s3 + "access-key-id = \"id\"", "s3.access-key-id and s3.secret-access-key go together");
        cases.put(s3 + "region = 1", "s3.region must be a string");
        cases.put(s3 + "path-style = \"yes\"", "s3.path-style must be true or false");
        cases.put(s3 + "call-timeout = \"soon\"", "s3.call-timeout: 'soon' is not a duration");
        cases.put(s3 + "cache-size = \"big\"", "s3.cache-size: 'big' is not a size");
        cases.put(s3 + "cache-size = 0", "s3.cache-size: must be more than 0 bytes");
        cases.put(s3 + "bucket = \"x\"", "unknown key 's3.bucket'");
        cases.put("storage = \"s3://bucket\"\ns3 = \"x\"", "'s3' must be a table");
        cases.forEach((toml, message) -> assertThatThrownBy(() -> ConfigFile.parse(toml, dir))
                .as(toml).isInstanceOf(ConfigException.class).hasMessageContaining(message));
    }

    @Test
    void advisoriesUrlAndItsRefresh() {
        ServerConfig c = ConfigFile.parse("advisories-url = \"https://osv.example/PyPI/all.zip\"", dir);
        assertThat(c.advisoryFeed().url()).isEqualTo(URI.create("https://osv.example/PyPI/all.zip"));
        assertThat(c.advisoryFeed().refresh()).isEqualTo(Duration.ofHours(6));
        assertThat(ConfigFile.parse("advisories-url = \"http://osv.example/all.zip\"\nadvisories-refresh = \"1m\"", dir)
                .advisoryFeed().refresh()).isEqualTo(Duration.ofMinutes(1));
        assertThat(ConfigFile.parse("port = 1", dir).advisoryFeed()).isNull();

        assertThatThrownBy(() -> ConfigFile.parse("advisories-url = \"ftp://u:pw@osv.example/all.zip\"", dir))
                .hasMessageContaining("advisories-url must be an http:// or https:// URL").hasMessageNotContaining("pw");
        assertThatThrownBy(() -> ConfigFile.parse("advisories-url = \"https://u:secret@osv example/\"", dir))
                .hasMessageContaining("advisories-url is not a URL").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> ConfigFile.parse("advisories-url = \"https://osv.example/a.zip\"\n"
                + "advisories-refresh = \"0s\"", dir)).hasMessageContaining("advisories-refresh must be at least 1m");
        assertThatThrownBy(() -> ConfigFile.parse("advisories-url = \"https://osv.example/a.zip\"\n"
                + "advisories-refresh = \"soon\"", dir)).hasMessageContaining("advisories-refresh: 'soon' is not a duration");
        assertThatThrownBy(() -> ConfigFile.parse("advisories-refresh = \"1h\"", dir))
                .hasMessageContaining("advisories-refresh is set, and no advisories-url");
    }
}
