package dev.pymirror.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LogEncoderTest {

    final LoggerContext context = new LoggerContext();
    final Logger logger = context.getLogger("dev.pymirror.server.PymirrorServer");

    LogEncoder encoder(LogFormat format) {
        LogEncoder encoder = new LogEncoder(format);
        encoder.setContext(context);
        encoder.setPattern("%-5level %logger{0}: %msg%n");
        encoder.start();
        return encoder;
    }

    @Test
    void aJsonEventIsOneObjectWithTimeLevelLoggerAndMessage() throws Exception {
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.WARN,
                "upstream {} failed:\n\"quoted\" \\ caf\u00e9 \u0000", null, new Object[] {"https://***@example/simple/"});
        event.setTimeStamp(Instant.parse("2026-12-03T09:05:07.042Z").toEpochMilli());

        String line = new String(encoder(LogFormat.JSON).encode(event), StandardCharsets.UTF_8);

        assertThat(line).endsWith("}\n").hasLineCount(1);
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.get("time").asText()).isEqualTo("2026-12-03T09:05:07.042Z");
        assertThat(json.get("level").asText()).isEqualTo("WARN");
        assertThat(json.get("logger").asText()).isEqualTo("dev.pymirror.server.PymirrorServer");
        assertThat(json.get("message").asText())
                .isEqualTo("upstream https://***@example/simple/ failed:\n\"quoted\" \\ caf\u00e9 \u0000");
        assertThat(json.has("exception")).isFalse();
    }

    @Test
    void anExceptionGoesIntoItsOwnFieldOnTheSameLine() throws Exception {
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.ERROR, "cannot store",
                new IOException("disk full"), null);

        String line = new String(encoder(LogFormat.JSON).encode(event), StandardCharsets.UTF_8);

        assertThat(line).hasLineCount(1);
        assertThat(new ObjectMapper().readTree(line).get("exception").asText())
                .startsWith("java.io.IOException: disk full").contains("\tat ");
    }

    @Test
    void textKeepsThePattern() {
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.INFO, "serving", null, null);

        assertThat(new String(encoder(LogFormat.TEXT).encode(event), StandardCharsets.UTF_8))
                .isEqualTo("INFO  PymirrorServer: serving" + System.lineSeparator());
    }
}
