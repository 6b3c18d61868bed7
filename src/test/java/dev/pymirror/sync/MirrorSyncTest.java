package dev.pymirror.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pymirror.sync.download.RetryPolicy;
import dev.pymirror.sync.resolve.InstallTarget;
import dev.pymirror.sync.resolve.ResolutionException;
import dev.pymirror.sync.resolve.SdistPolicy;
import dev.pymirror.sync.tree.FileAdder;
import dev.pymirror.sync.tree.TreeVerifier;
import dev.pymirror.sync.tree.MirrorTree;
import dev.pymirror.testing.Sdist;
import dev.pymirror.testing.StaticIndex;
import dev.pymirror.testing.StaticIndexServer;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.TestIndexServer.Fault;
import dev.pymirror.testing.Wheel;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MirrorSyncTest {

    static final InstallTarget X86 = InstallTarget.of("3.12", "manylinux_2_28_x86_64", "cp", List.of());
    static final InstallTarget ARM = InstallTarget.of("3.11", "musllinux_1_2_aarch64", "cp", List.of());
    static final RetryPolicy QUICK_RETRIES = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(20));

    @TempDir
    Path dir;

    TestIndexServer upstream;
    Wheel app;
    volatile Runnable beforeDownloads = () -> { };
    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final SyncListener recorder = new SyncListener() {
        @Override
        public void retrying(URI url, int failedAttempt, Duration delay, String reason) {
            events.add("retry " + url.getPath() + " " + failedAttempt);
        }

        @Override
        public void note(String message) {
            events.add("note " + message);
        }

        @Override
        public void step(String description) {
            if (description.startsWith("downloading")) {
                beforeDownloads.run();
            }
        }
    };

    @BeforeEach
    void start() throws IOException {
        upstream = TestIndexServer.start();
        app = Wheel.of("app", "1.0").requires("fast>=1", "colorama; sys_platform == 'win32'",
                "tomli; python_version < '3.12'").build();
        upstream.add(
                app,
                Wheel.of("app", "0.9").requires("fast").build(),
                Wheel.of("fast", "1.0").tag("cp312-cp312-manylinux_2_17_x86_64").build(),
                Wheel.of("fast", "1.0").tag("cp311-cp311-musllinux_1_2_aarch64").build(),
                Wheel.of("fast", "1.0").tag("cp312-cp312-win_amd64").build(),
                Wheel.of("tomli", "2.0").build(),
                Wheel.of("colorama", "0.4").build());
    }

    @AfterEach
    void stop() throws IOException {
        upstream.close();
    }

    SyncRequest request(Path output, List<InstallTarget> targets, String... specs) {
        return new SyncRequest(List.of(), List.of(), List.of(specs), targets, URI.create(upstream.simpleUrl()),
                URI.create("http://127.0.0.1:9/unused/"), output, SdistPolicy.NONE, false, 4, false, QUICK_RETRIES,
                Duration.ofSeconds(10));
    }

    static List<String> files(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).map(p -> root.relativize(p).toString())
                    .filter(p -> !p.startsWith(".pymirror/")).sorted().toList();
        }
    }

    @Test
    void writesATreeWithTheFilesOfEveryTargetAndNothingElse() throws Exception {
        Path out = dir.resolve("mirror");

        SyncReport report = new MirrorSync().sync(request(out, List.of(X86, ARM), "app"), recorder);

        assertThat(files(out)).containsExactly(
                "app/app-1.0-py3-none-any.whl", "app/app-1.0-py3-none-any.whl.metadata", "app/index.html", "app/index.json",
                "fast/fast-1.0-cp311-cp311-musllinux_1_2_aarch64.whl",
                "fast/fast-1.0-cp311-cp311-musllinux_1_2_aarch64.whl.metadata",
                "fast/fast-1.0-cp312-cp312-manylinux_2_17_x86_64.whl",
                "fast/fast-1.0-cp312-cp312-manylinux_2_17_x86_64.whl.metadata", "fast/index.html", "fast/index.json",
                "index.html", "index.json",
                "tomli/index.html", "tomli/index.json", "tomli/tomli-2.0-py3-none-any.whl",
                "tomli/tomli-2.0-py3-none-any.whl.metadata");
        assertThat(report.packagesPerTarget()).containsExactly(
                java.util.Map.entry("cp312-manylinux_2_28_x86_64", 2), java.util.Map.entry("cp311-musllinux_1_2_aarch64", 3));
        assertThat(report.filesNeeded()).isEqualTo(4);
        assertThat(report.filesFetched()).isEqualTo(4);
        assertThat(new TreeVerifier(new MirrorTree(out)).verify().problems()).isEmpty();
        // Dependencies came from the PEP 658 files: each wheel was downloaded once, for the tree.
        assertThat(upstream.hits("/files/app-1.0-py3-none-any.whl")).isEqualTo(1);
        assertThat(upstream.hits("/files/app-1.0-py3-none-any.whl.metadata")).isEqualTo(1);
        assertThat(upstream.hits("/files/fast-1.0-cp312-cp312-win_amd64.whl")).isZero();
    }

    @Test
    void pagesLinkEachFileRelativelyWithItsHashAndMetadata() throws Exception {
        Path out = dir.resolve("mirror");
        new MirrorSync().sync(request(out, List.of(X86), "app"), recorder);

        String html = Files.readString(out.resolve("app/index.html"));
        JsonNode json = new ObjectMapper().readTree(out.resolve("app/index.json").toFile());

        assertThat(html).contains("<a href=\"app-1.0-py3-none-any.whl#sha256=" + app.sha256() + "\"")
                .contains("data-core-metadata=\"sha256=" + app.metadataSha256() + "\"");
        assertThat(json.at("/files/0/url").asText()).isEqualTo("app-1.0-py3-none-any.whl");
        assertThat(json.at("/files/0/hashes/sha256").asText()).isEqualTo(app.sha256());
        assertThat(json.at("/meta/api-version").asText()).isEqualTo("1.1");
        assertThat(Files.readString(out.resolve("index.html"))).contains("<a href=\"app/\">", "<a href=\"fast/\">");
        assertThat(Files.readAllBytes(out.resolve("app/app-1.0-py3-none-any.whl.metadata"))).isEqualTo(app.metadata());
    }

    @Test
    void pagesStateTheRequiresPythonOfTheMetadataWhenTheUpstreamPageGivesNone() throws Exception {
        // The test index's pages carry no requires-python: only the wheels' metadata says it.
        upstream.add(Wheel.of("modern", "2.0").requiresPython(">=3.9").build(), Wheel.of("modern", "1.0").build());
        Path out = dir.resolve("mirror");
        InstallTarget old = InstallTarget.of("3.8", "manylinux_2_28_x86_64", "cp", List.of());
        new MirrorSync().sync(request(out, List.of(X86, old), "modern"), recorder);

        String html = Files.readString(out.resolve("modern/index.html"));
        JsonNode json = new ObjectMapper().readTree(out.resolve("modern/index.json").toFile());
        assertThat(html).contains("<a href=\"modern-2.0-py3-none-any.whl#sha256=")
                .contains("data-requires-python=\"&gt;=3.9\"");
        assertThat(json.at("/files/1/filename").asText()).isEqualTo("modern-2.0-py3-none-any.whl");
        assertThat(json.at("/files/1/requires-python").asText()).isEqualTo(">=3.9");
        assertThat(json.at("/files/0/requires-python").isMissingNode()).as("1.0 states none").isTrue();
        assertThat(new ObjectMapper().readTree(out.resolve(".pymirror/manifest.json").toFile())
                .at("/files/modern~1modern-2.0-py3-none-any.whl/requires_python").asText()).isEqualTo(">=3.9");
    }

    @Test
    void theManifestSaysPerTargetWhatWasResolvedAndWhy() throws Exception {
        Path out = dir.resolve("mirror");
        new MirrorSync().sync(request(out, List.of(X86, ARM), "app"), recorder);

        JsonNode manifest = new ObjectMapper().readTree(out.resolve(".pymirror/manifest.json").toFile());

        JsonNode arm = manifest.at("/targets/cp311-musllinux_1_2_aarch64");
        assertThat(arm.at("/python").asText()).isEqualTo("3.11.0");
        assertThat(arm.at("/platform").asText()).isEqualTo("musllinux_1_2_aarch64");
        assertThat(arm.at("/packages/tomli/version").asText()).isEqualTo("2.0");
        assertThat(arm.at("/packages/tomli/required_by/0").asText()).isEqualTo("app 1.0");
        assertThat(arm.at("/packages/app/required_by/0").asText()).isEqualTo("command line");
        assertThat(manifest.at("/targets/cp312-manylinux_2_28_x86_64/packages/tomli").isMissingNode()).isTrue();
        JsonNode fast = manifest.at("/files/fast~1fast-1.0-cp312-cp312-manylinux_2_17_x86_64.whl");
        assertThat(fast.at("/targets").toString()).isEqualTo("[\"cp312-manylinux_2_28_x86_64\"]");
        assertThat(fast.at("/source").asText()).isEqualTo("sync");
        assertThat(fast.at("/sha256").asText()).hasSize(64);
    }

    @Test
    void theManifestKeepsNoCredentialOfTheUpstream() throws Exception {
        Path out = dir.resolve("mirror");
        URI withSecret = URI.create(upstream.simpleUrl().replace("://", "://mirror-user:s3cret-pass@"));
        SyncRequest r = request(out, List.of(X86), "app");
        new MirrorSync().sync(new SyncRequest(r.requirementFiles(), r.constraintFiles(), r.specs(), r.targets(),
                withSecret, r.defaultUpstream(), r.output(), r.sdists(), r.prereleases(), r.jobs(), r.prune(),
                r.retry(), r.timeout()), recorder);

        String manifest = Files.readString(out.resolve(".pymirror/manifest.json"));
        assertThat(manifest).doesNotContain("s3cret-pass").doesNotContain("mirror-user")
                .contains("\"upstream\" : \"http://***@127.0.0.1:");
        JsonNode origin = new ObjectMapper().readTree(manifest).at("/files/app~1app-1.0-py3-none-any.whl/origin");
        assertThat(origin.asText()).startsWith("http://***@127.0.0.1:").endsWith("/app-1.0-py3-none-any.whl");
        // A second run, given the credentials again, still finds the tree whole.
        new MirrorSync().sync(new SyncRequest(r.requirementFiles(), r.constraintFiles(), r.specs(), r.targets(),
                withSecret, r.defaultUpstream(), r.output(), r.sdists(), r.prereleases(), r.jobs(), r.prune(),
                r.retry(), r.timeout()), recorder);
        assertThat(upstream.hits("/files/app-1.0-py3-none-any.whl")).isEqualTo(1);
    }

    @Test
    void aSecondRunDownloadsNothingAndRewritesNoPage() throws Exception {
        Path out = dir.resolve("mirror");
        new MirrorSync().sync(request(out, List.of(X86, ARM), "app"), recorder);
        int requests = upstream.requests().size();

        SyncReport again = new MirrorSync().sync(request(out, List.of(X86, ARM), "app"), recorder);

        assertThat(again.filesFetched()).isZero();
        assertThat(again.filesPresent()).isEqualTo(4);
        assertThat(again.pagesWritten()).isZero();
        List<String> second = upstream.requests().subList(requests, upstream.requests().size());
        assertThat(second).allMatch(r -> r.startsWith("GET /simple/")); // pages only: metadata came from the tree
    }

    @Test
    void aNewRequirementFetchesOnlyWhatIsNewAndRewritesOnlyChangedPages() throws Exception {
        Path out = dir.resolve("mirror");
        new MirrorSync().sync(request(out, List.of(X86), "app"), recorder);
        long appPage = Files.getLastModifiedTime(out.resolve("app/index.html")).toMillis();
        Thread.sleep(20);

        SyncReport report = new MirrorSync().sync(request(out, List.of(X86), "app", "colorama"), recorder);

        assertThat(report.filesFetched()).isEqualTo(1);
        assertThat(report.pagesWritten()).isEqualTo(2); // colorama's page and the root page
        assertThat(Files.getLastModifiedTime(out.resolve("app/index.html")).toMillis()).isEqualTo(appPage);
        assertThat(files(out)).contains("colorama/colorama-0.4-py3-none-any.whl");
    }

    @Test
    void pruneRemovesWhatNoTargetNeedsAndWithoutItFilesStay() throws Exception {
        Path out = dir.resolve("mirror");
        new MirrorSync().sync(request(out, List.of(X86, ARM), "app"), recorder);

        SyncReport kept = new MirrorSync().sync(request(out, List.of(X86), "app"), recorder);
        assertThat(kept.filesPruned()).isZero();
        assertThat(files(out)).contains("tomli/tomli-2.0-py3-none-any.whl");

        SyncRequest prune = new SyncRequest(List.of(), List.of(), List.of("app"), List.of(X86),
                URI.create(upstream.simpleUrl()), null, out, SdistPolicy.NONE, false, 4, true, QUICK_RETRIES,
                Duration.ofSeconds(10));
        SyncReport pruned = new MirrorSync().sync(prune, recorder);

        assertThat(pruned.filesPruned()).isEqualTo(2);
        assertThat(files(out)).doesNotContain("tomli/tomli-2.0-py3-none-any.whl", "tomli/index.html",
                "fast/fast-1.0-cp311-cp311-musllinux_1_2_aarch64.whl");
        assertThat(Files.exists(out.resolve("tomli"))).isFalse();
        assertThat(Files.readString(out.resolve("index.html"))).doesNotContain("tomli");
        assertThat(new TreeVerifier(new MirrorTree(out)).verify().problems()).isEmpty();
    }

    @Test
    void pagesAndMetadataThatFailAreRetriedWithBackOff() throws Exception {
        upstream.fault("/files/fast-1.0-cp312", Fault.STATUS_503, 2);
        upstream.fault("/simple/app/", Fault.RESET_MID_BODY, 1);
        Path out = dir.resolve("mirror");

        new MirrorSync().sync(request(out, List.of(X86), "app"), recorder);

        assertThat(events).containsExactlyInAnyOrder("retry /simple/app/ 1",
                "retry /files/fast-1.0-cp312-cp312-manylinux_2_17_x86_64.whl.metadata 1",
                "retry /files/fast-1.0-cp312-cp312-manylinux_2_17_x86_64.whl.metadata 2");
        assertThat(new TreeVerifier(new MirrorTree(out)).verify().problems()).isEmpty();
    }

    @Test
    void downloadsThatFailAreRetriedWithBackOff() throws Exception {
        beforeDownloads = () -> upstream.fault("/files/fast-1.0-cp312", Fault.TRUNCATE, 2);
        Path out = dir.resolve("mirror");

        new MirrorSync().sync(request(out, List.of(X86), "app"), recorder);

        assertThat(events).containsExactly("retry /files/fast-1.0-cp312-cp312-manylinux_2_17_x86_64.whl 1",
                "retry /files/fast-1.0-cp312-cp312-manylinux_2_17_x86_64.whl 2");
        assertThat(new TreeVerifier(new MirrorTree(out)).verify().problems()).isEmpty();
    }

    @Test
    void aFileThatKeepsFailingFailsTheSyncAndLeavesThePagesAlone() throws Exception {
        Path out = dir.resolve("mirror");
        new MirrorSync().sync(request(out, List.of(X86), "app"), recorder);
        String before = Files.readString(out.resolve("index.html"));
        beforeDownloads = () -> upstream.fault("/files/colorama", Fault.WRONG_BYTES);

        assertThatThrownBy(() -> new MirrorSync().sync(request(out, List.of(X86), "app", "colorama"), recorder))
                .isInstanceOf(SyncException.class)
                .hasMessageStartingWith("1 of 1 files could not be downloaded, so the pages were left as they were")
                .hasMessageContaining("colorama-0.4-py3-none-any.whl: sha256 ").hasMessageContaining(" does not match the expected ");
        assertThat(Files.readString(out.resolve("index.html"))).isEqualTo(before);
        assertThat(files(out)).noneMatch(f -> f.contains("colorama"));
    }

    @Test
    void aFileWhosePageStatesOnlyBlake2bIsStillChecked() throws Exception {
        Path out = dir.resolve("mirror");
        upstream.statedHashes("blake2b");
        new MirrorSync().sync(request(out, List.of(X86), "app"), recorder);
        beforeDownloads = () -> upstream.fault("/files/colorama", Fault.WRONG_BYTES);

        assertThatThrownBy(() -> new MirrorSync().sync(request(out, List.of(X86), "app", "colorama"), recorder))
                .isInstanceOf(SyncException.class)
                .hasMessageContaining("colorama-0.4-py3-none-any.whl: the bytes received have blake2b ");
        assertThat(files(out)).noneMatch(f -> f.contains("colorama"));
    }

    @Test
    void writesThatARunLeftUnfinishedAreSweptAway() throws Exception {
        Path out = dir.resolve("mirror");
        new MirrorSync().sync(request(out, List.of(X86), "app"), recorder);
        Path leftover = Files.writeString(out.resolve("app/.~staged-1234-app-1.0-py3-none-any.whl"), "half a file");

        new MirrorSync().sync(request(out, List.of(X86), "app"), recorder);

        assertThat(Files.exists(leftover)).isFalse();
        assertThat(new TreeVerifier(new MirrorTree(out)).verify().problems()).isEmpty();
    }

    @Test
    void anUpstreamThatIsDownIsAFailureNotAnEmptyMirror() throws Exception {
        upstream.stop();

        assertThatThrownBy(() -> new MirrorSync().sync(request(dir.resolve("m"), List.of(X86), "app"), recorder))
                .isInstanceOf(SyncException.class)
                .hasMessageContaining("cannot read the page of app")
                .hasMessageContaining("refused");
    }

    @Test
    void withoutPep658TheWheelIsReadWholeAndDownloadedOnce() throws Exception {
        upstream.serveMetadata(false);
        Path out = dir.resolve("mirror");

        new MirrorSync().sync(request(out, List.of(X86), "app"), recorder);

        assertThat(upstream.hits("/files/app-1.0-py3-none-any.whl")).isEqualTo(1);
        assertThat(upstream.hits("/files/fast-1.0-cp312-cp312-manylinux_2_17_x86_64.whl")).isEqualTo(1);
        assertThat(Files.exists(out.resolve("app/app-1.0-py3-none-any.whl.metadata"))).isTrue();
        assertThat(Files.exists(out.resolve(".pymirror/spool"))).isFalse();
    }

    @Test
    void aConflictIsAResolutionErrorAndWritesNothing() {
        assertThatThrownBy(() -> new MirrorSync().sync(request(dir.resolve("m"), List.of(X86), "app", "fast<1"), recorder))
                .isInstanceOf(ResolutionException.class)
                .hasMessageContaining("command line requires fast<1");
        assertThat(Files.exists(dir.resolve("m/index.html"))).isFalse();
    }

    SyncRequest fromFiles(Path output, URI upstreamUrl, List<Path> requirements, List<Path> constraints,
            SdistPolicy sdists, boolean prune) {
        return new SyncRequest(requirements, constraints, List.of(), List.of(X86), upstreamUrl,
                URI.create("http://127.0.0.1:9/unused/"), output, sdists, false, 4, prune, QUICK_RETRIES,
                Duration.ofSeconds(10));
    }

    @Test
    void anIndexUrlInARequirementsFileIsHonouredUnlessTheCommandLineNamesAnother() throws Exception {
        Path req = Files.writeString(dir.resolve("r.txt"), "--index-url " + upstream.simpleUrl() + "\napp\n");

        SyncReport report = new MirrorSync().sync(fromFiles(dir.resolve("m"), null, List.of(req), List.of(),
                SdistPolicy.NONE, false), recorder);

        assertThat(report.upstream()).isEqualTo(upstream.simpleUrl());
        assertThatThrownBy(() -> new MirrorSync().sync(fromFiles(dir.resolve("m"), URI.create("http://127.0.0.1:9/other/"),
                List.of(req), List.of(), SdistPolicy.NONE, false), recorder))
                .isInstanceOf(SyncException.class)
                .hasMessage(req + ":1: --index-url " + upstream.simpleUrl() + " differs from --upstream"
                        + " http://127.0.0.1:9/other/; give one of them, so that the mirror holds what the requirements"
                        + " were written against");
    }

    @Test
    void hashPinsAreVerifiedAndAWrongOneFailsBeforeAnythingIsWritten() throws Exception {
        Wheel fast = Wheel.of("pinned", "1.0").build();
        upstream.add(fast);
        Path good = Files.writeString(dir.resolve("good.txt"), "pinned==1.0 --hash=sha256:" + fast.sha256() + "\n");
        Path bad = Files.writeString(dir.resolve("bad.txt"), "pinned==1.0 --hash=sha256:" + "0".repeat(64) + "\n");

        new MirrorSync().sync(fromFiles(dir.resolve("m"), URI.create(upstream.simpleUrl()), List.of(good), List.of(),
                SdistPolicy.NONE, false), recorder);
        assertThat(files(dir.resolve("m"))).contains("pinned/pinned-1.0-py3-none-any.whl");

        assertThatThrownBy(() -> new MirrorSync().sync(fromFiles(dir.resolve("m2"), URI.create(upstream.simpleUrl()),
                List.of(bad), List.of(), SdistPolicy.NONE, false), recorder))
                .isInstanceOf(ResolutionException.class)
                .hasMessageContaining(bad + ":1 requires pinned==1.0");
        assertThat(Files.exists(dir.resolve("m2/index.html"))).isFalse();
    }

    @Test
    void constraintsLimitWhatIsChosen() throws Exception {
        upstream.add(Wheel.of("fast", "0.9").tag("cp312-cp312-manylinux_2_17_x86_64").build());
        Path req = Files.writeString(dir.resolve("r.txt"), "app==0.9\n");
        Path constraints = Files.writeString(dir.resolve("c.txt"), "fast<1\ncolorama<0\n");

        new MirrorSync().sync(fromFiles(dir.resolve("m"), URI.create(upstream.simpleUrl()), List.of(req),
                List.of(constraints), SdistPolicy.NONE, false), recorder);

        assertThat(files(dir.resolve("m"))).contains("fast/fast-0.9-cp312-cp312-manylinux_2_17_x86_64.whl")
                .noneMatch(f -> f.startsWith("colorama/"));
    }

    @Test
    void sdistsAreMirroredWhenAllowedAndUnfollowedDependenciesAreReported() throws Exception {
        // TestIndexServer serves wheels only; the sdist comes from a static index.
        Path root = dir.resolve("static");
        new StaticIndex(root)
                .add(Sdist.of("legacy", "1.0").metadataVersion("2.1").requires("six").build(), StaticIndex.Listing.PLAIN)
                .add(Wheel.of("six", "1.0").build()).write();
        try (StaticIndexServer server = StaticIndexServer.serve(root)) {
            URI url = URI.create(server.url() + "simple/");
            SyncRequest request = new SyncRequest(List.of(), List.of(), List.of("legacy"), List.of(X86), url, null,
                    dir.resolve("m"), SdistPolicy.ALL, false, 4, false, QUICK_RETRIES, Duration.ofSeconds(10));

            SyncReport report = new MirrorSync().sync(request, recorder);

            assertThat(files(dir.resolve("m"))).contains("legacy/legacy-1.0.tar.gz").noneMatch(f -> f.startsWith("six/"));
            assertThat(report.notes()).anyMatch(n -> n.contains("legacy 1.0 is an sdist whose PKG-INFO (metadata 2.1)"
                    + " cannot be trusted to list its dependencies: they were not followed"));
            SyncRequest wheelsOnly = new SyncRequest(List.of(), List.of(), List.of("legacy"), List.of(X86), url, null,
                    dir.resolve("m3"), SdistPolicy.NONE, false, 4, false, QUICK_RETRIES, Duration.ofSeconds(10));
            assertThatThrownBy(() -> new MirrorSync().sync(wheelsOnly, recorder))
                    .hasMessageContaining("sdist only, and sdists are not mirrored unless --allow-sdist names them");
        }
    }

    @Test
    void pruneKeepsFilesAddedByHand() throws Exception {
        Path out = dir.resolve("mirror");
        new MirrorSync().sync(request(out, List.of(X86), "app"), recorder);
        Wheel mine = Wheel.of("in-house", "1.0").build();
        Path local = Files.write(dir.resolve(mine.filename()), mine.bytes());
        new FileAdder(new MirrorTree(out)).add(List.of(local));

        SyncRequest prune = new SyncRequest(List.of(), List.of(), List.of("colorama"), List.of(X86),
                URI.create(upstream.simpleUrl()), null, out, SdistPolicy.NONE, false, 4, true, QUICK_RETRIES,
                Duration.ofSeconds(10));
        new MirrorSync().sync(prune, recorder);

        assertThat(files(out)).contains("in-house/" + mine.filename(), "colorama/colorama-0.4-py3-none-any.whl")
                .noneMatch(f -> f.startsWith("app/"));
        assertThat(new TreeVerifier(new MirrorTree(out)).verify().problems()).isEmpty();
    }

    @Test
    void noDownloadRebuildsPagesFromTheFilesInTheTree() throws Exception {
        Path out = dir.resolve("mirror");
        new MirrorSync().sync(request(out, List.of(X86), "app"), recorder);
        Files.delete(out.resolve("app/index.html"));
        Files.delete(out.resolve("index.json"));
        Wheel extra = Wheel.of("extra", "3.0").requiresPython(">=3.9").build();
        Files.createDirectories(out.resolve("extra"));
        Files.write(out.resolve("extra").resolve(extra.filename()), extra.bytes());

        SyncReport report = new MirrorSync().rebuildPages(out, recorder);

        assertThat(report.pagesWritten()).isEqualTo(3); // app's html, extra's page, the root
        assertThat(Files.readString(out.resolve("extra/index.html")))
                .contains("extra-3.0-py3-none-any.whl#sha256=" + extra.sha256())
                .contains("data-requires-python=\"&gt;=3.9\"");
        assertThat(Files.readAllBytes(out.resolve("extra/extra-3.0-py3-none-any.whl.metadata"))).isEqualTo(extra.metadata());
        assertThat(new TreeVerifier(new MirrorTree(out)).verify().problems()).isEmpty();
    }
}
