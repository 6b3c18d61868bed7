package dev.pymirror.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A package index written to disk by a test, in the layout a web server serves as is:
 * {@code simple/index.html}, {@code simple/<project>/index.html} (PEP 503 with PEP 592 yanked,
 * Requires-Python and PEP 658 attributes) and the files under {@code files/}. It is written
 * independently of the code under test; {@link StaticIndexServer} serves it.
 */
public final class StaticIndex {

    /** How a file is listed. */
    public record Listing(String yanked, String requiresPython, boolean metadata) {
        public static final Listing PLAIN = new Listing(null, null, true);

        public Listing yank(String reason) {
            return new Listing(reason, requiresPython, metadata);
        }

        public Listing requiringPython(String specifier) {
            return new Listing(yanked, specifier, metadata);
        }

        public Listing withoutMetadata() {
            return new Listing(yanked, requiresPython, false);
        }
    }

    private record Entry(String filename, byte[] bytes, String sha256, byte[] metadata, Listing listing) {}

    private final Path root;
    private final Map<String, List<Entry>> projects = new TreeMap<>();

    public StaticIndex(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public StaticIndex add(Wheel wheel) {
        return add(wheel, Listing.PLAIN);
    }

    public StaticIndex add(Wheel wheel, Listing listing) {
        projects.computeIfAbsent(project(wheel.filename()), k -> new ArrayList<>())
                .add(new Entry(wheel.filename(), wheel.bytes(), wheel.sha256(), wheel.metadata(), listing));
        return this;
    }

    public StaticIndex add(Sdist sdist, Listing listing) {
        projects.computeIfAbsent(project(sdist.filename()), k -> new ArrayList<>())
                .add(new Entry(sdist.filename(), sdist.bytes(), sdist.sha256(), null, listing));
        return this;
    }

    /** How many files were added. */
    public int fileCount() {
        return projects.values().stream().mapToInt(List::size).sum();
    }

    /** Writes every file and page. */
    public StaticIndex write() throws IOException {
        Path files = root.resolve("files");
        Path simple = root.resolve("simple");
        Files.createDirectories(files);
        StringBuilder list = new StringBuilder("<!DOCTYPE html>\n<html><body>\n");
        for (Map.Entry<String, List<Entry>> project : projects.entrySet()) {
            list.append("<a href=\"").append(project.getKey()).append("/\">").append(project.getKey()).append("</a>\n");
            StringBuilder page = new StringBuilder("<!DOCTYPE html>\n<html><head><meta name=\"pypi:repository-version\""
                    + " content=\"1.0\"></head><body>\n");
            for (Entry e : project.getValue()) {
                Files.write(files.resolve(e.filename()), e.bytes());
                page.append("<a href=\"../../files/").append(e.filename()).append("#sha256=").append(e.sha256()).append('"');
                Listing l = e.listing();
                if (l.requiresPython() != null) {
                    page.append(" data-requires-python=\"").append(escape(l.requiresPython())).append('"');
                }
                if (l.yanked() != null) {
                    page.append(" data-yanked=\"").append(escape(l.yanked())).append('"');
                }
                if (e.metadata() != null && l.metadata()) {
                    Files.write(files.resolve(e.filename() + ".metadata"), e.metadata());
                    String hash = "sha256=" + java.util.HexFormat.of().formatHex(Wheel.digest(e.metadata()));
                    page.append(" data-dist-info-metadata=\"").append(hash).append("\" data-core-metadata=\"")
                            .append(hash).append('"');
                }
                page.append('>').append(e.filename()).append("</a><br>\n");
            }
            Path dir = simple.resolve(project.getKey());
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("index.html"), page.append("</body></html>\n"), StandardCharsets.UTF_8);
        }
        Files.writeString(simple.resolve("index.html"), list.append("</body></html>\n"), StandardCharsets.UTF_8);
        return this;
    }

    private static String project(String filename) {
        return filename.substring(0, filename.indexOf('-')).replaceAll("[-_.]+", "-").toLowerCase(Locale.ROOT);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
