package dev.pymirror.sync.resolve;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.metadata.CoreMetadata;
import dev.pymirror.packaging.metadata.InvalidMetadataException;
import dev.pymirror.simple.ProjectFile;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A package index held in memory, built release by release by a test:
 *
 * <pre>{@code
 * GraphIndex index = new GraphIndex();
 * index.release("a", "2.0").requires("b<1");
 * index.release("b", "0.9").tag("cp312-cp312-manylinux_2_17_x86_64").yanked();
 * }</pre>
 *
 * Each release is one file (a wheel, {@code py3-none-any} unless tagged, or an sdist) with the
 * core metadata the builder describes. It counts metadata reads, so tests can see how much the
 * search looked at.
 */
final class GraphIndex implements PackageIndex {

    private final Map<ProjectName, List<Release>> projects = new LinkedHashMap<>();
    private final Map<String, Release> byFilename = new ConcurrentHashMap<>();
    private final AtomicInteger metadataReads = new AtomicInteger();

    /** Adds a release; the builder adds to it further. */
    Release release(String name, String version) {
        Release r = new Release(name, version);
        projects.computeIfAbsent(ProjectName.of(name), k -> new ArrayList<>()).add(r);
        return r;
    }

    int metadataReads() {
        return metadataReads.get();
    }

    @Override
    public List<ProjectFile> files(ProjectName project) {
        List<ProjectFile> files = new ArrayList<>();
        for (Release r : projects.getOrDefault(project, List.of())) {
            ProjectFile f = r.file();
            byFilename.put(f.filename(), r);
            files.add(f);
        }
        return files;
    }

    @Override
    public CoreMetadata metadata(ProjectName project, ProjectFile file) throws UnusableFileException {
        metadataReads.incrementAndGet();
        Release r = byFilename.get(file.filename());
        try {
            return CoreMetadata.parse(r.metadataText());
        } catch (InvalidMetadataException e) {
            throw new UnusableFileException("invalid metadata: " + e.getMessage(), e);
        }
    }

    /** One release of a project, as one file. Every setter returns this. */
    static final class Release {
        private final String name;
        private final String version;
        private final List<String> requires = new ArrayList<>();
        private final List<String> extras = new ArrayList<>();
        private String tag = "py3-none-any";
        private boolean sdist;
        private String metadataVersion = "2.1";
        private String dynamic;
        private String requiresPython;
        private String pageRequiresPython;
        private boolean yanked;
        private String metadataName;
        private String sha256;

        private Release(String name, String version) {
            this.name = name;
            this.version = version;
        }

        Release requires(String... requirements) {
            requires.addAll(List.of(requirements));
            return this;
        }

        Release extra(String... names) {
            extras.addAll(List.of(names));
            return this;
        }

        /** The wheel's tag triple, such as {@code cp312-cp312-manylinux_2_17_x86_64}. */
        Release tag(String value) {
            this.tag = value;
            return this;
        }

        /** An sdist whose PKG-INFO has this metadata version. */
        Release sdist(String pkgInfoVersion) {
            this.sdist = true;
            this.metadataVersion = pkgInfoVersion;
            return this;
        }

        Release dynamic(String field) {
            this.dynamic = field;
            return this;
        }

        /** Requires-Python in the metadata only (the page does not say). */
        Release requiresPython(String specifier) {
            this.requiresPython = specifier;
            return this;
        }

        /** Requires-Python on the page (data-requires-python) and in the metadata. */
        Release pageRequiresPython(String specifier) {
            this.pageRequiresPython = specifier;
            this.requiresPython = specifier;
            return this;
        }

        Release yanked() {
            this.yanked = true;
            return this;
        }

        /** Metadata that names another project or version than the file. */
        Release metadataSays(String nameAndVersion) {
            this.metadataName = nameAndVersion;
            return this;
        }

        Release sha256(String hex) {
            this.sha256 = hex;
            return this;
        }

        String filename() {
            String dist = name.replaceAll("[-_.]+", "_");
            return sdist ? dist + "-" + version + ".tar.gz" : dist + "-" + version + "-" + tag + ".whl";
        }

        String hash() {
            return sha256 != null ? sha256 : sha256Of(filename());
        }

        ProjectFile file() {
            ProjectFile.Builder b = ProjectFile.builder(filename(), "https://files.example/" + filename())
                    .hash("sha256", hash());
            if (pageRequiresPython != null) {
                b.requiresPython(pageRequiresPython);
            }
            if (yanked) {
                b.yanked("broken");
            }
            return b.build();
        }

        String metadataText() {
            String[] nv = metadataName == null ? new String[] {name, version} : metadataName.split(" ");
            StringBuilder m = new StringBuilder("Metadata-Version: ").append(metadataVersion).append('\n')
                    .append("Name: ").append(nv[0]).append('\n')
                    .append("Version: ").append(nv[1]).append('\n');
            if (dynamic != null) {
                m.append("Dynamic: ").append(dynamic).append('\n');
            }
            if (requiresPython != null) {
                m.append("Requires-Python: ").append(requiresPython).append('\n');
            }
            extras.forEach(e -> m.append("Provides-Extra: ").append(e).append('\n'));
            requires.forEach(r -> m.append("Requires-Dist: ").append(r).append('\n'));
            return m.toString();
        }
    }

    static String sha256Of(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
