package dev.pymirror.sync.tree;

import dev.pymirror.hash.Sha256;
import dev.pymirror.packaging.ProjectName;
import dev.pymirror.simple.HtmlCodec;
import dev.pymirror.simple.InvalidPageException;
import dev.pymirror.simple.JsonCodec;
import dev.pymirror.simple.PageCodec;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.simple.ProjectPage;
import dev.pymirror.simple.ProvenanceObject;
import dev.pymirror.store.WheelMetadataReader;
import dev.pymirror.sync.manifest.FileRecord;
import dev.pymirror.sync.manifest.Manifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks a tree ({@code pymirror verify}): every distribution file is hashed and compared with
 * the manifest; every wheel's {@code .metadata} must be the METADATA inside it; every
 * {@code .provenance} a provenance object with the manifest's hash, and linked only when present; every page must
 * list exactly the files of its directory with their true hashes; the root page must list every
 * project; no unfinished write may be lying around.
 */
public final class TreeVerifier {

    /**
     * The attribute pymirror wrote beside {@code data-core-metadata} until PEP 714's advice was
     * followed: pip 22.x to 23.0 (Debian 12's) act on it by refusing every file whose metadata Name
     * is not spelled as the user typed it, so a tree that still has it fails those pips.
     */
    private static final Pattern LEGACY_METADATA_ATTRIBUTE = Pattern.compile("(?i)\\sdata-dist-info-metadata\\b");

    private final MirrorTree tree;

    public TreeVerifier(MirrorTree tree) {
        this.tree = tree;
    }

    public VerifyReport verify() throws IOException {
        List<String> problems = new ArrayList<>();
        Manifest manifest;
        try {
            manifest = tree.manifest().read();
        } catch (IOException e) {
            problems.add(e.getMessage());
            manifest = Manifest.empty();
        }
        Map<ProjectName, List<String>> present = tree.distributions();
        int files = 0;
        long bytes = 0;
        Set<String> seen = new TreeSet<>();
        for (Map.Entry<ProjectName, List<String>> project : present.entrySet()) {
            Map<String, String> actual = new HashMap<>();
            for (String filename : project.getValue()) {
                Path path = tree.file(project.getKey(), filename);
                String key = MirrorTree.key(project.getKey(), filename);
                seen.add(key);
                String sha256 = Sha256.hexOf(path);
                actual.put(filename, sha256);
                files++;
                bytes += Files.size(path);
                FileRecord record = manifest.files().get(key);
                if (record == null) {
                    problems.add(key + ": not in the manifest (run 'pymirror sync --no-download' to adopt it)");
                } else if (!record.sha256().equalsIgnoreCase(sha256)) {
                    problems.add(key + ": sha256 is " + sha256 + ", but the manifest records " + record.sha256());
                } else if (record.size() != Files.size(path)) {
                    problems.add(key + ": " + Files.size(path) + " bytes, but the manifest records " + record.size());
                }
                if (filename.endsWith(".whl")) {
                    checkMetadata(project.getKey(), filename, record, problems);
                }
                checkProvenance(project.getKey(), filename, record, problems);
            }
            checkPage(project.getKey(), actual, HtmlCodec.INSTANCE, MirrorTree.HTML_PAGE, problems);
            checkPage(project.getKey(), actual, JsonCodec.INSTANCE, MirrorTree.JSON_PAGE, problems);
        }
        for (String key : manifest.files().keySet()) {
            if (!seen.contains(key)) {
                problems.add(key + ": recorded in the manifest but missing from the tree");
            }
        }
        checkRoot(present.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey).toList(),
                problems);
        for (Path leftover : tree.leftovers()) {
            problems.add(tree.root().relativize(leftover) + ": left by a write that never finished (safe to delete)");
        }
        return new VerifyReport(present.size(), files, bytes, problems);
    }

    private void checkMetadata(ProjectName project, String filename, FileRecord record, List<String> problems)
            throws IOException {
        String key = MirrorTree.key(project, filename);
        Path metadataFile = tree.metadataFile(project, filename);
        byte[] served;
        try {
            served = Files.readAllBytes(metadataFile);
        } catch (NoSuchFileException e) {
            problems.add(key + MirrorTree.METADATA_SUFFIX + ": missing (pip would download the whole wheel to read it)");
            return;
        }
        Optional<byte[]> inside;
        try {
            inside = WheelMetadataReader.read(tree.file(project, filename));
        } catch (IOException e) {
            problems.add(key + ": not a readable wheel (" + e.getMessage() + ")");
            return;
        }
        if (inside.isEmpty() || !Arrays.equals(inside.get(), served)) {
            problems.add(key + MirrorTree.METADATA_SUFFIX + ": differs from the METADATA inside the wheel");
        }
        if (record != null && record.metadataSha256() != null
                && !record.metadataSha256().equalsIgnoreCase(Sha256.hex(served))) {
            problems.add(key + MirrorTree.METADATA_SUFFIX + ": sha256 differs from the manifest's");
        }
    }

    private void checkProvenance(ProjectName project, String filename, FileRecord record, List<String> problems)
            throws IOException {
        String key = MirrorTree.key(project, filename) + ProvenanceObject.SUFFIX;
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(tree.provenanceFile(project, filename));
        } catch (NoSuchFileException e) {
            if (record != null && record.provenanceSha256() != null) {
                problems.add(key + ": missing, but the manifest records one");
            }
            return;
        }
        try {
            ProvenanceObject.check(bytes);
        } catch (InvalidPageException e) {
            problems.add(key + ": not a provenance object (" + e.getMessage() + ")");
        }
        if (record != null && record.provenanceSha256() != null
                && !record.provenanceSha256().equalsIgnoreCase(Sha256.hex(bytes))) {
            problems.add(key + ": sha256 differs from the manifest's");
        }
    }

    private void checkPage(ProjectName project, Map<String, String> actual, PageCodec codec, String pageName,
            List<String> problems) throws IOException {
        Path pagePath = tree.projectDir(project).resolve(pageName);
        String where = project.normalized() + "/" + pageName;
        ProjectPage page;
        try {
            String text = Files.readString(pagePath, StandardCharsets.UTF_8);
            page = codec.readProjectPage(text, null);
            if (codec == HtmlCodec.INSTANCE && LEGACY_METADATA_ATTRIBUTE.matcher(text).find()) {
                problems.add(where + ": carries the legacy data-dist-info-metadata attribute, on which pip 22.x to 23.0"
                        + " refuse names not spelled as typed (run 'pymirror sync --no-download' to rewrite the pages)");
            }
        } catch (NoSuchFileException e) {
            if (!actual.isEmpty()) {
                problems.add(where + ": missing, so pip cannot see " + project.normalized() + "'s files");
            }
            return;
        } catch (InvalidPageException e) {
            problems.add(where + ": not a valid page (" + e.getMessage() + ")");
            return;
        }
        Map<String, String> listed = new HashMap<>();
        for (ProjectFile f : page.files()) {
            listed.put(f.filename(), f.hashes().get("sha256"));
            if (!actual.containsKey(f.filename())) {
                problems.add(where + ": lists " + f.filename() + ", which is not in the tree");
            } else if (f.hashes().get("sha256") == null || !f.hashes().get("sha256").equalsIgnoreCase(actual.get(f.filename()))) {
                problems.add(where + ": gives " + f.filename() + " a sha256 that is not the file's");
            }
            if (f.provenance().isPresent() && actual.containsKey(f.filename())
                    && !Files.isRegularFile(tree.provenanceFile(project, f.filename()))) {
                problems.add(where + ": links a provenance of " + f.filename() + ", which is not in the tree");
            }
        }
        for (String filename : actual.keySet()) {
            if (!listed.containsKey(filename)) {
                problems.add(where + ": does not list " + filename);
            }
        }
    }

    private void checkRoot(List<ProjectName> projects, List<String> problems) throws IOException {
        for (String pageName : List.of(MirrorTree.HTML_PAGE, MirrorTree.JSON_PAGE)) {
            Path root = tree.root().resolve(pageName);
            PageCodec codec = pageName.equals(MirrorTree.HTML_PAGE) ? HtmlCodec.INSTANCE : JsonCodec.INSTANCE;
            List<ProjectName> listed;
            try {
                listed = codec.readProjectList(Files.readString(root, StandardCharsets.UTF_8), null).names();
            } catch (NoSuchFileException e) {
                if (!projects.isEmpty()) {
                    problems.add(pageName + ": the root page is missing");
                }
                continue;
            } catch (InvalidPageException e) {
                problems.add(pageName + ": not a valid project list (" + e.getMessage() + ")");
                continue;
            }
            for (ProjectName p : projects) {
                if (!listed.contains(p)) {
                    problems.add(pageName + ": does not list " + p.normalized());
                }
            }
            for (ProjectName p : listed) {
                if (!projects.contains(p)) {
                    problems.add(pageName + ": lists " + p.normalized() + ", which has no files in the tree");
                }
            }
        }
    }
}
