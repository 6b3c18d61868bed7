package dev.pymirror.bench;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.simple.ApiVersion;
import dev.pymirror.simple.CoreMetadata;
import dev.pymirror.simple.HtmlCodec;
import dev.pymirror.simple.JsonCodec;
import dev.pymirror.simple.PageCodec;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.simple.ProjectList;
import dev.pymirror.simple.ProjectPage;
import dev.pymirror.testing.Wheel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the static index that {@code bench/serve.sh} serves with nginx and mirrors with pymirror:
 *
 * <pre>
 * simple/index.{html,json}                   the project list
 * simple/benchpkg/index.{html,json}[.gz]     a page of 300 files (30 releases of an sdist and 9 wheels)
 * files/benchpkg/benchpkg-30.0-py3-none-any.whl[.metadata]    a real wheel of about 50 KB
 * files/benchpkg/benchpkg-30.0-cp312-...whl[.metadata]        a real wheel of 100 MB
 * </pre>
 *
 * File URLs are {@code ../../files/benchpkg/<file>}, the form pymirror gives its own pages, so
 * both servers send pages of about the same size. The {@code .gz} siblings are for nginx's
 * {@code gzip_static}: a static tree served well is compressed once, as pymirror compresses a page
 * once. Only the two real wheels exist; the other 298 entries are listed with well-formed hashes.
 *
 * <p>Usage: {@code ServeBenchTree DIR}; prints the small and the large file's names.
 */
public final class ServeBenchTree {

    static final String PROJECT = "benchpkg";
    static final int RELEASES = 30;
    static final String[] WHEEL_TAGS = {
        "cp310-cp310-manylinux_2_17_x86_64.manylinux2014_x86_64",
        "cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64",
        "cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64",
        "cp312-cp312-manylinux_2_17_aarch64.manylinux2014_aarch64",
        "cp312-cp312-musllinux_1_1_x86_64",
        "cp312-cp312-macosx_11_0_arm64",
        "cp312-cp312-win_amd64",
        "cp313-cp313-manylinux_2_17_x86_64.manylinux2014_x86_64",
        "py3-none-any",
    };
    static final int SMALL_PAYLOAD = 50_000;
    static final int LARGE_BYTES = 100 * 1024 * 1024;

    private ServeBenchTree() {}

    /** The two real wheels' file names, under {@code files/benchpkg/}. */
    record Written(String small, String large) {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ServeBenchTree DIR");
            System.exit(2);
        }
        Written written = write(Path.of(args[0]));
        System.out.println(written.small() + " " + written.large());
    }

    /** Writes the tree under {@code root} ({@link StorageBench} serves it beside other projects). */
    static Written write(Path root) throws IOException {
        Path files = Files.createDirectories(root.resolve("files").resolve(PROJECT));
        Path simple = Files.createDirectories(root.resolve("simple"));

        String last = RELEASES + ".0";
        Wheel small = Wheel.of(PROJECT, last).requires("packaging>=23").payload(SMALL_PAYLOAD, 1).build();
        // The payload is stored, not deflated: the wheel is as large as asked, minus the zip's few hundred bytes.
        Wheel large = Wheel.of(PROJECT, last).tag(WHEEL_TAGS[2]).requires("packaging>=23")
                .payload(LARGE_BYTES - 1024, 2).build();
        for (Wheel w : List.of(small, large)) {
            Files.write(files.resolve(w.filename()), w.bytes());
            Files.write(files.resolve(w.filename() + ".metadata"), w.metadata());
        }

        List<ProjectFile> entries = new ArrayList<>();
        List<String> versions = new ArrayList<>();
        for (int r = 1; r <= RELEASES; r++) {
            String version = r + ".0";
            versions.add(version);
            Instant uploaded = Instant.ofEpochSecond(1_600_000_000L + r * 86_400L * 30);
            entries.add(listed(PROJECT + "-" + version + ".tar.gz", synthetic("sdist " + version), 2_000_000 + r,
                    null, uploaded));
            for (String tag : WHEEL_TAGS) {
                String filename = PROJECT + "-" + version + "-" + tag + ".whl";
                Wheel real = filename.equals(small.filename()) ? small : filename.equals(large.filename()) ? large : null;
                entries.add(real == null
                        ? listed(filename, synthetic(filename), 4_000_000 + r, synthetic("metadata " + filename), uploaded)
                        : listed(filename, real.sha256(), real.bytes().length, real.metadataSha256(), uploaded));
            }
        }
        ProjectPage page = ProjectPage.builder(ProjectName.of(PROJECT))
                .apiVersion(ApiVersion.V1_1)
                .versions(versions)
                .files(entries)
                .build();
        ProjectList list = ProjectList.of(List.of(ProjectName.of(PROJECT)));

        Path pageDir = Files.createDirectories(simple.resolve(PROJECT));
        for (PageCodec codec : List.of(JsonCodec.INSTANCE, HtmlCodec.INSTANCE)) {
            String ext = codec == JsonCodec.INSTANCE ? "json" : "html";
            byte[] bytes = codec.writeProjectPage(page).getBytes(StandardCharsets.UTF_8);
            Files.write(pageDir.resolve("index." + ext), bytes);
            Files.write(pageDir.resolve("index." + ext + ".gz"), gzip(bytes));
            Files.writeString(simple.resolve("index." + ext), codec.writeProjectList(list));
        }
        return new Written(small.filename(), large.filename());
    }

    private static ProjectFile listed(String filename, String sha256, long size, String metadataSha256,
            Instant uploaded) {
        ProjectFile.Builder b = ProjectFile.builder(filename, "../../files/" + PROJECT + "/" + filename)
                .hash("sha256", sha256)
                .requiresPython(">=3.9")
                .size(size)
                .uploadTime(uploaded);
        if (metadataSha256 != null) {
            b.coreMetadata(CoreMetadata.withHashes(Map.of("sha256", metadataSha256)));
        }
        return b.build();
    }

    /** A well-formed digest for a file that is listed but never fetched. */
    private static String synthetic(String seed) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(seed.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compressed as pymirror compresses its pages (the JDK's default level). */
    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}
