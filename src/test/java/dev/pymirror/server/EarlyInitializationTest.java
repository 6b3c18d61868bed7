package dev.pymirror.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EarlyInitializationTest {

    @Test
    void namesClassesThatExistSoThatNoneIsSkippedUnnoticed() {
        // The thread only logs a class it cannot find, at debug level: a misspelt name would do nothing.
        for (String name : EarlyInitialization.CLASSES) {
            assertThatCode(() -> Class.forName(name, false, ClassLoader.getSystemClassLoader())).doesNotThrowAnyException();
        }
    }

    @Test
    void initializesOnADaemonThreadThatEnds() throws Exception {
        Thread thread = EarlyInitialization.startInBackground();
        assertThat(thread.isDaemon()).as("it must not keep a stopping server's JVM alive").isTrue();
        assertThat(thread.join(Duration.ofSeconds(30))).isTrue();
    }
}
