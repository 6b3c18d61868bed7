package dev.pymirror.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Node script under {@code src/test/browser} that drives Debian's headless Chromium through
 * Playwright's {@code playwright-core} (pinned in that folder's package-lock.json, installed by
 * {@code npm ci} there, as {@code .ci/run} does), run in a clean environment. The script prints
 * what it saw as JSON lines, which {@link #steps} reads.
 */
public final class BrowserScript {

    static final Path FOLDER = Path.of("src", "test", "browser").toAbsolutePath();

    private BrowserScript() {}

    /** Runs {@code script} with these arguments; HOME at {@code home}. */
    public static ToolRun run(String script, Path home, Duration timeout, String... args)
            throws IOException, InterruptedException {
        if (!Files.isDirectory(FOLDER.resolve("node_modules").resolve("playwright-core"))) {
            throw new IllegalStateException("playwright-core is not installed: run 'npm ci' in " + FOLDER
                    + " (.ci/run does)");
        }
        if (!Files.isExecutable(Path.of("/usr/bin/chromium"))) {
            throw new IllegalStateException("/usr/bin/chromium is missing: install Debian's chromium (.ci/run does)");
        }
        List<String> command = new ArrayList<>(List.of("node", FOLDER.resolve(script).toString()));
        command.addAll(List.of(args));
        return ToolRun.inFolder("node", command, FOLDER, home, Map.of(), timeout);
    }

    /** The JSON lines a run printed, in order; other lines are left out. */
    public static List<JsonNode> steps(ToolRun run) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> steps = new ArrayList<>();
        for (String line : run.stdout().split("\n")) {
            if (line.startsWith("{")) {
                steps.add(json.readTree(line));
            }
        }
        return steps;
    }
}
