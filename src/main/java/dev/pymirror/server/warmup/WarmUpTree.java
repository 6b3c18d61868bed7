package dev.pymirror.server.warmup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The projects a warm-up asks for: a PEP 503 tree of small wheels, each project a folder with its
 * {@code index.html} (read by the static index with the same HTML reader a mirror uses on an
 * upstream's pages) and one wheel whose METADATA declares a dependency, as a real one does.
 *
 * @param root the tree's folder
 * @param projects the projects' names, in the order written
 */
record WarmUpTree(Path root, List<String> projects) {

    /** Above what the file cache holds in memory, so that some files leave by sendfile(2). */
    private static final int LARGE_BYTES = 2 << 20;
    private static final int SMALL_BYTES = 24 << 10;

    /**
     * Writes {@code count} projects under {@code root}; every tenth one's wheel is large.
     *
     * @throws IOException when the tree cannot be written
     */
    static WarmUpTree write(Path root, int count) throws IOException {
        Random bytes = new Random(count); // the same tree every time: what it holds does not matter
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = "warm-up-" + i;
            String wheelName = "warm_up_" + i + "-1.0-py3-none-any.whl";
            byte[] wheel = wheel("warm_up_" + i, "warm-up-" + (i + 1), i % 10 == 9 ? LARGE_BYTES : SMALL_BYTES + i * 512,
                    bytes);
            Path dir = Files.createDirectories(root.resolve(name));
            Files.write(dir.resolve(wheelName), wheel);
            Files.writeString(dir.resolve("index.html"), """
                    <!DOCTYPE html>
                    <html><head><meta name="pypi:repository-version" content="1.0"><title>Links for %s</title></head>
                    <body><h1>Links for %s</h1>
                    <a href="%s#sha256=%s" data-requires-python="&gt;=3.8">%s</a><br>
                    </body></html>
                    """.formatted(name, name, wheelName, sha256(wheel), wheelName), StandardCharsets.UTF_8);
            names.add(name);
        }
        return new WarmUpTree(root, List.copyOf(names));
    }

    /** A wheel with its METADATA, WHEEL and RECORD, and {@code payload} bytes stored uncompressed. */
    private static byte[] wheel(String distribution, String requires, int payload, Random random) throws IOException {
        String info = distribution + "-1.0.dist-info/";
        byte[] data = new byte[payload];
        random.nextBytes(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload + 2048);
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            stored(zip, distribution + "/data.bin", data);
            zip.putNextEntry(new ZipEntry(info + "METADATA"));
            zip.write(("Metadata-Version: 2.1\nName: " + distribution.replace('_', '-') + "\nVersion: 1.0\n"
                    + "Requires-Python: >=3.8\nRequires-Dist: " + requires + " >=1.0\n\n").getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry(info + "WHEEL"));
            zip.write("Wheel-Version: 1.0\nGenerator: pymirror\nRoot-Is-Purelib: true\nTag: py3-none-any\n\n"
                    .getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry(info + "RECORD"));
            zip.write((distribution + "/data.bin,,\n" + info + "METADATA,,\n" + info + "WHEEL,,\n" + info + "RECORD,,\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(data);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
