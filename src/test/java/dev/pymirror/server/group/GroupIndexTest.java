package dev.pymirror.server.group;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.server.config.GroupConfig;
import dev.pymirror.server.config.MirrorConfig;
import dev.pymirror.server.index.FileAnswer;
import dev.pymirror.server.index.FileDownload;
import dev.pymirror.server.index.RenderableProjectPage;
import dev.pymirror.server.mirror.MirrorIndex;
import dev.pymirror.server.mirror.OpenedMirrors;
import dev.pymirror.server.time.TimeFilteredIndex;
import dev.pymirror.server.time.TimeRule;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.Wheel;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A group over two real mirrors (their upstreams on 127.0.0.1) that mixes a project both have. */
class GroupIndexTest {

    @RegisterExtension
    final OpenedMirrors mirrors = new OpenedMirrors();

    @TempDir
    Path dir;

    static final ProjectName LIB = ProjectName.of("acme-lib");

    @Test
    void aMixedProjectsFileOneMembersUpstreamStoppedListingIsServedByThatMemberAndListedAsOfBefore() throws Exception {
        Wheel first = Wheel.of("acme-lib", "1.0").build();
        Wheel dropped = Wheel.of("acme-lib", "2.0").build();
        Wheel other = Wheel.of("acme-lib", "3.0").build();
        try (TestIndexServer up1 = TestIndexServer.start().add(first, dropped);
                TestIndexServer up2 = TestIndexServer.start().add(other)) {
            MirrorIndex m1 = mirror("one", up1);
            MirrorIndex m2 = mirror("two", up2);
            GroupIndex group = new GroupIndex(GroupConfig.of("main", List.of("one", "two")).withMix(Set.of("acme-lib")),
                    List.of(m1, m2));
            assertThat(files(group)).contains(dropped.filename());
            Thread.sleep(20);
            Instant before = Instant.now();
            Thread.sleep(20);
            up1.unlist(dropped.filename());
            assertThat(files(group)).containsExactlyInAnyOrder(first.filename(), other.filename());

            TimeFilteredIndex asOf = new TimeFilteredIndex(group, new TimeRule.AsOf(before), Clock.systemUTC());
            assertThat(files(asOf)).containsExactlyInAnyOrder(first.filename(), dropped.filename(), other.filename());
            FileAnswer answer = asOf.file(LIB, dropped.filename());
            FileDownload download = ((FileAnswer.Arriving) answer).download();
            download.awaitEnd();
            assertThat(download.state()).isEqualTo(FileDownload.State.DONE);
            assertThat(Files.readAllBytes(download.target())).isEqualTo(dropped.bytes());
        }
    }

    private MirrorIndex mirror(String name, TestIndexServer upstream) throws Exception {
        MirrorConfig config = MirrorConfig.defaults(name).withUpstream(URI.create(upstream.simpleUrl()))
                .withPageTtl(Duration.ZERO).withBreaker(Duration.ofSeconds(60), Duration.ofMinutes(1)); // waits for each refresh
        return mirrors.add(new MirrorIndex(config, dir.resolve(name), false, Clock.systemUTC()));
    }

    private static List<String> files(dev.pymirror.server.index.PackageIndex index) throws Exception {
        return ((RenderableProjectPage) index.page(LIB).page()).page().files().stream().map(ProjectFile::filename).toList();
    }
}
