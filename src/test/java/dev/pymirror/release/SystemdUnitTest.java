package dev.pymirror.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.server.config.ConnectionLimits;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The systemd unit as the package installs it, read as text (DebianPackageTest runs it). */
class SystemdUnitTest {

    private static final Path UNIT = Path.of("src/release/systemd/pymirror.service");

    @Test
    void systemdWaitsLongerThanTheDefaultDrainBeforeItKills() throws Exception {
        String value = Unit.read(UNIT).value("TimeoutStopSec");
        assertThat(value).as("TimeoutStopSec in seconds").matches("\\d+s");
        Duration stop = Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
        // The drain, then Jetty and the storage client closing, on a busy machine.
        assertThat(stop).isGreaterThanOrEqualTo(ConnectionLimits.DEFAULT_DRAIN.multipliedBy(2));
    }
}
