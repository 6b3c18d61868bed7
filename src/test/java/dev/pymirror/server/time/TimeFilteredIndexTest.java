package dev.pymirror.server.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pymirror.packaging.ProjectName;
import dev.pymirror.server.index.FileAnswer;
import dev.pymirror.server.index.FileEvent;
import dev.pymirror.server.index.MetadataAnswer;
import dev.pymirror.server.index.PackageIndex;
import dev.pymirror.server.index.PageAnswer;
import dev.pymirror.server.index.RenderableProjectPage;
import dev.pymirror.server.index.RenderedProjectPage;
import dev.pymirror.server.index.Unavailable;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.simple.ProjectPage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The view over an index: cut pages are kept while the index serves the same page and the rule
 * holds, cut again when either changes, and files left out are refused saying why.
 */
class TimeFilteredIndexTest {

    static final ProjectName ACME = ProjectName.of("acme");
    static final Instant T0 = Instant.parse("2026-01-10T00:00:00Z");

    final ProjectFile old = file("acme-1.0.tar.gz", T0.minus(Duration.ofDays(30)));
    final ProjectFile young = file("acme-2.0.tar.gz", T0.minus(Duration.ofDays(1)));
    final Fixed index = new Fixed(ProjectPage.of(ACME, List.of(old, young)));
    Instant now = T0;
    final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    };

    static ProjectFile file(String name, Instant uploaded) {
        return ProjectFile.builder(name, "../../files/acme/" + name).uploadTime(uploaded).build();
    }

    @Test
    void aCutPageIsKeptWhileItsPageIsServedAndCutAgainWhenThatChanges() throws Exception {
        TimeFilteredIndex view = new TimeFilteredIndex(index, new TimeRule.AsOf(T0.minus(Duration.ofDays(10))), clock);
        var first = view.page(ACME).page();
        assertThat(((RenderableProjectPage) first).page().files()).containsExactly(old);
        assertThat(view.page(ACME).page()).isSameAs(first);
        assertThat(view.readyPage(ACME).orElseThrow().page()).isSameAs(first);

        index.serve(ProjectPage.of(ACME, List.of(old)));
        assertThat(view.page(ACME).page()).isNotSameAs(first);
    }

    @Test
    void aMinAgeCutHoldsUntilTheHeldBackFileComesOfAge() throws Exception {
        TimeFilteredIndex view = new TimeFilteredIndex(index, new TimeRule.MinAge(Duration.ofDays(3), Set.of()), clock);
        var first = view.page(ACME).page();
        assertThat(((RenderableProjectPage) first).page().files()).containsExactly(old);
        now = T0.plus(Duration.ofDays(1));
        assertThat(view.page(ACME).page()).isSameAs(first);
        now = T0.plus(Duration.ofDays(2));
        assertThat(((RenderableProjectPage) view.page(ACME).page()).page().files()).containsExactly(old, young);
    }

    @Test
    void aFileLeftOutIsRefusedSayingWhyAndAnExemptProjectIsNotCut() throws Exception {
        TimeFilteredIndex view = new TimeFilteredIndex(index, new TimeRule.MinAge(Duration.ofDays(3), Set.of()), clock);
        assertThatThrownBy(() -> view.file(ACME, young.filename())).isInstanceOf(Unavailable.class)
                .hasMessageContaining("less than 3d ago").hasMessageContaining("2026-01-12T00:00:00Z");
        assertThatThrownBy(() -> view.metadata(ACME, young.filename())).isInstanceOf(Unavailable.class);
        assertThat(view.storedFile(ACME, young.filename() + ".metadata")).isEmpty();
        assertThat(view.file(ACME, old.filename())).isInstanceOf(FileAnswer.Stored.class);

        TimeFilteredIndex exempt = new TimeFilteredIndex(index, new TimeRule.MinAge(Duration.ofDays(3), Set.of(ACME)),
                clock);
        assertThat(exempt.page(ACME).page()).isSameAs(index.served);
        assertThat(exempt.file(ACME, young.filename())).isInstanceOf(FileAnswer.Stored.class);
    }

    @Test
    void aViewOfAMomentServesByUrlOnlyWhatItsPageListsThen() throws Exception {
        ProjectFile relisted = file("acme-1.5.tar.gz", T0.minus(Duration.ofDays(20)));
        index.serve(ProjectPage.of(ACME, List.of(old, relisted, young)));
        index.history = List.of(FileEvent.unlisted(relisted, T0.minus(Duration.ofDays(12))),
                FileEvent.listed(relisted.filename(), T0.minus(Duration.ofDays(2))));
        TimeFilteredIndex view = new TimeFilteredIndex(index, new TimeRule.AsOf(T0.minus(Duration.ofDays(10))), clock);
        assertThat(((RenderableProjectPage) view.page(ACME).page()).page().files()).containsExactly(old);

        // The index beneath serves both by URL (a mirror serves what it has cached); the view does not.
        for (String notThen : List.of(relisted.filename(), "acme-0.9.tar.gz")) {
            assertThat(view.storedFile(ACME, notThen)).isEmpty();
            assertThat(view.storedFile(ACME, notThen + ".metadata")).isEmpty();
            assertThatThrownBy(() -> view.file(ACME, notThen)).isInstanceOfSatisfying(Unavailable.class,
                    u -> assertThat(u.status()).isEqualTo(404)).hasMessageContaining("not listed at");
        }
        assertThat(view.storedFile(ACME, old.filename())).isPresent();
        assertThat(view.file(ACME, old.filename())).isInstanceOf(FileAnswer.Stored.class);
    }

    /** An index serving one page, ready, whose files are all "stored". */
    static final class Fixed implements PackageIndex {
        RenderedProjectPage served;
        List<FileEvent> history = List.of();

        @Override
        public List<FileEvent> history(ProjectName project) {
            return history;
        }

        Fixed(ProjectPage page) {
            serve(page);
        }

        void serve(ProjectPage page) {
            served = new RenderedProjectPage(page);
        }

        @Override
        public String name() {
            return "fixed";
        }

        @Override
        public PageAnswer page(ProjectName project) {
            return PageAnswer.hit(served);
        }

        @Override
        public Optional<PageAnswer> readyPage(ProjectName project) {
            return Optional.of(PageAnswer.hit(served));
        }

        @Override
        public PageAnswer projectList() {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileAnswer file(ProjectName project, String filename) {
            return new FileAnswer.Stored(Path.of(filename));
        }

        @Override
        public MetadataAnswer metadata(ProjectName project, String filename) {
            return new MetadataAnswer.Stored(Path.of(filename + ".metadata"));
        }

        @Override
        public Optional<Path> storedFile(ProjectName project, String filename) {
            return Optional.of(Path.of(filename));
        }

        @Override
        public void describe(ObjectNode into) {}
    }
}
