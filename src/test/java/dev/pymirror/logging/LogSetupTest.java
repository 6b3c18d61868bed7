package dev.pymirror.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogSetupTest {

    @AfterEach
    void clear() {
        System.clearProperty("PYMIRROR_LOG_LEVEL");
        System.clearProperty("PYMIRROR_ACCESS_LOG");
    }

    private static LoggerContext configured() {
        LoggerContext context = new LoggerContext();
        assertThat(configure(context, new LogSetup())).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        return context;
    }

    private static Configurator.ExecutionStatus configure(LoggerContext context, LogSetup setup) {
        setup.setContext(context);
        return setup.configure(context);
    }

    @Test
    void theServersEventsAndTheAccessLogAreInfoOnStderrAndJettysOwnWarn() {
        LoggerContext context = configured();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        assertThat(root.getAppender("STDERR")).isInstanceOfSatisfying(ConsoleAppender.class, appender -> {
            assertThat(appender.getTarget()).isEqualTo("System.err");
            assertThat(appender.getEncoder()).isInstanceOf(LogEncoder.class);
            assertThat(appender.isStarted()).isTrue();
        });
        assertThat(context.getLogger("org.eclipse.jetty").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger(LogSetup.ACCESS_LOGGER).getEffectiveLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("dev.pymirror.server.PymirrorServer").getEffectiveLevel()).isEqualTo(Level.INFO);
    }

    @Test
    void theSettingsChooseTheLevelsInAnyCase() {
        System.setProperty("PYMIRROR_LOG_LEVEL", "debug");
        System.setProperty("PYMIRROR_ACCESS_LOG", "OFF");
        LoggerContext context = configured();
        assertThat(context.getLogger("dev.pymirror.server.PymirrorServer").getEffectiveLevel()).isEqualTo(Level.DEBUG);
        assertThat(context.getLogger(LogSetup.ACCESS_LOGGER).getEffectiveLevel()).isEqualTo(Level.OFF);
        assertThat(context.getLogger("org.eclipse.jetty.server.Server").getEffectiveLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void aLevelThatIsNoneIsSaidAndInfoStands() {
        System.setProperty("PYMIRROR_LOG_LEVEL", "loud");
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        configure(context, new LogSetup(new PrintStream(said, true, StandardCharsets.UTF_8)));
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.INFO);
        assertThat(said.toString(StandardCharsets.UTF_8)).isEqualTo("pymirror: PYMIRROR_LOG_LEVEL=loud is not a log level"
                + " (TRACE, DEBUG, INFO, WARN, ERROR or OFF): INFO is used" + System.lineSeparator());
    }

    @Test
    void aConfigurationFileTheUserNamesTakesOver() {
        System.setProperty("logback.configurationFile", "/etc/pymirror/logback.xml");
        try {
            LoggerContext context = new LoggerContext();
            assertThat(configure(context, new LogSetup())).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
            assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR")).isNull();
        } finally {
            System.clearProperty("logback.configurationFile");
        }
    }
}
