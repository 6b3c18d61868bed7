package dev.pymirror.server.hosted;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pymirror.packaging.ProjectName;
import dev.pymirror.server.config.HostedConfig;
import dev.pymirror.server.index.Upload;
import dev.pymirror.testing.Wheel;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a hosted index tells {@code /health}: its project count, right after each change this
 * server makes, and without reading the disk on every call (anyone may call it, as often as
 * they like).
 */
class HostedIndexHealthTest {

    @TempDir
    Path dir;

    /** A clock that moves only when told. */
    static final class StepClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final StepClock clock = new StepClock();

    static void upload(HostedIndex index, Wheel w, String name, String version) throws Exception {
        index.upload(new Upload(w.filename(), Map.of(":action", List.of("file_upload"), "name", List.of(name),
                "version", List.of(version)), "alice"), new ByteArrayInputStream(w.bytes()));
    }

    static ObjectNode describe(HostedIndex index) {
        ObjectNode node = new ObjectMapper().createObjectNode();
        index.describe(node);
        return node;
    }

    @Test
    void theCountIsRightAfterEachChangeAndIsNotReadFromDiskOnEveryCall() throws Exception {
        HostedIndex index = new HostedIndex(HostedConfig.defaults("internal"), dir.resolve("internal"), clock);
        assertThat(describe(index).get("projects").asInt()).isZero();
        Wheel one = Wheel.of("acme-one", "1.0").build();
        upload(index, one, "acme-one", "1.0");
        assertThat(describe(index).get("projects").asInt()).isEqualTo(1);
        upload(index, Wheel.of("acme-two", "1.0").build(), "acme-two", "1.0");
        assertThat(describe(index).get("projects").asInt()).isEqualTo(2);
        index.delete(ProjectName.of("acme-one"), one.filename());
        assertThat(describe(index).get("projects").asInt()).isEqualTo(1);

        // The projects' folder goes away (as a disk that fails would): /health keeps its count
        // from memory, call after call, instead of listing the folder each time.
        Path projects = dir.resolve("internal").resolve("projects");
        Path away = Files.move(projects, dir.resolve("projects-away"));
        for (int i = 0; i < 100; i++) {
            ObjectNode health = describe(index);
            assertThat(health.get("projects").asInt()).isEqualTo(1);
            assertThat(health.has("projects-error")).isFalse();
        }

        // It is counted again after a while: changes made beside the server show (no logs, no projects).
        clock.now = clock.now.plus(HostedIndex.COUNT_KEPT).plus(Duration.ofSeconds(1));
        assertThat(describe(index).get("projects").asInt()).isZero();
        Files.move(away, projects);
        clock.now = clock.now.plus(HostedIndex.COUNT_KEPT).plus(Duration.ofSeconds(1));
        assertThat(describe(index).get("projects").asInt()).isEqualTo(1);
    }
}
