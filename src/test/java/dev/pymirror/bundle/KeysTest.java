package dev.pymirror.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysTest {

    @TempDir
    Path dir;

    @Test
    void keygenWritesAnOwnerOnlyPrivateKeyAndAPublicLineThatVerifiesItsSignatures() throws Exception {
        PublicKeyText pub = SigningKey.generate(dir.resolve("keys"), "site A");

        Path privateFile = dir.resolve("keys").resolve(SigningKey.PRIVATE_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateFile))).isEqualTo("rw-------");
        String line = Files.readString(dir.resolve("keys").resolve(SigningKey.PUBLIC_FILE)).strip();
        assertThat(line).startsWith("pymirror-ed25519 ").endsWith(" site A");
        assertThat(PublicKeyText.parse(line)).isEqualTo(pub);

        SigningKey key = SigningKey.read(privateFile);
        assertThat(key.publicKey()).isEqualTo(pub);
        byte[] manifest = "{}".getBytes(StandardCharsets.UTF_8);
        ManifestSignature sig = ManifestSignature.sign(key, manifest);
        assertThat(sig.check(manifest, TrustedKeys.of(List.of(pub)), "b").fingerprint()).isEqualTo(pub.fingerprint());
        assertThat(ManifestSignature.parse(sig.toBytes(), "b").fingerprint()).isEqualTo(pub.fingerprint());
    }

    @Test
    void anExistingKeyIsNeverReplaced() throws Exception {
        SigningKey.generate(dir, "");
        byte[] before = Files.readAllBytes(dir.resolve(SigningKey.PRIVATE_FILE));

        assertThatThrownBy(() -> SigningKey.generate(dir, "")).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readAllBytes(dir.resolve(SigningKey.PRIVATE_FILE))).isEqualTo(before);
    }

    @Test
    void anotherKeysSignatureIsRefusedNamingItsFingerprint() throws Exception {
        SigningKey.generate(dir.resolve("a"), "");
        PublicKeyText other = SigningKey.generate(dir.resolve("b"), "");
        SigningKey a = SigningKey.read(dir.resolve("a").resolve(SigningKey.PRIVATE_FILE));
        byte[] manifest = "{}".getBytes(StandardCharsets.UTF_8);
        ManifestSignature sig = ManifestSignature.sign(a, manifest);

        assertThatThrownBy(() -> sig.check(manifest, TrustedKeys.of(List.of(other)), "x.bundle"))
                .isInstanceOf(BundleException.class)
                .hasMessage("x.bundle is signed by key " + a.publicKey().fingerprint() + ", which is not trusted (trusted: "
                        + other.fingerprint() + ")");
    }

    @Test
    void alteredBytesDoNotMatchTheSignature() throws Exception {
        PublicKeyText pub = SigningKey.generate(dir, "");
        SigningKey key = SigningKey.read(dir.resolve(SigningKey.PRIVATE_FILE));
        ManifestSignature sig = ManifestSignature.sign(key, "{\"a\":1}".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> sig.check("{\"a\":2}".getBytes(StandardCharsets.UTF_8), TrustedKeys.of(List.of(pub)),
                "x.bundle")).hasMessageStartingWith("x.bundle: manifest.json does not match its signature by "
                        + pub.fingerprint());
    }

    @Test
    void trustTakesKeyFilesWithCommentsAndKeyLinesAndNamesABadLine() throws Exception {
        PublicKeyText pub = SigningKey.generate(dir, "");
        Path file = Files.writeString(dir.resolve("trusted"), "# site keys\n\n" + pub.line() + "\n");

        assertThat(TrustedKeys.read(List.of(file.toString())).byFingerprint(pub.fingerprint())).isEqualTo(pub);
        assertThat(TrustedKeys.read(List.of(pub.line())).byFingerprint(pub.fingerprint())).isEqualTo(pub);
        Path bad = Files.writeString(dir.resolve("bad"), pub.line() + "\npymirror-ed25519 AAAA\n");
        assertThatThrownBy(() -> TrustedKeys.read(List.of(bad.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(bad + " line 2: the key has 3 bytes; an Ed25519 key has 32");
        assertThatThrownBy(() -> SigningKey.read(file)).hasMessageContaining("is not a private key file");
    }
}
