package dev.pymirror.bundle;

import dev.pymirror.hash.Sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleTest {

    @TempDir
    Path dir;

    SigningKey key;
    TrustedKeys trusted;
    Path tree;

    @BeforeEach
    void setUp() throws IOException {
        trusted = TrustedKeys.of(List.of(SigningKey.generate(dir.resolve("keys"), "")));
        key = SigningKey.read(dir.resolve("keys").resolve(SigningKey.PRIVATE_FILE));
        tree = dir.resolve("tree");
        write(tree, "index.html", "<a href=\"lib/\">lib</a>");
        write(tree, "lib/index.html", "<a href=\"lib-1.0-py3-none-any.whl\">lib</a>");
        write(tree, "lib/lib-1.0-py3-none-any.whl", "wheel one ".repeat(100));
        write(tree, "lib/lib-1.0-py3-none-any.whl.metadata", "Name: lib\n");
        write(tree, "copy/lib-1.0-py3-none-any.whl", "wheel one ".repeat(100));
        write(tree, ".pymirror/manifest.json", "{}");
        write(tree, ".pymirror/spool/half", "transient");
        write(tree, ".pymirror/lock", "");
        write(tree, "lib/.~staged-1234", "unfinished");
    }

    static void write(Path root, String path, String content) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    /** Every regular file under {@code root} by relative path, with its content. */
    static Map<String, String> contents(Path root) throws IOException {
        Map<String, String> all = new TreeMap<>();
        if (!Files.exists(root)) {
            return all;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                all.put(root.relativize(p).toString(), Files.readString(p, StandardCharsets.ISO_8859_1));
            }
        }
        return all;
    }

    /** The tree a bundle should give: the source without its transient state. */
    Map<String, String> expected(Path source) throws IOException {
        Map<String, String> m = contents(source);
        m.keySet().removeIf(p -> p.startsWith(".pymirror/spool") || p.equals(".pymirror/lock") || p.contains(".~staged-")
                || p.startsWith(".pymirror/bundle"));
        return m;
    }

    Path create(String name, Path since) throws Exception {
        Path out = dir.resolve(name);
        new BundleWriter(key).create(tree, since, out);
        return out;
    }

    ImportReport importInto(Path bundle, Path into) throws IOException {
        return new BundleImport(trusted, BundleImport.Listener.NONE).importInto(bundle, into);
    }

    @Test
    void theSameTreeGivesTheSameBytesAndATarThatTarReads() throws Exception {
        Path one = create("one.bundle", null);
        Files.setLastModifiedTime(tree.resolve("index.html"), java.nio.file.attribute.FileTime.fromMillis(0));
        Path two = create("two.bundle", null);

        assertThat(Files.readAllBytes(one)).isEqualTo(Files.readAllBytes(two));
        Process tar = new ProcessBuilder("tar", "-tvf", one.toString()).redirectErrorStream(true).start();
        String listing = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tar.waitFor()).as(listing).isZero();
        assertThat(listing.lines().map(l -> l.substring(l.lastIndexOf(' ') + 1)))
                .startsWith("manifest.json", "manifest.sig").hasSize(2 + 5)
                .allMatch(n -> n.startsWith("manifest.") || n.matches("objects/[0-9a-f]{64}"));
    }

    @Test
    void importGivesTheTreeWithItsRecordAndAVerifiedBundleVerifies() throws Exception {
        Path bundle = create("b.bundle", null);

        ImportReport r = importInto(bundle, dir.resolve("site"));

        assertThat(r.unchanged()).isFalse();
        assertThat(r.extracted()).isEqualTo(5);
        Map<String, String> got = contents(dir.resolve("site"));
        assertThat(got.keySet()).contains(".pymirror/bundle/manifest.json", ".pymirror/bundle/manifest.sig");
        got.keySet().removeIf(p -> p.startsWith(".pymirror/bundle/"));
        assertThat(got).isEqualTo(expected(tree));
        assertThat(BundleVerifier.verify(bundle, trusted).manifest().files()).hasSize(6);
        assertThat(importInto(bundle, dir.resolve("site")).unchanged()).isTrue();
        try (Stream<Path> siblings = Files.list(dir)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).doesNotContain(".site.~bundle-staging",
                    ".site.~bundle-retired");
        }
    }

    @Test
    void everyFlippedByteIsRefusedAndTheTreeIsUnchanged() throws Exception {
        Path bundle = create("b.bundle", null);
        Path site = dir.resolve("site");
        write(site, "old/page.html", "the old state");
        write(site, "index.html", "old index");
        byte[] good = Files.readAllBytes(bundle);
        Path bad = dir.resolve("bad.bundle");
        // Every 13th byte (each byte of the 6 KB bundle passed once, in 47 s on a busy machine): all headers,
        // contents, paddings and the end blocks are hit.
        for (int i = 0; i < good.length; i += 13) {
            byte[] flipped = good.clone();
            flipped[i] ^= 0x01;
            Files.write(bad, flipped);
            int at = i;
            assertThatThrownBy(() -> BundleVerifier.verify(bad, trusted)).as("byte " + at)
                    .isInstanceOf(BundleException.class).hasMessageStartingWith(bad.toString());
        }
        // One import of each kind of damage: in an object, in the manifest.
        byte[] inObject = good.clone();
        int wheel = indexOf(good, "wheel one wheel one".getBytes(StandardCharsets.US_ASCII));
        inObject[wheel + 3] ^= 0x20;
        Files.write(bad, inObject);
        assertThatThrownBy(() -> importInto(bad, site)).isInstanceOf(BundleException.class)
                .hasMessageMatching("\\Q" + bad + ": \\E(copy|lib)/lib-1.0-py3-none-any.whl \\(object [0-9a-f]{12}\\.\\.\\.\\)"
                        + " does not match its SHA-256: the bundle is damaged");
        byte[] inManifest = good.clone();
        int path = indexOf(good, "lib/index.html".getBytes(StandardCharsets.US_ASCII));
        inManifest[path] = 'L';
        Files.write(bad, inManifest);
        assertThatThrownBy(() -> importInto(bad, site)).isInstanceOf(BundleException.class)
                .hasMessageStartingWith(bad + ": manifest.json does not match its signature by " + key.publicKey().fingerprint());
        assertThat(contents(site)).isEqualTo(Map.of("old/page.html", "the old state", "index.html", "old index"));
        assertThat(dir.resolve(".site.~bundle-staging")).doesNotExist();
    }

    @Test
    void aDirectoryThatIsNoTreeIsNotReplaced() throws Exception {
        Path bundle = create("b.bundle", null);
        Path home = dir.resolve("home");
        write(home, "notes.txt", "mine");

        assertThatThrownBy(() -> importInto(bundle, home)).isInstanceOf(BundleException.class)
                .hasMessage("--into " + home + " is neither empty nor a mirror tree (it has no index.html and no"
                        + " .pymirror/): it is not replaced");
        assertThat(contents(home)).isEqualTo(Map.of("notes.txt", "mine"));
        Files.delete(home.resolve("notes.txt"));
        importInto(bundle, home);
        assertThat(home.resolve("lib/lib-1.0-py3-none-any.whl")).exists();
    }

    @Test
    void aBundleSignedByAnotherKeyIsRefusedNamingItsFingerprint() throws Exception {
        Path bundle = create("b.bundle", null);
        TrustedKeys other = TrustedKeys.of(List.of(SigningKey.generate(dir.resolve("other"), "")));

        assertThatThrownBy(() -> new BundleImport(other, BundleImport.Listener.NONE).importInto(bundle, dir.resolve("site")))
                .isInstanceOf(BundleException.class)
                .hasMessageStartingWith(bundle + " is signed by key " + key.publicKey().fingerprint() + ", which is not trusted");
        assertThat(dir.resolve("site")).doesNotExist();
    }

    @Test
    void aTruncatedBundleIsRefusedAsTruncated() throws Exception {
        byte[] good = Files.readAllBytes(create("b.bundle", null));
        Path cut = dir.resolve("cut.bundle");
        for (int length : new int[] {0, 100, 512, 1500, good.length / 2, good.length - 1024, good.length - 1}) {
            Files.write(cut, java.util.Arrays.copyOf(good, length));
            assertThatThrownBy(() -> BundleVerifier.verify(cut, trusted)).as("cut at " + length)
                    .hasMessageContaining("truncated");
        }
        // A copy cut short after some objects: those are kept, and the whole file's import goes on from them.
        Files.write(cut, java.util.Arrays.copyOf(good, good.length - 1024 - 600));
        assertThatThrownBy(() -> importInto(cut, dir.resolve("site"))).isInstanceOf(TruncatedBundleException.class)
                .hasMessageStartingWith(cut + " is truncated: it ends inside objects/");
        assertThat(dir.resolve("site")).doesNotExist();
        ImportReport r = importInto(dir.resolve("b.bundle"), dir.resolve("site"));
        assertThat(r.resumed()).isEqualTo(4);
        assertThat(r.extracted()).isEqualTo(1);
    }

    @Test
    void anIncrementalBundleCarriesOnlyWhatIsNewAndNeedsItsBase() throws Exception {
        Path full = create("full.bundle", null);
        write(tree, "new/new-2.0-py3-none-any.whl", "wheel two");
        write(tree, "lib/index.html", "<a href=\"lib-1.0-py3-none-any.whl\">lib</a> changed");
        Files.delete(tree.resolve("copy/lib-1.0-py3-none-any.whl"));
        Path delta = create("delta.bundle", full);
        Path site = dir.resolve("site");

        assertThatThrownBy(() -> importInto(delta, site)).isInstanceOf(BundleException.class)
                .hasMessageStartingWith(delta + " is an incremental bundle over manifest ")
                .hasMessageEndingWith(" holds no imported bundle: import the bundle it follows first");
        importInto(full, site);
        // The imported tree's record names the same base as the bundle it came from.
        assertThat(Files.readAllBytes(create("delta2.bundle", BundleImport.recordedManifest(site))))
                .isEqualTo(Files.readAllBytes(delta));
        ImportReport r = importInto(delta, site);

        assertThat(r.extracted()).isEqualTo(2);
        assertThat(r.fromBase()).isEqualTo(4);
        Map<String, String> got = contents(site);
        got.keySet().removeIf(p -> p.startsWith(".pymirror/bundle/"));
        assertThat(got).isEqualTo(expected(tree));
        try (BundleReader reader = BundleReader.open(delta)) {
            assertThat(reader.manifest().objects()).hasSize(2);
            assertThat(reader.manifest().files()).hasSize(6);
        }
    }

    @Test
    void anInterruptedImportGoesOnFromTheObjectsAlreadyVerified() throws Exception {
        Path bundle = create("b.bundle", null);
        Path site = dir.resolve("site");
        write(site, "old/page.html", "the old state");
        write(site, "index.html", "old index");
        int[] seen = {0};
        BundleImport crashing = new BundleImport(trusted, sha -> {
            if (++seen[0] == 3) {
                throw new IOException("power cut");
            }
        });

        assertThatThrownBy(() -> crashing.importInto(bundle, site)).hasMessage("power cut");
        assertThat(contents(site)).isEqualTo(Map.of("old/page.html", "the old state", "index.html", "old index"));
        ImportReport r = importInto(bundle, site);

        assertThat(r.resumed()).isEqualTo(3);
        assertThat(r.extracted()).isEqualTo(2);
        assertThat(contents(site)).doesNotContainKey("old/page.html").containsKey("lib/lib-1.0-py3-none-any.whl");
    }

    @Test
    void aCrashBetweenTheTwoRenamesOfTheSwapLeavesTheOldTreeBackAtTheNextImport() throws Exception {
        Path site = dir.resolve("site");
        Path retired = dir.resolve(".site.~bundle-retired");
        write(retired, "old/page.html", "the old state");
        write(retired, "index.html", "old index");
        Files.writeString(dir.resolve("other.bundle"), "not a bundle");

        assertThatThrownBy(() -> importInto(dir.resolve("other.bundle"), site)).isInstanceOf(BundleException.class);

        assertThat(contents(site)).isEqualTo(Map.of("old/page.html", "the old state", "index.html", "old index"));
        assertThat(retired).doesNotExist();
    }

    @Test
    void entriesThatAreLinksOrPathsOutOfTheTreeAreRefused() throws Exception {
        Manifest manifest = Manifest.of(null, List.of(new BundleFile("a", 1, sha("x"))), java.util.Set.of());
        for (byte type : new byte[] {'2', '1', '5'}) {
            Path b = forged(manifest, "objects/" + sha("x"), type, "x");
            assertThatThrownBy(() -> importInto(b, dir.resolve("site")))
                    .hasMessageContaining("entry 'objects/" + sha("x") + "' at byte 2048 is a")
                    .hasMessageEndingWith("; a bundle holds regular files only");
        }
        Path traversal = forged(manifest, "../../etc/cron.d/evil", (byte) '0', "x");
        assertThatThrownBy(() -> importInto(traversal, dir.resolve("site")))
                .hasMessageContaining("entry '../../etc/cron.d/evil' at byte 2048 is not a bundle entry");
        Manifest escaping = new Manifest(null, List.of(new BundleFile("../evil", 1, sha("x"))), List.of(sha("x")));
        Path signedEscape = forged(escaping, "objects/" + sha("x"), (byte) '0', "x");
        assertThatThrownBy(() -> importInto(signedEscape, dir.resolve("site")))
                .hasMessageContaining("names a path with an empty, '.' or '..' segment: '../evil'");
        assertThat(dir.resolve("evil")).doesNotExist();
        assertThat(dir.resolve("site")).doesNotExist();
    }

    @Test
    void aTreeWithASymbolicLinkIsNotBundled() throws Exception {
        Files.createSymbolicLink(tree.resolve("lib/link.whl"), Path.of("/etc/passwd"));

        assertThatThrownBy(() -> create("b.bundle", null)).isInstanceOf(BundleException.class)
                .hasMessage(tree.resolve("lib/link.whl") + " is a symbolic link; a bundle carries regular files only");
        assertThat(dir.resolve("b.bundle")).doesNotExist();
    }

    /** A bundle signed with the test's key whose one object entry has the given name and type. */
    Path forged(Manifest manifest, String entry, byte type, String content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] m = manifest.toBytes();
        append(out, TarHeader.of(BundleReader.MANIFEST, m.length), m);
        byte[] sig = ManifestSignature.sign(key, m).toBytes();
        append(out, TarHeader.of(BundleReader.SIGNATURE, sig.length), sig);
        byte[] header = TarHeader.of("x", content.length());
        java.util.Arrays.fill(header, 0, 100, (byte) 0);
        byte[] name = entry.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, header, 0, name.length);
        header[156] = type;
        java.util.Arrays.fill(header, 148, 156, (byte) ' ');
        int sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        byte[] checksum = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(checksum, 0, header, 148, 8);
        append(out, header, content.getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[1024]);
        Path file = dir.resolve("forged-" + System.nanoTime() + ".bundle");
        Files.write(file, out.toByteArray());
        return file;
    }

    static void append(ByteArrayOutputStream out, byte[] header, byte[] content) {
        out.writeBytes(header);
        out.writeBytes(content);
        out.writeBytes(new byte[TarHeader.padding(content.length)]);
    }

    static String sha(String content) {
        return HexFormat.of().formatHex(Sha256.newDigest().digest(content.getBytes(StandardCharsets.US_ASCII)));
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
