package dev.pymirror.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The Debian package sources this machine's apt uses, read from {@code /etc/apt/sources.list} and
 * {@code /etc/apt/sources.list.d} (one-line and deb822 formats), so the tests take their Debian
 * mirror from the machine rather than naming a host.
 *
 * @param entries every {@code deb} source: URI, suite, components
 */
public record AptSources(List<Entry> entries) {

    /** One {@code deb} line: a repository, one suite, its components. */
    public record Entry(String uri, String suite, List<String> components) {}

    /** The release this machine runs ({@code VERSION_CODENAME}), or {@code pymirror.test.suite}. */
    public static String machineSuite() throws IOException {
        String configured = System.getProperty("pymirror.test.suite");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
            if (line.startsWith("VERSION_CODENAME=")) {
                return line.substring("VERSION_CODENAME=".length()).replace("\"", "").strip();
            }
        }
        throw new IOException("/etc/os-release names no VERSION_CODENAME: is this Debian?");
    }

    /** The sources of this machine. */
    public static AptSources machine() throws IOException {
        List<Entry> entries = new ArrayList<>();
        Path main = Path.of("/etc/apt/sources.list");
        if (Files.isRegularFile(main)) {
            entries.addAll(parseOneLine(Files.readString(main, StandardCharsets.UTF_8)));
        }
        Path dir = Path.of("/etc/apt/sources.list.d");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.sorted().toList()) {
                    String name = f.getFileName().toString();
                    if (name.endsWith(".list")) {
                        entries.addAll(parseOneLine(Files.readString(f, StandardCharsets.UTF_8)));
                    } else if (name.endsWith(".sources")) {
                        entries.addAll(parseDeb822(Files.readString(f, StandardCharsets.UTF_8)));
                    }
                }
            }
        }
        return new AptSources(entries);
    }

    /** The URI of the repository that carries {@code suite} itself. */
    public String mirrorFor(String suite) throws IOException {
        return entries.stream().filter(e -> e.suite().equals(suite)).map(Entry::uri).findFirst()
                .orElseThrow(() -> new IOException("no apt source of this machine carries " + suite));
    }

    /** The suites of this release ({@code bookworm}, {@code bookworm-updates}, {@code bookworm-security}) with their URIs. */
    public List<Entry> forRelease(String suite) {
        return entries.stream().filter(e -> e.suite().equals(suite) || e.suite().startsWith(suite + "-")).toList();
    }

    static List<Entry> parseOneLine(String text) {
        List<Entry> out = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String line = raw.replaceAll("#.*", "").replaceAll("\\[[^]]*]", "").strip();
            String[] words = line.split("\\s+");
            if (words.length >= 3 && words[0].equals("deb")) {
                out.add(new Entry(words[1], words[2], List.of(Arrays.copyOfRange(words, 3, words.length))));
            }
        }
        return out;
    }

    static List<Entry> parseDeb822(String text) {
        List<Entry> out = new ArrayList<>();
        for (String stanza : text.split("\n\\s*\n")) {
            Map<String, String> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (String line : stanza.split("\n")) {
                if (line.startsWith("#") || !line.contains(":") || Character.isWhitespace(line.charAt(0))) {
                    continue;
                }
                int colon = line.indexOf(':');
                fields.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
            if (!Arrays.asList(fields.getOrDefault("Types", "").split("\\s+")).contains("deb")
                    || "no".equalsIgnoreCase(fields.getOrDefault("Enabled", "yes"))) {
                continue;
            }
            List<String> components = List.of(fields.getOrDefault("Components", "main").split("\\s+"));
            for (String uri : fields.getOrDefault("URIs", "").split("\\s+")) {
                for (String suite : fields.getOrDefault("Suites", "").split("\\s+")) {
                    if (!uri.isEmpty() && !suite.isEmpty()) {
                        out.add(new Entry(uri, suite, components));
                    }
                }
            }
        }
        return out;
    }
}
