package dev.pymirror.testing;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.simple.HtmlCodec;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.simple.ProjectList;
import dev.pymirror.simple.ProjectPage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A PEP 503 static tree, the layout {@code pymirror sync} writes and {@code pymirror inject} mounts:
 * {@code index.html} listing the projects, and per normalized project name a folder with its
 * {@code index.html} and its files, linked relatively with their SHA-256.
 */
public final class StaticMirror {

    private StaticMirror() {}

    /** Writes the tree for these wheels under {@code dir} and returns {@code dir}. */
    public static Path write(Path dir, Wheel... wheels) throws IOException {
        Map<ProjectName, List<Wheel>> byProject = new TreeMap<>((a, b) -> a.normalized().compareTo(b.normalized()));
        for (Wheel wheel : wheels) {
            String name = wheel.filename().substring(0, wheel.filename().indexOf('-'));
            byProject.computeIfAbsent(ProjectName.of(name), k -> new ArrayList<>()).add(wheel);
        }
        Files.createDirectories(dir);
        for (var entry : byProject.entrySet()) {
            Path project = Files.createDirectories(dir.resolve(entry.getKey().normalized()));
            List<ProjectFile> files = new ArrayList<>();
            for (Wheel wheel : entry.getValue()) {
                Files.write(project.resolve(wheel.filename()), wheel.bytes());
                files.add(ProjectFile.builder(wheel.filename(), wheel.filename()).hash("sha256", wheel.sha256()).build());
            }
            Files.writeString(project.resolve("index.html"),
                    HtmlCodec.INSTANCE.writeProjectPage(ProjectPage.of(entry.getKey(), files)));
        }
        Files.writeString(dir.resolve("index.html"), HtmlCodec.INSTANCE.writeProjectList(ProjectList.of(byProject.keySet())));
        return dir;
    }
}
