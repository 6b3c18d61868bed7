package dev.pymirror.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The configuration file the release and the Debian package ship ({@code src/release/pymirror.toml}):
 * it reads as it is, and each setting it shows commented out with a value shows the value pymirror
 * takes when the setting is left out, so that a reader who uncomments one changes nothing.
 */
class ShippedConfigFileTest {

    private static final Path SHIPPED = Path.of("src/release/pymirror.toml");

    /** {@code # key = value}, with perhaps a comment after the value. */
    private static final Pattern COMMENTED_SETTING = Pattern.compile("# ([a-z][a-z-]*) = (\"[^\"]*\"|\\S+)(\\s+#.*)?");

    @Test
    void theShippedFileReads() throws Exception {
        ServerConfig shipped = ConfigFile.parse(Files.readString(SHIPPED), Path.of("/etc/pymirror"));
        assertThat(shipped.indexes()).containsKey("pypi");
    }

    @Test
    void everySettingShownCommentedOutShowsItsDefault() throws Exception {
        List<String> lines = Files.readAllLines(SHIPPED);
        List<String> uncommented = new ArrayList<>();
        int shown = 0;
        // Settings under a commented-out table ("# [index.internal]") belong to an example index,
        // not to the table above them: they are left as they are.
        boolean inExample = false;
        for (String line : lines) {
            if (line.startsWith("[")) {
                inExample = false;
            } else if (line.startsWith("# [")) {
                inExample = true;
            }
            var m = COMMENTED_SETTING.matcher(line);
            if (!inExample && m.matches()) {
                uncommented.add(m.group(1) + " = " + m.group(2));
                shown++;
            } else {
                uncommented.add(line);
            }
        }
        assertThat(shown).as("settings shown commented out").isGreaterThanOrEqualTo(4);
        Path base = Path.of("/etc/pymirror");
        assertThat(ConfigFile.parse(String.join("\n", uncommented), base))
                .isEqualTo(ConfigFile.parse(String.join("\n", lines), base));
    }
}
